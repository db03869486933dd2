import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';
import { startSmtpSink } from '../helpers/smtp-sink';

let strapi: Core.Strapi;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let agent: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const dispatch = () => strapi.plugin('after-sales').service('outbox').dispatch(100);

beforeAll(async () => {
  smtp = await startSmtpSink();
  strapi = await bootStrapi({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'service@example.cn', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' },
  });
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
});
afterAll(async () => {
  await stopStrapi(strapi);
  await smtp.close();
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

const submit = (customer: Record<string, unknown>, symptom = '空气净化器有异响') =>
  http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer, symptom } });

describe('customer messages over SMTP', () => {
  it('the acknowledgement arrives in the customer’s language with the promised deadline and the tracking link', async () => {
    const zh = await submit({ name: '王伟', email: 'wang@example.cn', locale: 'zh-Hans' });
    const en = await submit({ name: 'Anna Schmidt', email: 'anna@example.de', locale: 'en' }, 'The purifier hums');
    expect(await dispatch()).toMatchObject({ sent: 2 });
    const toWang = smtp.received.find((m) => m.to.includes('wang@example.cn'))!;
    const toAnna = smtp.received.find((m) => m.to.includes('anna@example.de'))!;
    expect(toWang.subject).toBe(`我们已收到您的反馈 ${zh.body.data.reference}`);
    expect(toWang.text).toContain('我们将在 24 个工作小时内（即 ');
    expect(toWang.text).toContain(`/after-sales/portal/track/${zh.body.data.reference}/${zh.body.data.trackingToken}`);
    expect(toAnna.subject).toBe(`We have received your feedback ${en.body.data.reference}`);
    expect(toAnna.text).toMatch(/We will get back to you within 24 working hours, that is by \w+ \d+, 2026/);
    expect(toAnna.from).toBe('service@example.cn');
    expect(await dispatch()).toMatchObject({ sent: 0 });
  });

  it('the survey link works end to end: 3 reopens the case, 5 closes it, a second answer is refused', async () => {
    for (const [score, expected] of [
      [3, 'in-progress'],
      [5, 'closed'],
    ] as const) {
      const created = await submit({ name: 'Li', email: `li${score}@example.cn` });
      const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: created.body.data.reference } });
      const wf = adminWorkflow(strapi, agent.token, 'api::feedback.feedback');
      await wf.step(item.documentId, 'acknowledge');
      await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
      await wf.step(item.documentId, 'start');
      await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: '更换了风扇' } });
      await wf.step(item.documentId, 'start-callback');
      await dispatch();
      const invitation = smtp.received.filter((m) => m.to.includes(`li${score}@example.cn`)).find((m) => m.subject.includes('请为我们的服务打分'))!;
      expect(invitation).toBeDefined();
      const token = /surveys?\/([A-Za-z0-9_-]+)/.exec(invitation.text)![1];
      const question = await http().get(`/api/after-sales/surveys/${token}`);
      expect(question.status).toBe(200);
      expect(question.body.data).toMatchObject({ reference: created.body.data.reference, locale: 'zh-Hans', scores: [1, 2, 3, 4, 5] });
      expect(JSON.stringify(question.body)).not.toMatch(/li\d@example|Li/);
      expect(
        (
          await http()
            .post(`/api/after-sales/surveys/${token}`)
            .send({ data: { score: 7 } })
        ).status
      ).toBe(400);
      const answered = await http()
        .post(`/api/after-sales/surveys/${token}`)
        .send({ data: { score, comment: 'ok' } });
      expect(answered.status).toBe(200);
      expect((await http().post(`/api/after-sales/surveys/${token}`).send({ data: { score } })).status).toBe(409);
      const stored = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } });
      expect(stored.state).toBe(expected);
      expect(stored.satisfactionScore).toBe(score);
      expect(stored.reopenCount).toBe(score < 4 ? 1 : 0);
    }
    expect((await http().get('/api/after-sales/surveys/not-a-token')).status).toBe(404);
  });

  it('SMTP down: the message is retried and delivered when it comes back, once', async () => {
    smtp.refuse(true);
    const created = await submit({ name: 'Tom', email: 'tom@example.com', locale: 'en' });
    expect(await dispatch()).toMatchObject({ retried: 1, sent: 0 });
    const clock = strapi.plugin('after-sales').service('clock');
    smtp.refuse(false);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    clock.set(new Date(Date.now() + 60_000));
    expect(await dispatch()).toMatchObject({ sent: 1 });
    clock.set(new Date(Date.now() + 3600_000));
    expect(await dispatch()).toMatchObject({ sent: 0 });
    clock.set(null);
    expect(smtp.received.filter((m) => m.to.includes('tom@example.com'))).toHaveLength(1);
    const history = await http()
      .get(`/after-sales/messages/api::feedback.feedback/${(await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: created.body.data.reference } })).documentId}`)
      .set('Authorization', `Bearer ${agent.token}`);
    expect(history.body.data[0]).toMatchObject({ templateKey: 'feedback.acknowledged', status: 'sent', attempts: 2, recipient: 't***@example.com' });
  });

  it('two dispatchers at once: each message sent exactly once', async () => {
    const before = smtp.received.length;
    for (let i = 0; i < 6; i++) await submit({ name: `P${i}`, email: `p${i}@example.cn` });
    const results = await Promise.all([dispatch(), dispatch(), dispatch()]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(6);
    expect(smtp.received.length - before).toBe(6);
  });

  it('several messages queued with one insert: ids in the order given, a key queued before keeps its row, nothing queued twice', async () => {
    const outbox = strapi.plugin('after-sales').service('outbox');
    const message = (key: string) => ({
      dedupeKey: key,
      templateKey: 'staff.call-customer',
      channel: 'email',
      locale: 'zh-Hans',
      recipient: `${key}@example.cn`,
      subject: 'S',
      bodyText: 'B',
      bodyHtml: null,
      trigger: 'test',
    });
    const stamp = Date.now();
    const [earlier] = await outbox.enqueueMany([message(`many-${stamp}-b`)]);
    const ids = await outbox.enqueueMany([message(`many-${stamp}-a`), message(`many-${stamp}-b`), message(`many-${stamp}-c`)]);
    expect(ids[1]).toEqual(earlier);
    const rows = await strapi.db.connection('after_sales_outbox').where('dedupe_key', 'like', `many-${stamp}-%`).select('id', 'dedupe_key');
    expect(rows).toHaveLength(3);
    const byKey = new Map(rows.map((r: { id: number; dedupe_key: string }) => [r.dedupe_key, Number(r.id)]));
    expect(ids).toEqual(['a', 'b', 'c'].map((k) => ({ id: byKey.get(`many-${stamp}-${k}`) })));
    expect(await outbox.enqueueMany([])).toEqual([]);
    await strapi.db.connection('after_sales_outbox').where('dedupe_key', 'like', `many-${stamp}-%`).delete();
  });

  it('a template with a syntax error or an unknown variable is refused with the line; a missing value fails loudly and is never sent blank', async () => {
    const manager = await createAdmin(strapi, 'super-admin');
    const auth = { Authorization: `Bearer ${manager.token}` };
    const cm = '/content-manager/collection-types/plugin::after-sales.message-template';
    const syntax = await http().post(cm).set(auth).send({ key: 'feedback.resolved', channel: 'email', locale: 'en', subject: 'Done', body: 'Line one\n{{#if item.reference}}\nno close' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.message).toMatch(/body, line \d/);
    const unknown = await http().post(cm).set(auth).send({ key: 'feedback.resolved', channel: 'email', locale: 'en', subject: 'Done', body: 'Hello\n{{customer.phone}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('body, line 2: unknown variable "customer.phone"');
    const ok = await http()
      .post(cm)
      .set(auth)
      .send({ key: 'feedback.resolved', channel: 'email', locale: 'zh-Hans', subject: '已解决 {{item.reference}}', body: '{{item.resolutionSummary}}\n预防措施:{{item.preventionMeasure}}' });
    expect(ok.status).toBe(201);

    // A feedback item has no prevention measure: the strict rendering fails; the message is kept as failed, never sent.
    const created = await submit({ name: 'Zhao', email: 'zhao@example.cn' });
    const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: created.body.data.reference } });
    const wf = adminWorkflow(strapi, agent.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    await dispatch();
    const before = smtp.received.length;
    await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: 'fixed' } });
    await dispatch();
    const history = await strapi.plugin('after-sales').service('outbox').history('api::feedback.feedback', item.documentId);
    const resolved = history.find((m: { templateKey: string }) => m.templateKey === 'feedback.resolved');
    expect(resolved).toMatchObject({ status: 'failed', subject: null, bodyText: null });
    expect(resolved.lastError).toMatch(/rendering failed: .*preventionMeasure/);
    expect(smtp.received.length - before).toBe(0);
  });
});
