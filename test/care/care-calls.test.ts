import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

/**
 * Issue 24, item 2: care plans per segment (and per customer) open care calls on schedule with the
 * test clock, each a work item with a clock; an outcome schedules the next call; a raised issue
 * opens a feedback item linked to the call; two runs of the job never open two calls.
 */
const PLAN = 'api::care-plan.care-plan';
const CALL = 'api::care-call.care-call';
const JOB = 'care.generate-calls';

let strapi: Core.Strapi;
let agent: AdminSession;
let manager: AdminSession;
let engineer: AdminSession;
let admin: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (s: AdminSession) => ({ Authorization: `Bearer ${s.token}` });
const plugin = (name: string) => strapi.plugin('after-sales').service(name) as any;
/** 09:00 on a day in Shanghai. */
const shanghai = (day: string) => new Date(`${day}T01:00:00Z`);
/** One run of the job, as a timer tick would run it (its lease released first, as when its interval has passed). */
const runJob = async () => {
  await strapi.db.connection('after_sales_job_claims').where({ job: JOB }).update({ lease_until: 0 });
  return plugin('jobs').tick(JOB);
};
const openCalls = (customer: string) => strapi.db.query(CALL).findMany({ where: { state: 'due', customer: { documentId: customer } }, populate: ['carePlan', 'assignee'] });

let keyCustomer: string;
let otherKeyCustomer: string;
let regularCustomer: string;
let ownPlanCustomer: string;

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  admin = await createAdmin(strapi, 'super-admin');
  keyCustomer = (await createCustomer(strapi, { name: '重点客户甲', company: '甲公司', segment: 'key', phone: '+86 138 0013 8001', email: 'a@example.cn' })).documentId;
  otherKeyCustomer = (await createCustomer(strapi, { name: '重点客户乙', segment: 'key', phone: '+86 138 0013 8002', email: 'b@example.cn' })).documentId;
  regularCustomer = (await createCustomer(strapi, { name: '普通客户', segment: 'regular', phone: '+86 138 0013 8003', email: 'c@example.cn' })).documentId;
  ownPlanCustomer = (await createCustomer(strapi, { name: '专属客户', segment: 'key', phone: '+86 138 0013 8004', email: 'd@example.cn' })).documentId;
  void departments;
});
afterAll(async () => {
  strapi?.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
});

