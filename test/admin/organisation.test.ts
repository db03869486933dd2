import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let engineer: AdminSession;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_WEBHOOK_SECRET: 'org-test', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer');
});
afterAll(async () => {
  await stopStrapi(strapi);
  delete process.env.AFTER_SALES_WEBHOOK_SECRET;
});

describe('departments and channels settings', () => {
  it('shows each department with its head and members and their roles, and each channel’s status', async () => {
    const res = await http().get('/after-sales/organisation').set('Authorization', `Bearer ${manager.token}`);
    expect(res.status).toBe(200);
    const afterSales = res.body.data.departments.find((d: { code: string }) => d.code === 'after-sales');
    expect(afterSales.members.map((m: { id: number }) => m.id).sort()).toEqual([manager.id, agent.id].sort());
    expect(afterSales.members.find((m: { id: number }) => m.id === agent.id).roles.map((r: { code: string }) => r.code)).toContain('after-sales-agent');
    expect(res.body.data.users.map((u: { id: number }) => u.id)).toEqual(expect.arrayContaining([manager.id, agent.id, engineer.id]));
    const status = Object.fromEntries(res.body.data.channels.map((c: { id: string; status: string }) => [c.id, c.status]));
    // wecom: contributed by the example extension ./extensions/wecom-notify (its robot URL is each message's recipient).
    expect(status).toEqual({ email: 'not-configured', webhook: 'configured', sms: 'not-configured', wecom: 'configured' });
  });

  it('sets the head and the members; unknown users are refused naming the field', async () => {
    const saved = await http()
      .put('/after-sales/organisation/departments/technical')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ data: { head: engineer.id, members: [engineer.id] } });
    expect(saved.status).toBe(200);
    expect(saved.body.data.head.id).toBe(engineer.id);
    const stored = await strapi.db.query('api::department.department').findOne({ where: { code: 'technical' }, populate: ['head', 'members'] });
    expect(stored.head.id).toBe(engineer.id);
    expect(stored.members.map((m: { id: number }) => m.id)).toEqual([engineer.id]);

    const bad = await http()
      .put('/after-sales/organisation/departments/technical')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ data: { head: 999999, members: [engineer.id, 'x'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.members.1']);
    const unknown = await http()
      .put('/after-sales/organisation/departments/technical')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ data: { head: 999999, members: [] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['data', 'head']);
    expect((await strapi.db.query('api::department.department').findOne({ where: { code: 'technical' }, populate: ['head'] })).head.id).toBe(engineer.id);
    expect(
      (
        await http()
          .put('/after-sales/organisation/departments/nowhere')
          .set('Authorization', `Bearer ${manager.token}`)
          .send({ data: { head: null, members: [] } })
      ).status
    ).toBe(404);
  });

  it('needs the "Manage departments" permission', async () => {
    expect((await http().get('/after-sales/organisation').set('Authorization', `Bearer ${agent.token}`)).status).toBe(403);
    expect(
      (
        await http()
          .put('/after-sales/organisation/departments/technical')
          .set('Authorization', `Bearer ${agent.token}`)
          .send({ data: { head: null, members: [] } })
      ).status
    ).toBe(403);
  });
});
