import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let head: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const shanghai = (local: string) => `${local}+08:00`;

const setClock = (now: string | null) => http().put('/after-sales/test/clock').set('Authorization', `Bearer ${admin.token}`).send({ now });
const sweep = () => http().post('/after-sales/sla/sweep').set('Authorization', `Bearer ${admin.token}`);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales', email: 'assignee@test.local' });
  head = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales', email: 'head@test.local' });
  await strapi.db.query('api::department.department').update({ where: { code: 'after-sales' }, data: { head: head.id } });
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

const intakeAt = async (local: string, severity: string) => {
  expect((await setClock(shanghai(local))).status).toBe(200);
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'hotline', severity, type: 'quality', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'does not start' } });
  return strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference } });
};

const staffMail = async (documentId: string) =>
  (await strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).whereLike('template_key', 'escalation.%').orderBy('id')).map((r: any) => `${r.template_key}→${r.recipient}`);

describe('SLA due dates and escalation', () => {
  it('a new item shows its deadlines on the business calendar, over the API', async () => {
    const item = await intakeAt('2026-03-13T17:00:00', 'general'); // a Friday
    // general: acknowledge within 1 working day → Monday 17:00; "does not start" is classified urgent
    // and complex: the promise is 48 working hours → Monday 23 March 17:00.
    expect(new Date(item.acknowledgeBy).toISOString()).toBe(new Date(shanghai('2026-03-16T17:00:00')).toISOString());
    expect(new Date(item.respondBy).toISOString()).toBe(new Date(shanghai('2026-03-23T17:00:00')).toISOString());
    const clocks = await http().get(`/after-sales/sla/api::feedback.feedback/${item.documentId}`).set('Authorization', `Bearer ${admin.token}`);
    expect(clocks.body.data.map((c: { clock: string }) => c.clock)).toEqual(['acknowledgeBy', 'recordBy', 'respondBy', 'judgeBy', 'resolveBy']);
    expect(clocks.body.data[0].remainingWorkingMs).toBe(8 * 3600_000);
  });

  it('an important item breaches: the assignee and then the head are notified once each; the severity stays what the customer reported', async () => {
    const item = await intakeAt('2026-03-10T09:00:00', 'important');
    const wf = adminWorkflow(strapi, admin.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'important', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    // This test follows the resolve clock alone (the record, promise and judgement clocks escalate too; see manual-clocks.test.ts).
    await strapi.db.connection('after_sales_sla_clocks').where({ document_id: item.documentId }).whereNot({ clock: 'resolveBy' }).update({ next_escalation_at: null });
    // resolveBy: 3 working days (24 working hours) → Thu 12 Mar 18:30; at risk after 80% (19 h 12 min) → Thu 12 Mar 13:42.
    await setClock(shanghai('2026-03-12T13:00:00'));
    expect((await sweep()).body.data.steps).toBe(0);
    // The Chinese at-risk notice as edited in the template editor (its subject kept).
    const edited = await http()
      .put('/after-sales/messages/editor/templates/escalation.at-risk')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({
        data: {
          locale: 'zh-Hans',
          subject: '【即将超时】{{item.reference}}：{{sla.clockTitle}}',
          body: '{{staff.name}}：{{item.reference}} 的“{{sla.clockTitle}}”将于 {{formatDate sla.dueAt}} 到期。请今天处理（主管已编辑）',
        },
      });
    expect(edited.status).toBe(200);
    await setClock(shanghai('2026-03-12T14:00:00'));
    expect((await sweep()).body.data.steps).toBeGreaterThanOrEqual(1);
    expect(await staffMail(item.documentId)).toEqual(['escalation.at-risk→assignee@test.local']);
    expect((await sweep()).body.data.steps).toBe(0);
    // The notice is the template escalation.at-risk, in the assignee's admin language (Chinese by default).
    const atRisk = await strapi.db.connection('after_sales_outbox').where({ document_id: item.documentId, template_key: 'escalation.at-risk' }).first();
    expect(atRisk).toMatchObject({ locale: 'zh-Hans', status: 'pending', subject: `【即将超时】${item.reference}：解决期限` });
    expect(atRisk.body_text).toContain('将于 2026年3月12日');
    expect(atRisk.body_text).toContain('请今天处理（主管已编辑）');
    expect((await http().del('/after-sales/messages/editor/templates/escalation.at-risk?locale=zh-Hans').set('Authorization', `Bearer ${admin.token}`)).status).toBe(200);

    // The head reads the admin in English: the breach notice comes in English.
    await strapi.db.query('admin::user').update({ where: { email: 'head@test.local' }, data: { preferedLanguage: 'en' } });
    await setClock(shanghai('2026-03-13T10:00:00'));
    const concurrent = await Promise.all([sweep(), sweep(), sweep()]);
    expect(concurrent.reduce((sum, r) => sum + r.body.data.steps, 0)).toBe(1);
    await sweep();
    expect(await staffMail(item.documentId)).toEqual(['escalation.at-risk→assignee@test.local', 'escalation.breached→head@test.local']);
    const breached = await strapi.db.connection('after_sales_outbox').where({ document_id: item.documentId, template_key: 'escalation.breached' }).first();
    expect(breached).toMatchObject({ locale: 'en', status: 'pending' });
    expect(breached.subject).toBe(`[Overdue] ${item.reference}: Resolve by`);
    const stored = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } });
    expect(stored.severity).toBe('important');
    const escalations = (await strapi.plugin('after-sales').service('workflow').timeline('feedback', item.documentId)).filter((e: { action: string }) => e.action === 'escalate');
    expect(escalations.map((e: { note: string }) => e.note.split(':')[0])).toEqual(['resolveBy at-risk', 'resolveBy breached']);
    expect(escalations).toHaveLength(2);
    // The level reached is recorded beside the item (its escalation markers), not in its classification.
    expect(await strapi.db.connection('after_sales_escalations').where({ document_id: item.documentId }).orderBy('id').pluck('level')).toEqual(['at-risk', 'breached']);
  });

  it('waiting pauses the resolve clock; resuming extends it by the working time paused', async () => {
    const item = await intakeAt('2026-03-16T09:00:00', 'general');
    const wf = adminWorkflow(strapi, admin.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    const before = (await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } })).resolveBy;
    await setClock(shanghai('2026-03-16T10:00:00'));
    await wf.step(item.documentId, 'wait', { note: 'waiting for a spare part' });
    await setClock(shanghai('2026-03-17T10:00:00')); // one working day later
    await wf.step(item.documentId, 'resume');
    const after = (await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } })).resolveBy;
    // 5 working days from Mon 16 Mar 09:00 end Fri 20 Mar 18:30; one working day paused moves that to Mon 23 Mar 18:30.
    expect(new Date(before).toISOString()).toBe(new Date(shanghai('2026-03-20T18:30:00')).toISOString());
    expect(new Date(after).toISOString()).toBe(new Date(shanghai('2026-03-23T18:30:00')).toISOString());
  });

  it('resolution chains the callback clock: due 3 working days after resolution', async () => {
    const item = await intakeAt('2026-03-18T09:00:00', 'general');
    const wf = adminWorkflow(strapi, admin.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    await setClock(shanghai('2026-03-19T16:00:00')); // Thursday
    await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: 'done' } });
    const stored = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } });
    expect(new Date(stored.callbackBy).toISOString()).toBe(new Date(shanghai('2026-03-24T16:00:00')).toISOString());
  });

  (isPostgres() ? it : it.skip)('the sweep query is served by the due-date index (EXPLAIN)', async () => {
    const plan = await strapi.db.transaction(async ({ trx }) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const { rows } = await trx.raw('EXPLAIN SELECT * FROM after_sales_sla_clocks WHERE next_escalation_at <= now() ORDER BY next_escalation_at LIMIT 200 FOR UPDATE SKIP LOCKED');
      return rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('after_sales_sla_clocks_next_escalation_idx');
  });

  (isPostgres() ? it.skip : it)('the sweep query is served by the due-date index (EXPLAIN QUERY PLAN)', async () => {
    const plan = await strapi.db.connection.raw('EXPLAIN QUERY PLAN SELECT * FROM after_sales_sla_clocks WHERE next_escalation_at <= ? ORDER BY next_escalation_at LIMIT 200', [Date.now()]);
    expect(plan.map((r: { detail: string }) => r.detail).join('\n')).toContain('after_sales_sla_clocks_next_escalation_idx');
  });

  it('a complaint breaches its answer clock and escalates once: its department head and the after-sales head are told, the seriousness stays', async () => {
    const settings = strapi.plugin('after-sales').service('sla-settings');
    const current = await settings.getPolicy('complaint.default');
    // The built-in chain, without its at-risk warning (this test looks at the breach alone).
    expect(current.policy.escalation).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'breached', steps: ['notify-head', 'notify-after-sales-head'] })]));
    await settings.savePolicy('complaint.default', { data: { ...current.policy, escalation: current.policy.escalation.filter((rule: { level: string }) => rule.level === 'breached') } });
    try {
      await strapi.db.connection('after_sales_sla_clocks').update({ next_escalation_at: null }); // the earlier tests' items
      expect((await setClock(shanghai('2026-04-13T09:00:00'))).status).toBe(200);
      const res = await http()
        .post('/api/after-sales/intake')
        .send({ data: { kind: 'complaint', channel: 'hotline', severity: 'general', customer: { name: 'K', email: 'k@example.cn' }, symptom: 'late delivery' } });
      expect(res.status).toBe(201);
      const complaint = await strapi.db.query('api::complaint.complaint').findOne({ where: { reference: res.body.data.reference } });
      expect(complaint.seriousness).toBe('minor');
      // Minor: answer within 24 h (calendar time).
      expect(new Date(complaint.respondBy).toISOString()).toBe(new Date(shanghai('2026-04-14T09:00:00')).toISOString());
      await setClock(shanghai('2026-04-14T08:59:00'));
      expect((await sweep()).body.data.steps).toBe(0);
      await setClock(shanghai('2026-04-14T10:00:00'));
      const concurrent = await Promise.all([sweep(), sweep()]);
      expect(concurrent.reduce((sum, r) => sum + r.body.data.steps, 0)).toBe(2);
      expect((await sweep()).body.data.steps).toBe(0);
      // The complaint is in the after-sales department: its head is the after-sales head, told once.
      expect(await staffMail(complaint.documentId)).toEqual(['escalation.breached→head@test.local']);
      const stored = await strapi.db.query('api::complaint.complaint').findOne({ where: { documentId: complaint.documentId } });
      expect(stored.seriousness).toBe('minor');
      const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: complaint.documentId, action: 'escalate' }).orderBy('id');
      expect(events.map((e: any) => `${e.content_type} ${e.note}`)).toEqual([
        expect.stringMatching(/^api::complaint\.complaint respondBy breached: notified department head .+/),
        expect.stringMatching(/^api::complaint\.complaint respondBy breached: notified after-sales head .+/),
      ]);
      const row = await strapi.db.connection('after_sales_sla_clocks').where({ document_id: complaint.documentId, clock: 'respondBy' }).first();
      expect(row.next_escalation_at).toBeNull();
    } finally {
      await settings.savePolicy('complaint.default', { data: current.policy });
    }
  });

  it('a service record is due for archiving 5 working days after the technician returns (001 二.5(4)), over the Labour Day holidays', async () => {
    await setClock(shanghai('2026-04-29T15:00:00')); // Wednesday before the Labour Day holidays
    const sr = await strapi.documents('api::service-record.service-record').create({ data: { kind: 'onsite-repair', department: departments['after-sales'].documentId } as any });
    const wf = adminWorkflow(strapi, admin.token, 'api::service-record.service-record');
    await wf.step(sr.documentId, 'start');
    expect((await http().get(`/after-sales/sla/api::service-record.service-record/${sr.documentId}`).set('Authorization', `Bearer ${admin.token}`)).body.data).toEqual([]);
    await wf.step(sr.documentId, 'complete', { data: { findings: 'worn belt', result: 'belt replaced' } });
    const stored = await strapi.db.query('api::service-record.service-record').findOne({ where: { documentId: sr.documentId } });
    expect(new Date(stored.returnedAt).toISOString()).toBe(new Date(shanghai('2026-04-29T15:00:00')).toISOString());
    // 3.5 h on Wed 29 Apr, 8 h on Thu 30 Apr, the holidays 1–5 May, 8 h on 6, 7 and 8 May, 4.5 h on the make-up Saturday 9 May.
    expect(new Date(stored.archiveBy).toISOString()).toBe(new Date(shanghai('2026-05-09T15:00:00')).toISOString());
    await setClock(shanghai('2026-05-11T15:00:00'));
    const clocks = await http().get(`/after-sales/sla/api::service-record.service-record/${sr.documentId}`).set('Authorization', `Bearer ${admin.token}`);
    expect(clocks.body.data).toEqual([
      expect.objectContaining({
        clock: 'archiveBy',
        dueAt: new Date(shanghai('2026-05-09T15:00:00')).toISOString(),
        paused: false,
        breached: true,
        measure: 'business',
        remainingWorkingMs: -8 * 3600_000,
      }),
    ]);
  });

  it('the test routes refuse other admins and bad input', async () => {
    expect((await http().put('/after-sales/test/clock').set('Authorization', `Bearer ${agent.token}`).send({ now: null })).status).toBe(403);
    expect((await setClock('yesterday')).status).toBe(400);
    expect((await setClock(null)).body.data.frozen).toBe(false);
  });
});
