import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';
import { type AdminSession, createImprovementTeam } from '../helpers/auth';
import { createCustomer, createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow, putImprovementPlan, verifyTestCases } from '../helpers/workflow';
import { startSmtpSink } from '../helpers/smtp-sink';

/**
 * Issue #25 items 5 and 6 (004 二(四) 信息同步, 二(五) 改进方案有效性): when an improvement record is
 * released, every customer with an item linked to it (by the "same issue" grouping or by hand) is
 * told once, on their channel, in their language, within the inform clock (1 working day from the
 * release to the message sent), which each item's thread shows; the monthly report's section shows
 * the issue's feedback per month before and after the fix, against hand counts.
 */
const REPORT = 'api::analysis-report.analysis-report';
const FEEDBACK = 'api::feedback.feedback';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const TEMPLATE = 'improvement.fix-released';
const SECTION = 'after-sales.analysis.fix-effect';
const JOB_FIX_NOTICES = 'after-sales.analysis.fix-notices';

let strapi: Core.Strapi;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let agent: AdminSession;
let engineer: AdminSession;
let productHead: AdminSession;
let qualityHead: AdminSession;
let manager: AdminSession;
let product: { documentId: string };
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');
const customers: Record<string, string> = {};
const items: Record<string, { documentId: string; reference: string }> = {};
/** Moves an item's registration into the past (the data of months gone by). */
const registeredAt = (documentId: string, local: string) =>
  strapi.db
    .connection('feedbacks')
    .where({ document_id: documentId })
    .update({ created_at: isPostgres() ? shanghai(local).toISOString() : shanghai(local).getTime() });
/** The internal notes on an item's thread (what the case screen shows staff). */
const threadNotes = async (key: string) =>
  ((await strapi.plugin('after-sales').service('thread').list(FEEDBACK, items[key].documentId)) as { kind: string; bodyText: string }[]).filter((e) => e.kind === 'note').map((e) => e.bodyText);