describe('a manager sets up the care plan in the Content Manager', () => {
  it('refuses a plan with neither a segment nor a customer, or a bad interval, naming the fields', async () => {
    const res = await http().post(`/content-manager/collection-types/${PLAN}`).set(as(manager)).send({ name: '坏计划', every: 0, unit: 'months' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['data.every', 'data.segment']);
    expect(await strapi.db.query(PLAN).count({})).toBe(0);
  });

  it('"call every key customer once a month", and one customer on a fortnightly plan of their own', async () => {
    const res = await http()
      .post(`/content-manager/collection-types/${PLAN}`)
      .set(as(manager))
      .send({ name: '重点客户月度关怀', segment: 'key', every: 1, unit: 'months', channel: 'phone', retryAfterDays: 2, assignee: { connect: [{ id: agent.id }] } });
    expect(res.status).toBe(201);
    const own = await http()
      .post(`/content-manager/collection-types/${PLAN}`)
      .set(as(manager))
      .send({ name: '专属双周关怀', customer: { connect: [{ documentId: ownPlanCustomer }] }, every: 2, unit: 'weeks', channel: 'wechat' });
    expect(own.status).toBe(201);
    // Taking the customer off a plan that has no segment leaves it for nobody: refused, naming the field.
    const edited = await http()
      .put(`/content-manager/collection-types/${PLAN}/${own.body.data.documentId}`)
      .set(as(manager))
      .send({ customer: { connect: [], disconnect: [{ documentId: ownPlanCustomer }] } });
    expect(edited.status).toBe(400);
    expect(edited.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['data.segment']);
    const renamed = await http().put(`/content-manager/collection-types/${PLAN}/${own.body.data.documentId}`).set(as(manager)).send({ name: '专属双周关怀', retryAfterDays: 2 });
    expect(renamed.status).toBe(200);
    // An agent reads plans, does not write them.
    expect((await http().post(`/content-manager/collection-types/${PLAN}`).set(as(agent)).send({ name: 'x', segment: 'key', every: 1, unit: 'months' })).status).toBe(403);
  });
});

describe('the job opens due calls on schedule', () => {
  it('opens one call per key customer on the first run, none for regular customers, and none again on a second run', async () => {
    plugin('clock').set(shanghai('2026-03-02'));
    expect(await runJob()).toEqual({ ran: true, result: { today: '2026-03-02', opened: 3, skipped: 0, withdrawn: {} } });
    expect(await runJob()).toEqual({ ran: true, result: { today: '2026-03-02', opened: 0, skipped: 0, withdrawn: {} } });
    const key = await openCalls(keyCustomer);
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({ dueOn: '2026-03-02', channel: 'phone', state: 'due', reference: expect.stringMatching(/^CC-20260302-\d{4}$/) });
    expect(key[0].assignee.id).toBe(agent.id);
    // A task with a clock: the SLA's callBy, two business days.
    expect(key[0].callBy).toBeTruthy();
    const clocks = await plugin('item-kinds').list();
    expect(clocks.map((k: any) => k.id)).toContain('care-call');
    expect(await openCalls(regularCustomer)).toHaveLength(0);
    const own = await openCalls(ownPlanCustomer);
    expect(own.map((c: any) => [c.carePlan.name, c.channel])).toEqual([['专属双周关怀', 'wechat']]);
  });

  it('two runs at once open one call per customer and plan', async () => {
    // The key customer's call is taken away, so that both runs find it due.
    const [call] = await openCalls(keyCustomer);
    await strapi.db.query(CALL).delete({ where: { id: call.id } });
    // The job's lease keeps two instances' ticks apart; "open due calls now" (the manager's button) does not.
    const now = () => http().post('/after-sales/care/calls/generate').set(as(manager));
    const [first, second] = await Promise.all([now(), now()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.data.opened + second.body.data.opened).toBe(1);
    expect(await openCalls(keyCustomer)).toHaveLength(1);
  });

  it('switched off in the settings, the job opens nothing', async () => {
    const off = await http()
      .put('/after-sales/extensions/after-sales.care/configuration')
      .set(as(manager))
      .send({ data: { generateCalls: false, intervalMinutes: 60 } });
    expect(off.status).toBe(200);
    await strapi.db.query(CALL).deleteMany({ where: { customer: { documentId: otherKeyCustomer } } });
    expect((await runJob()).result).toEqual({ skipped: 'switched off' });
    expect(await openCalls(otherKeyCustomer)).toHaveLength(0);
    await http()
      .put('/after-sales/extensions/after-sales.care/configuration')
      .set(as(manager))
      .send({ data: { generateCalls: true, intervalMinutes: 60 } });
    expect((await runJob()).result).toMatchObject({ opened: 1 });
  });
});

describe('the agent works the queue', () => {
  it('lists due calls by due day with contact data masked for an agent, and refuses staff without the permission', async () => {
    const res = await http().get('/after-sales/care/calls').set(as(agent));
    expect(res.status).toBe(200);
    const rows = res.body.data as any[];
    expect(rows.length).toBe(3);
    expect(rows.map((r) => r.dueOn)).toEqual([...rows.map((r) => r.dueOn)].sort());
    const row = rows.find((r) => r.customer.documentId === keyCustomer);
    expect(row.customer.name).toBe('重点客户甲');
    expect(row.customer.phone).not.toContain('0013 8001');
    expect(row.customer.phone).toMatch(/\*/);
    expect((await http().get('/after-sales/care/calls').set(as(engineer))).status).toBe(403);
  });

  it('not reached: the next try after the plan’s retry days; reached: a month later; the job opens each when due', async () => {
    const [call] = await openCalls(keyCustomer);
    plugin('clock').set(shanghai('2026-03-03'));
    const bad = await http()
      .post(`/after-sales/care/calls/${call.documentId}/outcome`)
      .set(as(agent))
      .send({ data: { outcome: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['data', 'outcome']);

    const res = await http()
      .post(`/after-sales/care/calls/${call.documentId}/outcome`)
      .set(as(agent))
      .send({ data: { outcome: 'not-reached' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'done', outcome: 'not-reached', nextCallOn: '2026-03-05' });
    expect(await openCalls(keyCustomer)).toHaveLength(0);

    plugin('clock').set(shanghai('2026-03-04'));
    expect((await runJob()).result).toMatchObject({ opened: 0 });
    plugin('clock').set(shanghai('2026-03-05'));
    expect((await runJob()).result).toMatchObject({ opened: 1 });
    const [retry] = await openCalls(keyCustomer);
    expect(retry.dueOn).toBe('2026-03-05');

    const reached = await http()
      .post(`/after-sales/care/calls/${retry.documentId}/outcome`)
      .set(as(agent))
      .send({ data: { outcome: 'reached', note: '客户一切正常' } });
    expect(reached.body.data).toMatchObject({ outcome: 'reached', nextCallOn: '2026-04-05' });
    plugin('clock').set(shanghai('2026-04-03'));
    expect((await runJob()).result).toMatchObject({ opened: 0 });
    plugin('clock').set(shanghai('2026-04-07'));
    expect((await runJob()).result).toMatchObject({ opened: 1 });
    expect((await openCalls(keyCustomer))[0].dueOn).toBe('2026-04-05');
    // Logged twice: the second is refused by the workflow (the call is done).
    expect(
      (
        await http()
          .post(`/after-sales/care/calls/${retry.documentId}/outcome`)
          .set(as(agent))
          .send({ data: { outcome: 'reached' } })
      ).status
    ).toBeGreaterThanOrEqual(400);
  });

  it('an issue raised opens a feedback item of the customer, linked to the call and audited', async () => {
    const [call] = await openCalls(keyCustomer);
    const missing = await http()
      .post(`/after-sales/care/calls/${call.documentId}/outcome`)
      .set(as(agent))
      .send({ data: { outcome: 'issue-raised' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain('data.outcomeNote');

    const res = await http()
      .post(`/after-sales/care/calls/${call.documentId}/outcome`)
      .set(as(agent))
      .send({ data: { outcome: 'issue-raised', note: '净化器滤网报警灯一直亮' } });
    expect(res.status).toBe(200);
    expect(res.body.data.feedback.reference).toMatch(/^FB-/);
    const feedback = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: res.body.data.feedback.documentId }, populate: ['customer', 'owner'] });
    expect(feedback).toMatchObject({ symptom: '净化器滤网报警灯一直亮', channel: 'hotline' });
    expect(feedback.customer.documentId).toBe(keyCustomer);
    expect(feedback.owner.id).toBe(agent.id);
    const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: feedback.documentId }).select('action');
    expect(events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['care-call-issue']));
    const callEvents = await strapi.db.connection('after_sales_audit_events').where({ document_id: call.documentId }).select('action');
    expect(callEvents.map((e: any) => e.action)).toEqual(expect.arrayContaining(['care-call-opened', 'log-outcome']));
    expect(res.body.data.nextCallOn).toBe('2026-05-07');
  });

  it('at the end of the month the manager sees who was reached, what they said and what it led to', async () => {
    const march = await http().get('/after-sales/care/calls?state=done&month=2026-03').set(as(manager));
    expect(march.status).toBe(200);
    expect(march.body.data.map((r: any) => [r.customer.name, r.outcome, r.outcomeNote, r.nextCallOn])).toEqual([
      ['重点客户甲', 'reached', '客户一切正常', '2026-04-05'],
      ['重点客户甲', 'not-reached', null, '2026-03-05'],
    ]);
    const april = await http().get('/after-sales/care/calls?state=done&month=2026-04').set(as(manager));
    expect(april.body.data.map((r: any) => [r.outcome, r.feedback?.reference?.slice(0, 3)])).toEqual([['issue-raised', 'FB-']]);
    const bad = await http().get('/after-sales/care/calls?state=due&month=2026-4').set(as(manager));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['month']);
  });
});

describe('a call not made in time escalates like any item', () => {
  it('its clock breaches, the sweep escalates it to its assignee once, and it shows on the dashboard', async () => {
    // The other key customer's call was opened on 2 March (2 business days to call); it is now April.
    const [call] = await openCalls(otherKeyCustomer);
    expect(call.assignee.id).toBe(agent.id);
    await plugin('sla').sweep();
    expect((await plugin('sla').sweep()).steps).toBe(0);
    const timeline = await plugin('workflow').timeline(CALL, call.documentId);
    expect(timeline.filter((e: { action: string }) => e.action === 'escalate').map((e: { note: string }) => e.note.split(':')[0])).toContain('callBy breached');
    const mail = await strapi.db.connection('after_sales_outbox').where({ document_id: call.documentId }).select('recipient');
    expect(mail.map((m: { recipient: string }) => m.recipient)).toContain(agent.email);
    const dashboard = await http().get('/after-sales/dashboard').set(as(admin));
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.data.breached.find((r: { reference: string }) => r.reference === call.reference)).toMatchObject({ kind: 'care-call', clock: 'callBy', urgency: 'breached' });
    const queue = await http().get('/after-sales/care/calls').set(as(agent));
    expect(queue.body.data.find((r: { reference: string }) => r.reference === call.reference)).toMatchObject({ overdue: true });
  });
});

