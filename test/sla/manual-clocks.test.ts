import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * The built-in feedback clocks as the manual defines them (004 二(一)–(五)), on a real Strapi with
 * the test clock: the promise in working hours (24 h general, 48 h complex) stopped by something the
 * customer receives, the record-complete check, the judgement, the root cause from the moment R&D
 * is needed, the callback stopped by a logged call, and an unanswered survey turned into a phone
 * callback, without escalation touching the severity.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const FEEDBACK = 'api::feedback.feedback';
const http = () => request(strapi.server.httpServer);
const shanghai = (local: string) => `${local}+08:00`;
const at = (local: string) => new Date(shanghai(local)).toISOString();
const setClock = (now: string | null) => http().put('/after-sales/test/clock').set('Authorization', `Bearer ${admin.token}`).send({ now });
const sweep = () => http().post('/after-sales/sla/sweep').set('Authorization', `Bearer ${admin.token}`);
const wf = () => adminWorkflow(strapi, admin.token, FEEDBACK);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales', email: 'clock-agent@test.local' });
  await strapi.documents('api::product.product').create({ data: { modelCode: 'CLK-100', name: 'Clock printer' } as any });
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

/** A feedback through the public intake at a local Shanghai time; `data` adds to a plain, unclassifiable report. */
const intakeAt = async (local: string, data: Record<string, unknown> = {}) => {
  expect((await setClock(shanghai(local))).status).toBe(200);
  const res = await http()
    .post('/api/after-sales/intake')
    .send({
      data: { kind: 'feedback', channel: 'hotline', severity: 'general', type: 'quality', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'The paper tray rattles a little', ...data },
    });
  expect(res.status).toBe(201);
  return strapi.db.query(FEEDBACK).findOne({ where: { reference: res.body.data.reference } });
};
const clockRow = async (documentId: string, clock: string) => strapi.db.connection('after_sales_sla_clocks').where({ content_type: FEEDBACK, document_id: documentId, clock }).first();
/** A stored instant (a Date, epoch ms as number or text, or ISO text) as ISO text. */
const time = (value: unknown) => (value === null || value === undefined ? null : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string)).toISOString());
const due = (row: { due_at: unknown } | undefined) => (row ? time(row.due_at) : null);
const stopped = (row: { stopped_at: unknown } | undefined) => !!row && row.stopped_at !== null && row.stopped_at !== undefined;
const item = (documentId: string) => strapi.db.query(FEEDBACK).findOne({ where: { documentId } });
/** A feedback created as in the Content Manager form, with every field of the 客户反馈记录表 but the customer's contact. */
const recordButTheContact = async (customerDocumentId: string) => {
  const product = await strapi.db.query('api::product.product').findOne({ where: { modelCode: 'CLK-100' } });
  return strapi.documents(FEEDBACK as any).create({
    data: {
      channel: 'hotline',
      severity: 'general',
      type: 'quality',
      symptom: 'Paper jams after 50 pages',
      scenario: 'office',
      frequency: 'every 50 pages',
      expectedSolution: 'a replacement roller',
      batch: 'B-2603',
      product: product.documentId,
      customer: customerDocumentId,
    } as any,
  });
};
/** Thread listeners run after the commit: wait for the clock to stop. */
const eventually = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50; i += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
};
const triage = (documentId: string, data: Record<string, unknown> = {}) =>
  wf().step(documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id, ...data } });