const notices = () => strapi.db.connection('after_sales_outbox').where({ template_key: TEMPLATE }).orderBy('id');
const feedbackFor = async (key: string, customer: string | null, batch: string, at: string) => {
  const item = (await createFeedback(strapi, { product: product.documentId, batch, type: 'quality', symptom: `连续打印后卡纸 ${key}`, ...(customer ? { customer: customers[customer] } : {}) })) as any;
  await registeredAt(item.documentId, at);
  items[key] = { documentId: item.documentId, reference: item.reference };
  return items[key];
};
/** An analysis report of the item with this cause category (submitted when asked). */
const reportOf = async (key: string, causeCategory: string, submit = false) => {
  const opened = await http()
    .post('/after-sales/analysis-reports')
    .set(as(agent))
    .send({ source: { uid: FEEDBACK, documentId: items[key].documentId }, causeCategory, description: '搓轮材质耐磨性不足', testCases: [{ title: '连续打印 500 页', expected: '无卡纸' }] });
  expect(opened.status).toBe(201);
  if (submit) await adminWorkflow(strapi, engineer.token, REPORT).step(opened.body.data.documentId, 'submit-report');
  return opened.body.data as { documentId: string; reference: string };
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  strapi = await bootStrapi({
    env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'service@example.cn' },
  });
  // The job's own timer (every 60 s, wall clock; AFTER_SALES_SCHEDULER does not stop extension jobs) must not run it
  // between the test's steps: its lease is held far ahead, and each tick below lapses it first.
  await strapi.db.connection('after_sales_job_claims').insert({ job: JOB_FIX_NOTICES, lease_until: 0 }).onConflict('job').ignore();
  await strapi.db
    .connection('after_sales_job_claims')
    .where({ job: JOB_FIX_NOTICES })
    .update({ lease_until: Date.now() + 24 * 3600_000 });
  await ensureDepartments(strapi);
  ({ agent, engineer, productHead, qualityHead, manager } = await createImprovementTeam(strapi));
  product = await createProduct(strapi, { modelCode: 'PR-70' });
  const add = async (key: string, data: Record<string, unknown>) => {
    customers[key] = (await createCustomer(strapi, { wechat: null, address: null, ...data })).documentId;
  };
  await add('zh', { name: '张敏', locale: 'zh-Hans', preferredChannel: 'email', email: 'zhang.min@example.cn', phone: '+86 138 0013 7001' });
  await add('en', { name: 'Anna Berg', locale: 'en', preferredChannel: 'email', email: 'anna.berg@example.de', phone: '+86 138 0013 7002' });
  // A landline and no email: no channel reaches them (SMS is not set up here either).
  await add('landline', { name: '李强', locale: 'zh-Hans', email: null, phone: '+86 10 6552 9988' });
  // Two items of one customer: one message.
  await add('twice', { name: '王芳', locale: 'zh-Hans', preferredChannel: 'email', email: 'wang.fang@example.cn', phone: '+86 138 0013 7004' });
  // Came by the hotline, so SMS is asked for, which is not set up here: the notice goes by email, saying why.
  await add('complainer', { name: '陈静', locale: 'zh-Hans', preferredChannel: 'hotline', email: 'chen.jing@example.cn', phone: '+86 138 0013 7006' });
  await add('later', { name: '赵磊', locale: 'zh-Hans', preferredChannel: 'email', email: 'zhao.lei@example.cn', phone: '+86 138 0013 7005' });

  clock().set(shanghai('2026-03-02T09:00:00'));
  // The issue PR-70 / B2601 / component batch, registered over the months before the fix (hand counts below).
  await feedbackFor('zh', 'zh', 'B2601', '2026-02-10T10:00:00'); // Feb, linked (its report starts the record)
  await feedbackFor('en', 'en', 'B2601', '2026-01-12T10:00:00'); // Jan, linked by the grouping (its report joins)
  await feedbackFor('landline', 'landline', 'B2601', '2026-02-20T10:00:00'); // Feb, linked by hand
  await feedbackFor('twice1', 'twice', 'B2601', '2025-12-05T10:00:00'); // Dec, linked by hand
  await feedbackFor('twice2', 'twice', 'B2601', '2026-02-25T10:00:00'); // Feb, linked by hand
  await feedbackFor('sameIssue', null, 'B2601', '2026-01-20T10:00:00'); // Jan, same issue by its report, never linked
  await feedbackFor('otherCause', null, 'B2601', '2026-01-21T10:00:00'); // Jan, another cause on the batch: not the issue
  await feedbackFor('tooEarly', null, 'B2601', '2025-11-15T10:00:00'); // Nov: before the window
  await feedbackFor('releaseMonth', null, 'B2601', '2026-03-03T10:00:00'); // March, the release month: in neither window
  await reportOf('sameIssue', 'component-batch');
  await reportOf('otherCause', 'software-bug');
  await reportOf('tooEarly', 'component-batch');
  await reportOf('releaseMonth', 'component-batch');
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  await smtp.close();
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM']) delete process.env[key];
});

