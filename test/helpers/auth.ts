import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { DEMO_ROLES, ensureAdminRole } from '../../src/seed/admin-roles';

export const TEST_PASSWORD = 'Test1234!';
let counter = 0;

export interface AdminSession {
  id: number;
  email: string;
  token: string;
}

/** The demo admin role with this code (created with its permissions if missing). */
export const ensureDemoRole = async (strapi: Core.Strapi, code: string): Promise<number> => {
  const role = DEMO_ROLES.find((r) => r.code === code);
  if (!role) throw new Error(`No demo role ${code}`);
  return ensureAdminRole(strapi, role);
};

export const loginAdmin = async (strapi: Core.Strapi, email: string, password = TEST_PASSWORD): Promise<string> => {
  const res = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`admin login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token;
};

/** An active admin user holding one role ('super-admin' or a demo role code), logged in. */
export const createAdmin = async (strapi: Core.Strapi, roleCode: string, options: { department?: string; email?: string } = {}): Promise<AdminSession> => {
  const roleId = roleCode === 'super-admin' ? (await (strapi.service('admin::role') as any).getSuperAdmin()).id : await ensureDemoRole(strapi, roleCode);
  counter += 1;
  const email = options.email ?? `${roleCode}-${counter}-${Date.now()}@test.local`;
  const user = await (strapi.service('admin::user') as any).create({
    email,
    firstname: roleCode,
    lastname: `Tester${counter}`,
    password: TEST_PASSWORD,
    isActive: true,
    roles: [roleId],
  });
  if (options.department) {
    const department = await strapi.db.query('api::department.department').findOne({ where: { code: options.department }, populate: ['members'] });
    if (!department) throw new Error(`No department ${options.department}`);
    await strapi.db.query('api::department.department').update({
      where: { id: department.id },
      data: { members: [...department.members.map((m: { id: number }) => m.id), user.id] },
    });
  }
  return { id: user.id, email, token: await loginAdmin(strapi, email) };
};

/** Grants content-API actions (e.g. 'api::feedback.feedback.find') to a users-permissions role. */
export const grantApiActions = async (strapi: Core.Strapi, roleType: string, actions: string[]) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  for (const action of actions) {
    const exists = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
    if (!exists) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return role;
};

/** Creates a users-permissions role with these actions and a confirmed user in it; returns its JWT. */
export const createApiUser = async (strapi: Core.Strapi, actions: string[], roleName = `role-${Date.now()}-${++counter}`) => {
  const role = await strapi.db.query('plugin::users-permissions.role').create({
    data: { name: roleName, description: 'test role', type: roleName },
  });
  await grantApiActions(strapi, roleName, actions);
  const user = await strapi.db.query('plugin::users-permissions.user').create({
    data: {
      username: `${roleName}-user`,
      email: `${roleName}@test.local`,
      provider: 'local',
      password: TEST_PASSWORD,
      confirmed: true,
      blocked: false,
      role: role.id,
    },
  });
  const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
  return { user, role, jwt };
};

export const crudActions = (uid: string, actions = ['find', 'findOne', 'create', 'update', 'delete']) => actions.map((a) => `${uid}.${a}`);

/**
 * The improvement loop's people: an after-sales agent and manager, and the three heads who approve a plan
 * (product, technical, quality), each made head of their department. Needs the departments (ensureDepartments).
 */
export const createImprovementTeam = async (strapi: Core.Strapi) => {
  const team = {
    agent: await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' }),
    engineer: await createAdmin(strapi, 'technical-engineer', { department: 'technical' }),
    productHead: await createAdmin(strapi, 'knowledge-editor', { department: 'product' }),
    qualityHead: await createAdmin(strapi, 'quality-engineer', { department: 'quality' }),
    manager: await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' }),
  };
  for (const [code, head] of [
    ['product', team.productHead],
    ['technical', team.engineer],
    ['quality', team.qualityHead],
  ] as const) {
    await strapi.db.query('api::department.department').update({ where: { code }, data: { head: head.id } });
  }
  return team;
};