describe('the manual’s clocks (004 二)', () => {
  it('Friday 17:00: the promise is 24 working hours (Wednesday 17:00, not Saturday), record and judgement 1 working day; the acknowledgement says working hours', async () => {
    const fb = await intakeAt('2026-03-13T17:00:00');
    expect(fb.complex).toBe(false);
    expect(new Date(fb.respondBy).toISOString()).toBe(at('2026-03-18T17:00:00'));
    expect(new Date(fb.recordBy).toISOString()).toBe(at('2026-03-16T17:00:00'));
    expect(new Date(fb.judgeBy).toISOString()).toBe(at('2026-03-16T17:00:00'));
    expect(due(await clockRow(fb.documentId, 'respondBy'))).toBe(at('2026-03-18T17:00:00'));
    const ack = await strapi.db.connection('after_sales_outbox').where({ document_id: fb.documentId, template_key: 'feedback.acknowledged' }).first();
    expect(ack.body_text).toContain('我们将在 24 个工作小时内（即 2026年3月18日');
  });

  it('a complex intake gets 48 working hours, whether the agent says so or the classifier does', async () => {
    const byAgent = await intakeAt('2026-03-13T17:00:00', { complex: true });
    expect(byAgent.complex).toBe(true);
    // 1.5 h Friday, 8 h each Monday to Friday of the next week, 6.5 h on Monday 23 March → 17:00.
    expect(new Date(byAgent.respondBy).toISOString()).toBe(at('2026-03-23T17:00:00'));
    const byClassifier = await intakeAt('2026-03-13T17:00:00', { severity: undefined, symptom: '设备停机,无法正常使用' });
    expect(byClassifier.severity).toBe('urgent');
    expect(byClassifier.complex).toBe(true);
    expect(new Date(byClassifier.respondBy).toISOString()).toBe(at('2026-03-23T17:00:00'));
    // The acknowledgement promises what the rule for a complex issue sets.
    const ack = await strapi.db.connection('after_sales_outbox').where({ document_id: byAgent.documentId, template_key: 'feedback.acknowledged' }).first();
    expect(ack.body_text).toContain('我们将在 48 个工作小时内');
    const refused = await http()
      .post('/api/after-sales/intake')
      .send({ data: { kind: 'feedback', channel: 'hotline', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'x', complex: 'very' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('complex');
  });

  it('the promise stops on the first reply to the customer, not on acknowledge', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await setClock(shanghai('2026-03-16T10:00:00'));
    await wf().step(fb.documentId, 'acknowledge');
    expect(stopped(await clockRow(fb.documentId, 'acknowledgeBy'))).toBe(true);
    expect(stopped(await clockRow(fb.documentId, 'respondBy'))).toBe(false);
    await setClock(shanghai('2026-03-16T11:00:00'));
    const thread = strapi.plugin('after-sales').service('thread');
    await thread.append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'note', author: { kind: 'admin', id: admin.id, name: 'A' }, bodyText: 'internal only' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopped(await clockRow(fb.documentId, 'respondBy'))).toBe(false);
    await thread.append({
      contentType: FEEDBACK,
      documentId: fb.documentId,
      kind: 'reply',
      channel: 'email',
      author: { kind: 'admin', id: admin.id, name: 'A' },
      bodyText: '我们正在处理,明天给您结果。',
    });
    expect(await eventually(async () => stopped(await clockRow(fb.documentId, 'respondBy')))).toBe(true);
    const row = await clockRow(fb.documentId, 'respondBy');
    expect(time(row.stopped_at)).toBe(at('2026-03-16T11:00:00'));
    expect(!!row.met).toBe(true);
  });

  it('the record clock stops when the 客户反馈记录表 fields are all filled, not on a click', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00', { product: { model: 'CLK-100', batch: 'B-2603' }, scenario: 'office' });
    expect(stopped(await clockRow(fb.documentId, 'recordBy'))).toBe(false);
    await setClock(shanghai('2026-03-16T10:00:00'));
    await wf().step(fb.documentId, 'acknowledge');
    expect(stopped(await clockRow(fb.documentId, 'recordBy'))).toBe(false);
    await setClock(shanghai('2026-03-16T14:00:00'));
    await strapi.documents(FEEDBACK as any).update({ documentId: fb.documentId, data: { frequency: 'every 50 pages', expectedSolution: 'a replacement roller' } as any });
    const row = await clockRow(fb.documentId, 'recordBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
  });

  it('a complete record at intake meets the record clock at once', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00', { product: { model: 'CLK-100', batch: 'B-2603' }, scenario: 'office', frequency: 'daily', expectedSolution: 'fix it' });
    const row = await clockRow(fb.documentId, 'recordBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
  });

  it('the record is not complete without the customer’s phone or email (表1 联系方式); the contact added on the customer page completes it', async () => {
    expect((await setClock(shanghai('2026-03-16T09:00:00'))).status).toBe(200);
    const customer = await strapi.documents('api::customer.customer').create({ data: { name: '无联系方式客户' } as any });
    // Every other field of the record filled in the Content Manager form.
    const created = await recordButTheContact(customer.documentId);
    const open = await clockRow(created.documentId, 'recordBy');
    expect(open).toBeDefined();
    expect(stopped(open)).toBe(false);
    // An edit of the item that fills nothing of the contact leaves it running.
    await setClock(shanghai('2026-03-16T10:00:00'));
    await strapi.documents(FEEDBACK as any).update({ documentId: created.documentId, data: { frequency: 'every 40 pages' } as any });
    expect(stopped(await clockRow(created.documentId, 'recordBy'))).toBe(false);
    // The agent adds the phone number on the customer page: the record is complete then.
    await setClock(shanghai('2026-03-16T11:00:00'));
    await strapi.documents('api::customer.customer').update({ documentId: customer.documentId, data: { phone: '13800138000' } as any });
    const row = await clockRow(created.documentId, 'recordBy');
    expect(stopped(row)).toBe(true);
    expect(time(row.stopped_at)).toBe(at('2026-03-16T11:00:00'));
    expect(!!row.met).toBe(true);
  });

  it('the contact added inside a larger transaction (as an erasure does) completes the record in that transaction, without waiting for a second connection', async () => {
    expect((await setClock(shanghai('2026-03-17T09:00:00'))).status).toBe(200);
    const started = Date.now();
    // The item, its clocks and the customer's new phone are all uncommitted when the customer's items are checked:
    // a check that read the clocks on another connection found none (PostgreSQL) or waited for SQLite's only
    // connection until the pool gave up after 60 s, and left the clock running.
    const created = await strapi.db.transaction(async ({ trx }) => {
      const customer = await strapi.documents('api::customer.customer').create({ data: { name: '事务内补联系方式' } as any });
      const item = await recordButTheContact(customer.documentId);
      const open = await trx('after_sales_sla_clocks').where({ content_type: FEEDBACK, document_id: item.documentId, clock: 'recordBy' }).first();
      expect(open).toBeDefined();
      expect(stopped(open)).toBe(false);
      await strapi.documents('api::customer.customer').update({ documentId: customer.documentId, data: { phone: '13800138000' } as any });
      return item;
    });
    const row = await clockRow(created.documentId, 'recordBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a root cause recorded before resolve stops its clock; judgement stops its own', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await wf().step(fb.documentId, 'acknowledge');
    await setClock(shanghai('2026-03-16T11:00:00'));
    await triage(fb.documentId, { needsRnd: true, judgement: 'needs-rnd' });
    expect(stopped(await clockRow(fb.documentId, 'judgeBy'))).toBe(true);
    expect(due(await clockRow(fb.documentId, 'rootCauseBy'))).toBe(at('2026-03-19T11:00:00'));
    await wf().step(fb.documentId, 'start');
    await setClock(shanghai('2026-03-18T15:00:00'));
    await wf().step(fb.documentId, 'record-root-cause', { data: { rootCause: '搓轮材质耐磨性不足 (roller wears out)' } });
    const row = await clockRow(fb.documentId, 'rootCauseBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
    expect((await item(fb.documentId)).state).toBe('in-progress');
  });

  it('R&D found to be needed after triage starts the root cause clock then', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await wf().step(fb.documentId, 'acknowledge');
    await triage(fb.documentId);
    expect(await clockRow(fb.documentId, 'rootCauseBy')).toBeUndefined();
    expect(stopped(await clockRow(fb.documentId, 'judgeBy'))).toBe(false);
    await wf().step(fb.documentId, 'start');
    await setClock(shanghai('2026-03-17T14:00:00'));
    await wf().step(fb.documentId, 'judge', { data: { judgement: 'needs-rnd', needsRnd: true } });
    const judged = await clockRow(fb.documentId, 'judgeBy');
    expect(stopped(judged)).toBe(true);
    expect(!!judged.met).toBe(false); // 1 working day from Monday 09:00 ended Monday 18:30
    expect(due(await clockRow(fb.documentId, 'rootCauseBy'))).toBe(at('2026-03-20T14:00:00'));
    expect(new Date((await item(fb.documentId)).rootCauseBy).toISOString()).toBe(at('2026-03-20T14:00:00'));
  });

  it('R&D marked as needed in an edit of the record (Content Manager) starts the root cause clock, and a root cause filled there stops it', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await wf().step(fb.documentId, 'acknowledge');
    await triage(fb.documentId);
    await wf().step(fb.documentId, 'start');
    expect(await clockRow(fb.documentId, 'rootCauseBy')).toBeUndefined();
    await setClock(shanghai('2026-03-18T10:00:00'));
    await strapi.documents(FEEDBACK as any).update({ documentId: fb.documentId, data: { needsRnd: true } as any });
    expect(due(await clockRow(fb.documentId, 'rootCauseBy'))).toBe(at('2026-03-23T10:00:00'));
    expect(stopped(await clockRow(fb.documentId, 'rootCauseBy'))).toBe(false);
    await setClock(shanghai('2026-03-19T10:00:00'));
    await strapi.documents(FEEDBACK as any).update({ documentId: fb.documentId, data: { rootCause: '固件计数器溢出' } as any });
    const row = await clockRow(fb.documentId, 'rootCauseBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
  });

  it('the callback stops on the call logged with its outcome; informing the customer on a reply', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await wf().step(fb.documentId, 'acknowledge');
    await triage(fb.documentId);
    await wf().step(fb.documentId, 'start');
    await setClock(shanghai('2026-03-19T16:00:00'));
    await wf().step(fb.documentId, 'resolve', { data: { resolutionSummary: 'roller replaced' } });
    // No reply before: the resolution message is what the customer receives, and it stops the promise (late).
    const promise = await clockRow(fb.documentId, 'respondBy');
    expect(time(promise.stopped_at)).toBe(at('2026-03-19T16:00:00'));
    expect(!!promise.met).toBe(false);
    expect(due(await clockRow(fb.documentId, 'callbackBy'))).toBe(at('2026-03-24T16:00:00'));
    expect(due(await clockRow(fb.documentId, 'informBy'))).toBe(at('2026-03-20T16:00:00'));
    await setClock(shanghai('2026-03-20T09:30:00'));
    // The automatic resolution notice carries no guidance: informing the customer is the agent's reply.
    expect(stopped(await clockRow(fb.documentId, 'informBy'))).toBe(false);
    await strapi
      .plugin('after-sales')
      .service('thread')
      .append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'reply', channel: 'email', author: { kind: 'admin', id: admin.id, name: 'A' }, bodyText: '已为您更换搓轮,使用时请注意……' });
    expect(await eventually(async () => stopped(await clockRow(fb.documentId, 'informBy')))).toBe(true);
    expect(!!(await clockRow(fb.documentId, 'informBy')).met).toBe(true);
    expect(stopped(await clockRow(fb.documentId, 'callbackBy'))).toBe(false);
    await setClock(shanghai('2026-03-20T10:00:00'));
    const refused = await wf().perform(fb.documentId, 'log-callback', { version: (await item(fb.documentId)).version, note: 'called', data: {} });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('callbackOutcome');
    await wf().step(fb.documentId, 'log-callback', { note: '客户确认问题已解决,新搓轮使用正常', data: { callbackOutcome: 'solved' } });
    const row = await clockRow(fb.documentId, 'callbackBy');
    expect(stopped(row)).toBe(true);
    expect(!!row.met).toBe(true);
    const stored = await item(fb.documentId);
    expect(stored.state).toBe('callback');
    expect(stored.callbackOutcome).toBe('solved');
  });

  it('an unanswered survey becomes a phone callback for the agent; escalation leaves the severity unchanged', async () => {
    await strapi.db.connection('after_sales_sla_clocks').update({ next_escalation_at: null }); // the earlier tests' items
    const fb = await intakeAt('2026-04-13T09:00:00', { severity: 'important' });
    await wf().step(fb.documentId, 'acknowledge');
    await triage(fb.documentId, { severity: 'important' });
    await wf().step(fb.documentId, 'start');
    await wf().step(fb.documentId, 'resolve', { data: { resolutionSummary: 'firmware updated' } });
    await setClock(shanghai('2026-04-14T09:00:00'));
    await wf().step(fb.documentId, 'start-callback');
    expect(stopped(await clockRow(fb.documentId, 'callbackBy'))).toBe(true); // the survey sent is a callback
    expect(due(await clockRow(fb.documentId, 'surveyReplyBy'))).toBe(at('2026-04-16T18:30:00'));
    await strapi.db.connection('after_sales_sla_clocks').where({ document_id: fb.documentId }).whereNot({ clock: 'surveyReplyBy' }).update({ next_escalation_at: null });
    // The agent reads the admin in English: the note and the email are the template escalation.phone-callback in English.
    await strapi.db.query('admin::user').update({ where: { email: 'clock-agent@test.local' }, data: { preferedLanguage: 'en' } });
    await setClock(shanghai('2026-04-17T09:00:00'));
    await sweep();
    await sweep();
    // (The notes asking staff to phone the customer whom no channel reached, for the automatic messages, aside.)
    const notes = (await strapi.db.connection('after_sales_thread_entries').where({ document_id: fb.documentId, entry_kind: 'note' })).filter(
      (n: { meta: string | null }) => !JSON.parse(n.meta ?? '{}').callCustomer
    );
    expect(notes.map((n: { body_text: string }) => n.body_text)).toEqual([expect.stringContaining(`The customer did not answer the satisfaction survey of ${fb.reference}`)]);
    const mail = await strapi.db.connection('after_sales_outbox').where({ document_id: fb.documentId, template_key: 'escalation.phone-callback' });
    expect(mail.map((m: { recipient: string; locale: string; subject: string }) => [m.recipient, m.locale, m.subject])).toEqual([
      ['clock-agent@test.local', 'en', `[Phone callback] ${fb.reference}: the survey was not answered`],
    ]);
    expect(mail[0].body_text).toContain('Please call the customer and log the outcome');
    await strapi.db.query('admin::user').update({ where: { email: 'clock-agent@test.local' }, data: { preferedLanguage: null } });
    const escalations = await strapi.db.connection('after_sales_escalations').where({ document_id: fb.documentId }).select('clock', 'level', 'step');
    expect(escalations).toEqual(expect.arrayContaining([expect.objectContaining({ clock: 'surveyReplyBy', level: 'breached', step: 'queue-phone-callback' })]));
    const stored = await item(fb.documentId);
    expect(stored.severity).toBe('important');
    expect(stored.state).toBe('callback');
    await wf().step(fb.documentId, 'log-callback', { note: 'reached the customer', data: { callbackOutcome: 'partly-solved' } });
    expect(stopped(await clockRow(fb.documentId, 'surveyReplyBy'))).toBe(true);
  });
});