describe('customers told when the fix ships', () => {
  let improvement: { documentId: string; reference: string };

  it('links the items of the issue: by the grouping (two reports) and by hand', async () => {
    const first = await reportOf('zh', 'component-batch', true);
    const started = await http().post(`/after-sales/analysis-reports/${first.documentId}/improvement`).set(as(engineer)).send({});
    expect(started.status).toBe(201);
    improvement = started.body.data;
    const second = await reportOf('en', 'component-batch', true);
    const joined = await http().post(`/after-sales/analysis-reports/${second.documentId}/improvement`).set(as(engineer)).send({});
    expect(joined.body.data).toMatchObject({ joined: true, documentId: improvement.documentId });
    const linked = await http()
      .post(`/after-sales/improvements/${improvement.documentId}/links`)
      .set(as(engineer))
      .send({ feedbacks: [items.landline.reference, items.twice1.reference, items.twice2.reference] });
    expect(linked.status).toBe(200);
    // A complaint of the same issue, linked through its own analysis report.
    const complaint = (await strapi.documents('api::complaint.complaint').create({
      data: { description: '打印机反复卡纸,要求退货', customer: customers.complainer, seriousness: 'minor', channel: 'hotline' } as any,
    })) as any;
    items.complaint = { documentId: complaint.documentId, reference: complaint.reference };
    const fromComplaint = await http()
      .post('/after-sales/analysis-reports')
      .set(as(agent))
      .send({ source: { uid: 'api::complaint.complaint', documentId: complaint.documentId }, causeCategory: 'component-batch' });
    expect(fromComplaint.status).toBe(201);
    expect(
      (
        await http()
          .post(`/after-sales/improvements/${improvement.documentId}/links`)
          .set(as(engineer))
          .send({ analysisReports: [fromComplaint.body.data.reference] })
      ).status
    ).toBe(200);
    // Nothing is sent before the release.
    expect(await notices()).toHaveLength(0);
    expect((await http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({})).status).toBe(409);
  });

  it('on release, tells each linked customer once, on their channel, in their language; the clock of each item starts', async () => {
    const wf = (session: AdminSession) => adminWorkflow(strapi, session.token, IMPROVEMENT);
    await putImprovementPlan(strapi, engineer.token, improvement.documentId, { ownerId: engineer.id, dueDate: '2026-03-20' });
    await wf(engineer).step(improvement.documentId, 'propose-plan', {
      data: {
        rootCause: '搓轮材质耐磨性不足',
        shortTermFix: '已为 B2601 批次更换高耐磨搓轮,并发布固件 2.1.4。',
        shortTermOwner: engineer.id,
        shortTermDueDate: '2026-03-20',
        longTermPlan: '改用硅胶材质搓轮',
        longTermOwner: engineer.id,
        longTermDueDate: '2026-05-29',
        noBetaTestReason: '更换搓轮由工程师上门完成,当场与客户试打确认',
      },
    });
    for (const head of [productHead, engineer, qualityHead]) await wf(head).step(improvement.documentId, 'approve-plan');
    // The quality engineer (not the fix's author) gives each test case of the two analysis reports its verdict.
    expect((await verifyTestCases(strapi, qualityHead.token, improvement.documentId)).summary).toMatchObject({ total: 2, passed: 2 });
    await wf(qualityHead).step(improvement.documentId, 'verify-internally');
    await wf(qualityHead).step(improvement.documentId, 'verify-with-customers', { data: { customerVerification: '上门更换的客户均当场试打确认无卡纸' } });
    expect(await notices()).toHaveLength(0);

    clock().set(shanghai('2026-03-16T10:00:00')); // a Monday
    expect((await wf(qualityHead).step(improvement.documentId, 'close')).state).toBe('closed');
    const sent = await notices();
    // zh, en and the customer with two items: one message each; the landline customer none.
    expect(sent.map((m: any) => [m.document_id, m.channel, m.locale, m.recipient]).sort((a: string[], b: string[]) => a[3].localeCompare(b[3]))).toEqual([
      [items.en.documentId, 'email', 'en', 'anna.berg@example.de'],
      [items.complaint.documentId, 'email', 'zh-Hans', 'chen.jing@example.cn'],
      [items.twice1.documentId, 'email', 'zh-Hans', 'wang.fang@example.cn'],
      [items.zh.documentId, 'email', 'zh-Hans', 'zhang.min@example.cn'],
    ]);
    const byComplaint = sent.find((m: any) => m.document_id === items.complaint.documentId);
    expect(byComplaint).toMatchObject({ requested_channel: 'sms', fallback_reason: expect.stringContaining('sms: not configured') });
    const en = sent.find((m: any) => m.document_id === items.en.documentId);
    expect(en.subject).toBe(`The issue you reported is fixed (${improvement.reference})`);
    expect(en.body_text).toContain('Dear Anna Berg');
    expect(en.body_text).toContain('已为 B2601 批次更换高耐磨搓轮');
    expect(en.body_text).toMatch(/\/after-sales\/portal\/track\//);
    const twice = sent.find((m: any) => m.document_id === items.twice1.documentId);
    expect(twice.subject).toBe(`您反馈的问题已完成改进（${improvement.reference}）`);
    expect(twice.body_text).toContain(`${items.twice1.reference}、${items.twice2.reference}`);

    const list = await http().get(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(manager));
    expect(list.status).toBe(200);
    expect(list.body.data.released).toEqual({ at: shanghai('2026-03-16T10:00:00').toISOString(), action: 'close' });
    // 1 working day on the calendar: Monday 10:00 → 12:00, 13:30 → 18:30, Tuesday 09:00 → 10:00.
    const due = shanghai('2026-03-17T10:00:00').toISOString();
    expect(list.body.data.notices.map((n: any) => [n.reference, n.customer.name, n.dueAt, n.status])).toEqual(
      [
        [items.zh.reference, '张敏', due, 'waiting'],
        [items.complaint.reference, '陈静', due, 'waiting'],
        [items.en.reference, 'Anna Berg', due, 'waiting'],
        [items.landline.reference, '李强', due, 'unreachable'],
        [items.twice1.reference, '王芳', due, 'waiting'],
        [items.twice2.reference, '王芳', due, 'waiting'],
      ].sort((a, b) => a[0].localeCompare(b[0]))
    );
    expect(list.body.data.notices.find((n: any) => n.reference === items.landline.reference).unreachable).toMatch(/email: the customer has no address/);
    // Each item's thread says the clock started (internal notes), the landline's that a call is owed.
    const thread = async (key: string) => (await threadNotes(key)).join('\n');
    expect(await thread('twice2')).toContain(`改进 ${improvement.reference} 的修复已发布，须在 2026-03-17 10:00 前告知客户`);
    expect(await thread('landline')).toContain('没有渠道能送达客户，请电话告知');
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: improvement.documentId, action: 'fix-released' });
    expect(audit).toHaveLength(1);
  });

  it('a retry, even two at once, tells nobody twice; an item linked later is told, its customer once', async () => {
    const before = (await notices()).length;
    const [a, b] = await Promise.all([
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.data.customers, b.body.data.customers]).toEqual([0, 0]);
    expect(await notices()).toHaveLength(before);

    // The message is edited in the template editor (its own variables accepted, an unknown one refused); the next customer gets the edited text.
    const editor = (body: object) => http().put(`/after-sales/messages/editor/templates/${TEMPLATE}`).set(as(manager)).send({ data: body });
    const unknown = await editor({ locale: 'zh-Hans', subject: '修复已发布', body: '{{fix.version}}' });
    expect(unknown.status).toBe(400);
    expect((await editor({ locale: 'zh-Hans', subject: '修复已发布:{{fix.reference}}', body: '{{customer.name}},您好:{{fix.summary}}(已编辑)\n{{links.tracking}}' })).status).toBe(200);
    await feedbackFor('lateNew', 'later', 'B2601', '2026-03-05T10:00:00');
    await feedbackFor('lateSame', 'zh', 'B2601', '2026-03-06T10:00:00');
    await http()
      .post(`/after-sales/improvements/${improvement.documentId}/links`)
      .set(as(engineer))
      .send({ feedbacks: [items.lateNew.reference, items.lateSame.reference] });
    const [c, d] = await Promise.all([
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
    ]);
    expect([c.status, d.status]).toEqual([200, 200]);
    // The new customer once; the customer told already (张敏) not again.
    expect(c.body.data.customers + d.body.data.customers).toBe(1);
    const now = await notices();
    expect(now).toHaveLength(before + 1);
    expect(now[now.length - 1]).toMatchObject({ document_id: items.lateNew.documentId, recipient: 'zhao.lei@example.cn' });
    expect(now[now.length - 1]).toMatchObject({
      subject: `修复已发布:${improvement.reference}`,
      body_text: expect.stringContaining('赵磊,您好:已为 B2601 批次更换高耐磨搓轮,并发布固件 2.1.4。(已编辑)'),
    });
    // The customer no channel reached gives an email address: the next call tells them, once.
    await strapi.db.query('api::customer.customer').update({ where: { documentId: customers.landline }, data: { email: 'li.qiang@example.cn' } });
    const [e, f] = await Promise.all([
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
      http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(engineer)).send({}),
    ]);
    expect([e.status, f.status]).toEqual([200, 200]);
    const afterRetry = await notices();
    expect(afterRetry).toHaveLength(before + 2);
    expect(afterRetry[afterRetry.length - 1]).toMatchObject({ document_id: items.landline.documentId, recipient: 'li.qiang@example.cn' });
    // An agent may read the clocks, not tell customers.
    expect((await http().post(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(agent)).send({})).status).toBe(403);
  });

  it('the clock stops when the message is sent: in time, on the channel; the thread shows it', async () => {
    clock().set(shanghai('2026-03-16T11:00:00'));
    await strapi.plugin('after-sales').service('outbox').dispatch(50);
    expect(
      smtp.received
        .filter((m) => /fixed|已完成改进|修复已发布/.test(m.subject))
        .map((m) => m.to[0])
        .sort()
    ).toEqual(['anna.berg@example.de', 'chen.jing@example.cn', 'li.qiang@example.cn', 'wang.fang@example.cn', 'zhang.min@example.cn', 'zhao.lei@example.cn']);
    const jobs = strapi.plugin('after-sales').service('jobs');
    const lapse = () => strapi.db.connection('after_sales_job_claims').where({ job: JOB_FIX_NOTICES }).update({ lease_until: 0 });
    await lapse();
    expect((await jobs.tick(JOB_FIX_NOTICES)).result).toEqual({ told: 8 });
    const list = await http().get(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(manager));
    const byRef = Object.fromEntries(list.body.data.notices.map((n: any) => [n.reference, n]));
    for (const key of ['zh', 'en', 'complaint', 'twice1', 'twice2', 'lateSame']) expect(byRef[items[key].reference]).toMatchObject({ status: 'told', met: true, channel: 'email' });
    expect(byRef[items.lateNew.reference]).toMatchObject({ status: 'told', met: true });
    expect(byRef[items.landline.reference]).toMatchObject({ status: 'told', met: true, unreachable: null });
    const notes = (await threadNotes('twice2')).join('\n');
    expect(notes).toContain('已告知客户修复已发布（email，2026-03-16 11:00），在时限内');
    // The next run finds nothing more.
    await lapse();
    expect((await jobs.tick(JOB_FIX_NOTICES)).result).toEqual({ told: 0 });
  });

  it('the monthly report shows the issue per month before and after the fix, against hand counts', async () => {
    // After the fix: one more of the issue in April (its report names the cause).
    await feedbackFor('april', null, 'B2601', '2026-04-08T10:00:00');
    await reportOf('april', 'component-batch');
    await feedbackFor('otherBatch', null, 'B2699', '2026-04-09T10:00:00'); // another batch: not the issue
    await reportOf('otherBatch', 'component-batch');
    const section = async (month: string) => {
      const res = await http().get(`/after-sales/reports/sections?month=${month}`).set(as(manager));
      expect(res.status).toBe(200);
      const found = res.body.data.find((s: any) => s.id === SECTION);
      expect(found.status).toBe('ok');
      return found.data;
    };
    // The release month: no whole month after it yet.
    const march = await section('2026-03');
    expect(march.rows).toEqual([
      {
        record: improvement.reference,
        issue: 'PR-70 / B2601 / component-batch',
        released: '2026-03-16',
        beforeMonths: '2025-12 – 2026-02',
        // Dec: twice1; Jan: en, sameIssue; Feb: zh, landline, twice2 (otherCause, tooEarly, releaseMonth and the March links are not counted).
        beforeItems: 6,
        beforePerMonth: 2,
        afterMonths: null,
        afterItems: null,
        afterPerMonth: null,
        changePercent: null,
      },
    ]);
    expect(march.note['zh-Hans']).toContain('按月计，而非每千台销量');
    const april = await section('2026-04');
    expect(april.rows[0]).toMatchObject({ afterMonths: '2026-04 – 2026-04', afterItems: 1, afterPerMonth: 1, changePercent: -50 });
    // Contributed sections are archived with the month's snapshot.
    const archived = await http().post('/after-sales/reports/monthly/archive').set(as(manager)).send({ month: '2026-04' });
    expect(archived.status).toBe(201);
    const snapshot = await http().get(`/after-sales/reports/archives/${archived.body.data.id}`).set(as(manager));
    expect(snapshot.body.data.figures.sections.find((s: any) => s.id === SECTION).rows[0]).toMatchObject({ record: improvement.reference, afterItems: 1 });
    // Three months on, the window is full (April – June); the month after, the record is left out.
    expect((await section('2026-06')).rows[0]).toMatchObject({ afterMonths: '2026-04 – 2026-06', afterItems: 1, afterPerMonth: 0.3, changePercent: -83.3 });
    expect((await section('2026-07')).rows).toEqual([]);
  });
});
