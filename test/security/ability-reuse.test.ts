import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, ensureDemoRole, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

/**
 * The admin user's permission ability is reused between requests while it would be built the same
 * (services/admin-ability.ts): the same ability for the same rows, and every change of the rows (through the admin's
 * roles screen, or written by another instance straight into the database) or of the user's roles applies to the very
 * next request.
 */
let strapi: Core.Strapi;
let agent: AdminSession;
let admin: AdminSession;
let agentRoleId: number;
const http = () => request(strapi.server.httpServer);
const FEEDBACK = 'api::feedback.feedback';
const READ = 'plugin::content-manager.explorer.read';
const list = (session: AdminSession) => http().get(`/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=10`).set('Authorization', `Bearer ${session.token}`);
/** The user as Strapi's admin authentication loads it for each request. */
const userAsAuthenticated = (id: number) => strapi.db.query('admin::user').findOne({ where: { id }, populate: ['roles'] });
const engine = () => (strapi.service('admin::permission') as any).engine;
const rulesOf = (ability: any) => JSON.parse(JSON.stringify(ability.rules));

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_SCHEDULER: 'off' } });
  await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  admin = await createAdmin(strapi, 'super-admin');
  agentRoleId = await ensureDemoRole(strapi, 'after-sales-agent');
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_DISPATCHER', 'AFTER_SALES_SCHEDULER']) delete process.env[key];
});

describe("an admin user's permission ability", () => {
  it('is built once for the same rows and roles, with the rules Strapi builds from those rows', async () => {
    const user = await userAsAuthenticated(agent.id);
    const first = await engine().generateUserAbility(user);
    const again = await engine().generateUserAbility(await userAsAuthenticated(agent.id));
    expect(again).toBe(first);
    const permissions = await (strapi.service('admin::permission') as any).findUserPermissions(user);
    const built = await engine().generateTokenAbility(permissions, await userAsAuthenticated(agent.id));
    expect(built).not.toBe(first);
    expect(rulesOf(first)).toEqual(rulesOf(built));
    // The department condition is in the rules as Strapi puts it (the agent reads the feedback of their departments).
    expect(JSON.stringify(rulesOf(first))).toContain('department.members.id');
  });

  it("follows a change of the role's permissions made on the roles screen at the next request, both ways", async () => {
    expect((await list(agent)).status).toBe(200);
    const asAdmin = { Authorization: `Bearer ${admin.token}` };
    const current = await http().get(`/admin/roles/${agentRoleId}/permissions`).set(asAdmin);
    expect(current.status).toBe(200);
    const keep = (current.body.data as any[]).map(({ action, subject, properties, conditions }) => ({ action, subject, properties, conditions }));
    const withoutRead = keep.filter((p) => !(p.action === READ && p.subject === FEEDBACK));
    expect(withoutRead.length).toBe(keep.length - 1);
    expect((await http().put(`/admin/roles/${agentRoleId}/permissions`).set(asAdmin).send({ permissions: withoutRead })).status).toBe(200);
    expect((await list(agent)).status).toBe(403);
    expect((await http().put(`/admin/roles/${agentRoleId}/permissions`).set(asAdmin).send({ permissions: keep })).status).toBe(200);
    expect((await list(agent)).status).toBe(200);
  });

  it('follows rows changed in the database by another instance (nothing in this process is told)', async () => {
    expect((await list(agent)).status).toBe(200);
    const knex = strapi.db.connection;
    const read = await knex('admin_permissions as p')
      .join('admin_permissions_role_lnk as l', 'l.permission_id', 'p.id')
      .where('l.role_id', agentRoleId)
      .where('p.action', READ)
      .where('p.subject', FEEDBACK)
      .first('p.id', 'p.conditions');
    expect(read).toBeTruthy();
    // The condition taken away: the agent now reads every department's feedback, then their own again.
    await knex('admin_permissions')
      .where('id', read.id)
      .update({ conditions: JSON.stringify([]) });
    const all = rulesOf(await engine().generateUserAbility(await userAsAuthenticated(agent.id)));
    expect(JSON.stringify(all.filter((r: any) => r.action === READ && r.subject === FEEDBACK))).not.toContain('department.members.id');
    await knex('admin_permissions').where('id', read.id).update({ conditions: read.conditions });
    const own = rulesOf(await engine().generateUserAbility(await userAsAuthenticated(agent.id)));
    expect(JSON.stringify(own.filter((r: any) => r.action === READ && r.subject === FEEDBACK))).toContain('department.members.id');
    // The link removed, as a role edit on another instance would: refused at the next request.
    await knex('admin_permissions_role_lnk').where({ permission_id: read.id, role_id: agentRoleId }).del();
    expect((await list(agent)).status).toBe(403);
    await knex('admin_permissions_role_lnk').insert({ permission_id: read.id, role_id: agentRoleId, permission_ord: 1 });
    expect((await list(agent)).status).toBe(200);
  });

  it("follows a change of the user's roles at the next request", async () => {
    expect((await list(agent)).status).toBe(200);
    const asAdmin = { Authorization: `Bearer ${admin.token}` };
    // A role made on the roles screen, with no permission yet.
    const made = await http()
      .post('/admin/roles')
      .set(asAdmin)
      .send({ name: `Visitors ${Date.now()}`, description: 'no permissions' });
    expect(made.status).toBe(201);
    expect(
      (
        await http()
          .put(`/admin/users/${agent.id}`)
          .set(asAdmin)
          .send({ roles: [made.body.data.id] })
      ).status
    ).toBe(200);
    expect((await list(agent)).status).toBe(403);
    expect(
      (
        await http()
          .put(`/admin/users/${agent.id}`)
          .set(asAdmin)
          .send({ roles: [agentRoleId] })
      ).status
    ).toBe(200);
    expect((await list(agent)).status).toBe(200);
  });
});
