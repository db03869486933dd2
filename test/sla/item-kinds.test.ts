import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, createApiUser, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow, putImprovementPlan } from '../helpers/workflow';

/**
 * Item kinds as data: an improvement record gets SLA clocks, escalation and a place on the
 * dashboard from its extension's manifest alone (`contributes.itemKinds` and `contributes.slaPolicies`
 * of after-sales.improvement-workflow), and "overdue" means one thing — a clock row past its due
 * time — to the dashboard and to the staff lists alike.
 */
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const FEEDBACK = 'api::feedback.feedback';
let strapi: Core.Strapi;
let admin: AdminSession;
let owner: AdminSession;
let head: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const get = (session: AdminSession, path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`);
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');
const sla = () => strapi.plugin('after-sales').service('sla');

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  owner = await createAdmin(strapi, 'quality-engineer', { department: 'quality', email: 'fix-owner@test.local' });
  head = await createAdmin(strapi, 'quality-engineer', { department: 'quality', email: 'quality-head@test.local' });
  await strapi.db.query('api::department.department').update({ where: { code: 'quality' }, data: { head: head.id } });
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('the improvement record, a fourth item kind contributed by its manifest', () => {
  let record: any;

  it('is an item kind the service and the admin route list, with its clocks', async () => {
    const kinds = strapi.plugin('after-sales').service('item-kinds');
    expect(kinds.get(IMPROVEMENT)).toMatchObject({
      id: 'improvement',
      referencePrefix: 'IR',
      assigneeField: 'shortTermOwner',
      clocks: [{ field: 'planBy' }, { field: 'closeBy', stoppedBy: 'closedAt' }],
    });
    expect(kinds.get('improvement')).toBe(kinds.get(IMPROVEMENT));
    const res = await get(admin, '/after-sales/item-kinds');
    expect(res.status).toBe(200);
    expect(res.body.data.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining(['feedback', 'complaint', 'service-record', 'improvement']));
    // Its SLA policy is seeded from its own manifest, active.
    const policies = await get(admin, '/after-sales/sla/policies');
    expect(policies.body.data.find((p: { id: string }) => p.id === 'improvement.default')).toMatchObject({ workflow: 'improvement', active: true, contributedBy: 'after-sales.improvement-workflow' });
  });

  it('gets its clocks when it is created: rows only, the content type has no due-date fields', async () => {
    clock().set(shanghai('2026-03-09T09:00:00')); // a Monday
    record = await strapi.documents(IMPROVEMENT as any).create({ data: { title: 'Fan rattles at high speed', department: departments.quality.documentId, shortTermOwner: owner.id } as any });
    const rows = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: IMPROVEMENT, document_id: record.documentId }).orderBy('clock');
    expect(rows.map((r: { clock: string }) => r.clock)).toEqual(['closeBy', 'planBy']);
    const clocks = await get(admin, `/after-sales/sla/${IMPROVEMENT}/${record.documentId}`);
    // In the order the item kind declares; the plan within 5 working days: Friday 13 March 18:30.
    expect(clocks.body.data.map((c: { clock: string }) => c.clock)).toEqual(['planBy', 'closeBy']);
    expect(new Date(clocks.body.data[0].dueAt).toISOString()).toBe(shanghai('2026-03-13T18:30:00').toISOString());
    expect(clocks.body.data[0].remainingWorkingMs).toBe(40 * 3_600_000);
  });

  it('goes overdue, is escalated once to its owner and the department head, and shows on the dashboard', async () => {
    clock().set(shanghai('2026-03-13T18:00:00'));
    expect((await sla().sweep()).steps).toBe(0);
    clock().set(shanghai('2026-03-16T10:00:00'));
    expect((await sla().sweep()).steps).toBe(2);
    expect((await sla().sweep()).steps).toBe(0);
    const mail = await strapi.db.connection('after_sales_outbox').where({ document_id: record.documentId }).orderBy('id').select('template_key', 'recipient');
    expect(mail.map((m: { template_key: string; recipient: string }) => `${m.template_key}→${m.recipient}`)).toEqual([
      'escalation.breached→fix-owner@test.local',
      'escalation.breached→quality-head@test.local',
    ]);
    const escalations = (await strapi.plugin('after-sales').service('workflow').timeline(IMPROVEMENT, record.documentId)).filter((e: { action: string }) => e.action === 'escalate');
    expect(escalations.map((e: { note: string }) => e.note.split(':')[0])).toEqual(['planBy breached', 'planBy breached']);

    const dashboard = await get(admin, '/after-sales/dashboard');
    expect(dashboard.status).toBe(200);
    const row = dashboard.body.data.breached.find((r: { reference: string }) => r.reference === record.reference);
    expect(row).toMatchObject({ kind: 'improvement', contentType: IMPROVEMENT, clock: 'planBy', urgency: 'breached', escalationLevel: 'breached', summary: 'Fan rattles at high speed' });
    expect(dashboard.body.data.countsByState.map((g: { kind: string }) => g.kind)).toContain('improvement');
    const mine = await get(owner, '/after-sales/dashboard/my-overdue');
    expect(mine.body.data.map((r: { reference: string }) => r.reference)).toEqual([record.reference]);
  });

  it('proposing the plan stops the plan clock: off the overdue list', async () => {
    const wf = adminWorkflow(strapi, admin.token, IMPROVEMENT);
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await putImprovementPlan(strapi, admin.token, record.documentId, { ownerId: owner.id, dueDate: due });
    await wf.step(record.documentId, 'propose-plan', {
      data: { rootCause: 'loose bearing', shortTermFix: 'shim', shortTermOwner: owner.id, shortTermDueDate: due, longTermPlan: 'new bearing', longTermOwner: owner.id, longTermDueDate: due },
    });
    const planBy = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: IMPROVEMENT, document_id: record.documentId, clock: 'planBy' }).first();
    expect(planBy.stopped_at).not.toBeNull();
    const mine = await get(owner, '/after-sales/dashboard/my-overdue');
    expect(mine.body.data).toEqual([]);
  });
});

describe('overdue has one definition: the clock rows', () => {
  const STAFF = 'plugin::after-sales.public-api.staffList';
  let staff: Record<string, string>;
  const staffOverdue = async (value: 'true' | 'false') =>
    (await http().get('/api/after-sales/staff/feedback').query({ overdue: value, pageSize: '100' }).set(staff)).body.data.map((d: { reference: string }) => d.reference);
  const dashboardBreached = async () => (await get(admin, '/after-sales/dashboard')).body.data.breached.map((r: { reference: string }) => r.reference);
  const feedbackAt = async (at: Date, symptom: string) => {
    clock().set(at);
    const doc = await strapi
      .documents(FEEDBACK as any)
      .create({ data: { channel: 'hotline', symptom, severity: 'general', type: 'quality', department: departments['after-sales'].documentId } as any });
    return strapi.db.query(FEEDBACK).findOne({ where: { documentId: doc.documentId } });
  };
  const fields = (documentId: string, data: Record<string, unknown>) => strapi.db.query(FEEDBACK).update({ where: { documentId }, data });

  beforeAll(async () => {
    const { user, jwt } = await createApiUser(strapi, [STAFF]);
    await strapi.db.query('plugin::after-sales.staff-profile').create({ data: { user: user.id, departments: [], seesAllDepartments: true } });
    staff = { Authorization: `Bearer ${jwt}` };
  });

  it('the dashboard and the staff list agree, whatever the due-date fields on the item say', async () => {
    // Late by its clock rows, but its due-date fields were moved into the future by hand.
    const lateByRows = await feedbackAt(shanghai('2026-04-06T09:00:00'), 'late by its clocks');
    const future = shanghai('2026-05-30T09:00:00');
    await fields(lateByRows.documentId, { acknowledgeBy: future, respondBy: future, resolveBy: future });
    // On time by its clock rows, but its due-date field says long ago.
    const onTimeByRows = await feedbackAt(shanghai('2026-04-20T09:00:00'), 'on time by its clocks');
    await fields(onTimeByRows.documentId, { acknowledgeBy: shanghai('2026-01-05T09:00:00') });
    // Paused before its due time: not overdue while paused, though the due time has passed.
    const paused = await feedbackAt(shanghai('2026-04-06T09:00:00'), 'paused in time');
    await strapi.db
      .connection('after_sales_sla_clocks')
      .where({ document_id: paused.documentId })
      .update({ paused_at: strapi.db.dialect.client === 'sqlite' ? shanghai('2026-04-06T10:00:00').getTime() : shanghai('2026-04-06T10:00:00') });
    clock().set(shanghai('2026-04-20T10:00:00'));

    const overdue = await staffOverdue('true');
    const notOverdue = await staffOverdue('false');
    const breached = await dashboardBreached();
    expect(overdue).toContain(lateByRows.reference);
    expect(breached).toContain(lateByRows.reference);
    for (const reference of [onTimeByRows.reference, paused.reference]) {
      expect(overdue).not.toContain(reference);
      expect(breached).not.toContain(reference);
      expect(notOverdue).toContain(reference);
    }
    expect(notOverdue).not.toContain(lateByRows.reference);
    // The same set for every feedback: the staff list's SQL and the dashboard's rows.
    const feedbackBreached = (await get(admin, '/after-sales/dashboard')).body.data.breached.filter((r: { kind: string }) => r.kind === 'feedback').map((r: { reference: string }) => r.reference);
    expect([...overdue].sort()).toEqual([...feedbackBreached].sort());
  });
});