describe('a call whose plan no longer applies is withdrawn by the job', () => {
  const CUSTOMER = 'api::customer.customer';
  const setCustomer = (documentId: string, data: Record<string, unknown>) => strapi.db.query(CUSTOMER).update({ where: { documentId }, data });
  const callsOf = (customer: string) => strapi.db.query(CALL).findMany({ where: { customer: { documentId: customer } }, populate: ['carePlan'], orderBy: { id: 'asc' } });
  const withdrawEvent = async (documentId: string) =>
    (await plugin('workflow').timeline(CALL, documentId)).find((e: { action: string }) => e.action === 'withdraw') as { note: string; actor: { kind: string }; from: string; to: string } | undefined;

  it('the customer erased or out of the segment: withdrawn as the system, the reason audited, the clock cancelled, off the dashboard and the queue', async () => {
    const erased = (await createCustomer(strapi, { name: '将被删除的重点客户', segment: 'key', phone: '+86 138 0013 8005', email: 'e@example.cn' })).documentId;
    expect((await runJob()).result).toMatchObject({ opened: 1, withdrawn: {} });
    await setCustomer(erased, { privacyState: 'erased' });
    // The other key customer (with the breached call) leaves the segment; so does the customer on a plan of their own (their call stays).
    const [breached] = await openCalls(otherKeyCustomer);
    await setCustomer(otherKeyCustomer, { segment: 'regular', segmentManual: true });
    await setCustomer(ownPlanCustomer, { segment: 'regular', segmentManual: true });
    const [own] = await openCalls(ownPlanCustomer);
    expect(own).toBeTruthy();

    expect((await runJob()).result).toMatchObject({ opened: 0, withdrawn: { 'customer-erased': 1, 'customer-left-segment': 1 } });
    const [gone] = await callsOf(otherKeyCustomer).then((calls) => calls.filter((c: any) => c.documentId === breached.documentId));
    expect(gone).toMatchObject({ state: 'withdrawn', openKey: null, callBy: null });
    expect(await withdrawEvent(breached.documentId)).toMatchObject({ from: 'due', to: 'withdrawn', actor: { kind: 'system' }, note: expect.stringContaining('客户已不属于该计划的客户分级') });
    const [erasedCall] = await callsOf(erased);
    expect(erasedCall).toMatchObject({ state: 'withdrawn', openKey: null });
    expect((await withdrawEvent(erasedCall.documentId))!.note).toContain('customer erased');
    // The clock is cancelled: no running clock, not breached on the dashboard, not in the queue.
    const clockRows = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: CALL, document_id: breached.documentId });
    expect(clockRows.map((r: { clock: string; stopped_at: unknown }) => [r.clock, !!r.stopped_at])).toEqual([['callBy', true]]);
    const dashboard = await http().get('/after-sales/dashboard').set(as(admin));
    expect(dashboard.body.data.breached.find((r: { reference: string }) => r.reference === breached.reference)).toBeUndefined();
    const queue = await http().get('/after-sales/care/calls').set(as(agent));
    expect(queue.body.data.map((r: { reference: string }) => r.reference)).not.toContain(breached.reference);
    expect(await openCalls(ownPlanCustomer)).toHaveLength(1);
    // A second run withdraws nothing more.
    expect((await runJob()).result).toMatchObject({ withdrawn: {} });
    // Staff cannot take the system's transition.
    const byAgent = await http().post(`/after-sales/workflows/${CALL}/${own.documentId}/actions/withdraw`).set(as(agent)).send({ version: own.version, note: 'x' });
    expect(byAgent.status).toBe(403);
  });

  it('a customer’s own plan deactivated, a segment plan deleted: their open calls are withdrawn', async () => {
    plugin('clock').set(shanghai('2026-06-01'));
    expect((await runJob()).result).toMatchObject({ withdrawn: {} });
    const [own] = await openCalls(ownPlanCustomer);
    expect(own).toBeTruthy();
    const plan = own.carePlan.documentId;
    expect((await http().put(`/content-manager/collection-types/${PLAN}/${plan}`).set(as(manager)).send({ active: false })).status).toBe(200);
    expect((await runJob()).result).toMatchObject({ opened: 0, withdrawn: { 'plan-deactivated': 1 } });
    expect(await openCalls(ownPlanCustomer)).toHaveLength(0);
    expect((await withdrawEvent(own.documentId))!.note).toContain('关怀计划已停用');

    const [key] = await openCalls(keyCustomer);
    expect(key.carePlan.name).toBe('重点客户月度关怀');
    expect((await http().delete(`/content-manager/collection-types/${PLAN}/${key.carePlan.documentId}`).set(as(manager))).status).toBe(200);
    expect((await runJob()).result).toMatchObject({ opened: 0, withdrawn: { 'plan-deleted': 1 } });
    expect(await openCalls(keyCustomer)).toHaveLength(0);
    expect((await withdrawEvent(key.documentId))!.note).toContain('care plan deleted');
  });
});
