import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';
import { type AdminSession, createImprovementTeam } from '../helpers/auth';
import { createCustomer, createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow, putImprovementPlan, verifyTestCases } from '../helpers/workflow';
import { answerAsPhone, betaInvitations } from '../helpers/beta';

/**
 * Issue #25's "Tests" paragraph, one walk on seeded data (004 二(二)–(五)): a single feedback item
 * judged to need R&D → its analysis report (cause, test cases) → the improvement record and its plan
 * → the product, R&D and quality heads' approvals → a recall of the batch opening one service record
 * per unit for its owners → a beta test with 12 customers answering on the portal → the internal
 * verification, test case by test case, by someone other than the fix's author → the release → the
 * customers of the linked items told on their channel → the next month's report shows the issue
 * before and after. Each step's refusals have their own suites; here the path is walked once.
 */
const FEEDBACK = 'api::feedback.feedback';
const REPORT = 'api::analysis-report.analysis-report';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const SERVICE_RECORD = 'api::service-record.service-record';
const ENV = {
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '1',
  SMTP_FROM: 'service@example.cn',
  AFTER_SALES_TEST_CLOCK: '1',
  AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000',
  AFTER_SALES_SCHEDULER: 'off',
  AFTER_SALES_DISPATCHER: 'off',
};

let strapi: Core.Strapi;
let agent: AdminSession;
let engineer: AdminSession;
let productHead: AdminSession;
let qualityHead: AdminSession;
let manager: AdminSession;
let product: { documentId: string };
const customers: string[] = [];
const items: Record<string, { documentId: string; reference: string }> = {};
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');
const wf = (session: AdminSession, uid = IMPROVEMENT) => adminWorkflow(strapi, session.token, uid);
/** A feedback item of a customer on the product, registered at a Shanghai time. */
const feedbackAt = async (key: string, customer: string, batch: string, local: string) => {
  const item = (await createFeedback(strapi, { product: product.documentId, batch, type: 'quality', symptom: `连续打印后卡纸(${key})`, customer })) as any;
  await strapi.db
    .connection('feedbacks')
    .where({ document_id: item.documentId })
    .update({ created_at: isPostgres() ? shanghai(local).toISOString() : shanghai(local).getTime() });
  items[key] = { documentId: item.documentId, reference: item.reference };
};
/** An analysis report of an item naming the cause (how the grouping knows an item is of the issue). */
const reportOn = async (key: string, body: Record<string, unknown> = {}) => {
  const opened = await http()
    .post('/after-sales/analysis-reports')
    .set(as(agent))
    .send({ source: { uid: FEEDBACK, documentId: items[key].documentId }, causeCategory: 'component-batch', description: '搓轮材质耐磨性不足', ...body });
  expect(opened.status).toBe(201);
  return opened.body.data as { documentId: string; reference: string };
};
const timings: Record<string, number> = {};

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
  await ensureDepartments(strapi);
  ({ agent, engineer, productHead, qualityHead, manager } = await createImprovementTeam(strapi));
  clock().set(shanghai('2026-03-02T09:00:00'));
  product = await createProduct(strapi, { modelCode: 'PR-70', name: '打印机 PR-70' });
  // Twelve customers reached by email (eight in Chinese, four in English); the first three own units of batch B2601, the fourth one of B2602.
  for (let i = 0; i < 12; i++) {
    const en = i >= 8;
    customers.push(
      (
        await createCustomer(strapi, {
          name: en ? `Customer ${i}` : `客户${i}`,
          locale: en ? 'en' : 'zh-Hans',
          preferredChannel: 'email',
          email: `loop${i}@example.cn`,
          phone: `+86 138 0014 ${String(7000 + i)}`,
          wechat: null,
          address: null,
        })
      ).documentId
    );
  }
  const installed = (customer: string, batch: string, serialNumber: string) =>
    strapi.documents(SERVICE_RECORD as any).create({ data: { kind: 'installation', customer, product: product.documentId, batch, serialNumber } as any });
  await installed(customers[0], 'B2601', 'SN-1001');
  await installed(customers[1], 'B2601', 'SN-1002');
  await installed(customers[2], 'B2601', 'SN-1003');
  await installed(customers[3], 'B2602', 'SN-2001');
  // The issue in the months before: December and January (their reports name the cause); the January one will be linked by hand.
  await feedbackAt('december', customers[4], 'B2601', '2025-12-08T10:00:00');
  await feedbackAt('january', customers[5], 'B2601', '2026-01-12T10:00:00');
  await reportOn('december');
  await reportOn('january');
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('one issue, from the first complaint to the verified fix', () => {
  let report: { documentId: string; reference: string };
  let improvement: { documentId: string; reference: string };
  let started = 0;
  beforeEach(() => {
    started = Date.now();
  });
  afterEach(() => {
    timings[expect.getState().currentTestName ?? '?'] = Date.now() - started;
  });
  afterAll(() => {
    // The measured time of each step (the suite's boot is apart): printed for the report.
    process.stdout.write(`improvement loop steps (ms): ${JSON.stringify(timings)}\n`);
  });

  it('a single feedback item is judged to need R&D; its analysis report names the cause and the test cases and starts the improvement record', async () => {
    await feedbackAt('first', customers[0], 'B2601', '2026-02-16T10:00:00');
    await wf(manager, FEEDBACK).step(items.first.documentId, 'judge', { data: { judgement: 'needs-rnd', needsRnd: true } });
    report = await reportOn('first', {
      reproductionSteps: '连续打印 300 页以上',
      affectedBatches: ['B2601'],
      testCases: [
        { title: '连续打印 500 页', expected: '无卡纸' },
        { title: '高湿环境打印 100 页', expected: '无卡纸' },
      ],
    });
    await wf(engineer, REPORT).step(report.documentId, 'submit-report');
    const opened = await http().post(`/after-sales/analysis-reports/${report.documentId}/improvement`).set(as(engineer)).send({});
    expect(opened.status).toBe(201);
    improvement = opened.body.data;
    const linked = await http()
      .post(`/after-sales/improvements/${improvement.documentId}/links`)
      .set(as(engineer))
      .send({ feedbacks: [items.january.reference] });
    expect(linked.status).toBe(200);
    const record = await strapi.db.query(IMPROVEMENT).findOne({ where: { documentId: improvement.documentId }, populate: { feedbacks: { select: ['documentId'] } } });
    expect(record).toMatchObject({ state: 'analysing', batch: 'B2601', causeCategory: 'component-batch' });
    expect(record.feedbacks.map((f: { documentId: string }) => f.documentId).sort()).toEqual([items.first.documentId, items.january.documentId].sort());
  });

  it('the plan (short- and long-term actions, owned by the engineer) is approved by the product, R&D and quality heads', async () => {
    await putImprovementPlan(strapi, engineer.token, improvement.documentId, { ownerId: engineer.id, dueDate: '2026-03-20' });
    await wf(engineer).step(improvement.documentId, 'propose-plan', {
      data: {
        rootCause: '搓轮材质耐磨性不足',
        shortTermFix: '为 B2601 批次上门更换高耐磨搓轮',
        shortTermOwner: engineer.id,
        shortTermDueDate: '2026-03-20',
        longTermPlan: '改用硅胶材质搓轮',
        longTermOwner: engineer.id,
        longTermDueDate: '2026-05-29',
      },
    });
    expect((await wf(productHead).step(improvement.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(engineer).step(improvement.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(qualityHead).step(improvement.documentId, 'approve-plan')).state).toBe('approved');
  });

  it('a recall of batch B2601 opens one service record per unit for its owners (installed, or named by a case), each told on their channel', async () => {
    const recall = await http()
      .post(`/after-sales/improvements/${improvement.documentId}/field-actions`)
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B2601'] });
    expect(recall.status).toBe(201);
    // Three installed units (serial numbers known) and the units of the two earlier cases on the batch; not B2602's owner.
    expect(recall.body.data).toMatchObject({ created: 5, existing: 0, notified: 5, unreachable: 0 });
    const opened = (await strapi.db.query(SERVICE_RECORD).findMany({
      where: { kind: 'onsite-repair', product: { documentId: product.documentId } },
      populate: { customer: { select: ['documentId'] } },
    })) as any[];
    expect(opened.map((r) => [r.customer.documentId, r.batch, r.serialNumber]).sort()).toEqual(
      [
        [customers[0], 'B2601', 'SN-1001'],
        [customers[1], 'B2601', 'SN-1002'],
        [customers[2], 'B2601', 'SN-1003'],
        [customers[4], 'B2601', null],
        [customers[5], 'B2601', null],
      ].sort()
    );
    const told = await strapi.db
      .connection('after_sales_outbox')
      .whereIn(
        'document_id',
        opened.map((r) => r.documentId)
      )
      .select('channel', 'recipient');
    expect(told.map((m: { channel: string; recipient: string }) => `${m.channel}:${m.recipient}`).sort()).toEqual([
      'email:loop0@example.cn',
      'email:loop1@example.cn',
      'email:loop2@example.cn',
      'email:loop4@example.cn',
      'email:loop5@example.cn',
    ]);
    // The owner's privacy export lists the unit of the recall.
    const exported = await http().post(`/after-sales/privacy/customers/${customers[0]}/export`).set(as(manager)).send({ reason: 'customer asked what we hold' });
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.text).fieldActionUnits).toEqual([
      expect.objectContaining({ model: 'PR-70', batch: 'B2601', serialNumber: 'SN-1001', serviceRecord: expect.stringMatching(/^SR-\d{8}-\d{4}$/), notifiedBy: 'email', outcome: null }),
    ]);
  });

  it('a beta test invites 12 customers; each answers on the portal page; the customer verification report counts them', async () => {
    const invited = await http()
      .post(`/after-sales/improvements/${improvement.documentId}/beta-tests`)
      .set(as(manager))
      .send({ data: { name: '高耐磨搓轮 Beta 测试', customers } });
    expect(invited.status).toBe(201);
    expect(invited.body.data.invited).toBe(12);
    // Hand counts — solved: 10 yes, 2 partly; better: 9 yes, 2 partly, 1 no.
    for (const [i, customer] of customers.entries()) {
      const [{ path, locale }] = await betaInvitations(strapi, customer);
      expect(locale).toBe(i >= 8 ? 'en' : 'zh-Hans');
      const answered = await answerAsPhone(strapi, path as string, { solved: i < 10 ? 'yes' : 'partly', better: i < 9 ? 'yes' : i < 11 ? 'partly' : 'no' });
      expect([i, answered.status]).toEqual([i, 303]);
    }
    const shown = await http().get(`/after-sales/beta-tests/${invited.body.data.id}`).set(as(qualityHead));
    const { report: counted } = shown.body.data;
    expect([counted.invited, counted.answered, counted.responseRate]).toEqual([12, 12, 100]);
    expect(counted.questions.map((q: { key: string; counts: object }) => [q.key, q.counts])).toEqual([
      ['solved', { yes: 10, partly: 2, no: 0 }],
      ['better', { yes: 9, partly: 2, no: 1 }],
    ]);
  });

  it('internal verification: each test case passed, by the quality engineer (the engineer wrote the fix and is refused); then verified with customers', async () => {
    const own = await wf(engineer).attempt(improvement.documentId, 'verify-internally');
    expect([own.status, own.body.error.details.errors[0].path.join('.')]).toEqual([400, 'data.verifiedBy']);
    const open = await wf(qualityHead).attempt(improvement.documentId, 'verify-internally');
    expect([open.status, open.body.error.details.errors[0].path.join('.')]).toEqual([400, 'data.testCases']);
    expect((await verifyTestCases(strapi, qualityHead.token, improvement.documentId)).summary).toMatchObject({ total: 2, passed: 2, allPassed: true });
    expect((await wf(qualityHead).step(improvement.documentId, 'verify-internally')).state).toBe('internally-verified');
    expect((await wf(qualityHead).step(improvement.documentId, 'verify-with-customers')).state).toBe('customer-verified');
    const record = await strapi.db.query(IMPROVEMENT).findOne({ where: { documentId: improvement.documentId } });
    expect(record.internalVerification).toContain('测试用例 2/2 通过');
    expect(record.customerVerification).toContain('客户验证报告「高耐磨搓轮 Beta 测试」：12/12 位客户回答');
  });

  it('the release tells the customers of the linked items, once each, on their channel and in their language', async () => {
    clock().set(shanghai('2026-03-16T10:00:00'));
    expect((await wf(qualityHead).step(improvement.documentId, 'close')).state).toBe('closed');
    const queued = await strapi.db.connection('after_sales_outbox').where({ template_key: 'improvement.fix-released' }).select('document_id', 'channel', 'locale', 'recipient', 'status');
    // The first item's customer and the January item's (linked by hand); December's is of the issue but not linked: not told.
    expect(queued.map((m: any) => [m.document_id, m.channel, m.locale, m.recipient]).sort()).toEqual(
      [
        [items.first.documentId, 'email', 'zh-Hans', 'loop0@example.cn'],
        [items.january.documentId, 'email', 'zh-Hans', 'loop5@example.cn'],
      ].sort()
    );
    const notices = await http().get(`/after-sales/improvements/${improvement.documentId}/notices`).set(as(manager));
    expect(notices.body.data.notices.map((n: { reference: string; status: string }) => [n.reference, n.status]).sort()).toEqual(
      [
        [items.first.reference, 'waiting'],
        [items.january.reference, 'waiting'],
      ].sort()
    );
  });

  it('the next month’s report shows the issue before and after the fix', async () => {
    // April: one item of another batch (not the issue).
    await feedbackAt('otherBatch', customers[3], 'B2602', '2026-04-08T10:00:00');
    await reportOn('otherBatch');
    clock().set(shanghai('2026-05-04T09:00:00'));
    const sections = await http().get('/after-sales/reports/sections?month=2026-04').set(as(manager));
    expect(sections.status).toBe(200);
    const effect = sections.body.data.find((s: { id: string }) => s.id === 'after-sales.analysis.fix-effect');
    expect(effect.status).toBe('ok');
    // Before (Dec – Feb): December, January, the first item — 1 a month; after (April): none.
    expect(effect.data.rows).toEqual([
      {
        record: improvement.reference,
        issue: 'PR-70 / B2601 / component-batch',
        released: '2026-03-16',
        beforeMonths: '2025-12 – 2026-02',
        beforeItems: 3,
        beforePerMonth: 1,
        afterMonths: '2026-04 – 2026-04',
        afterItems: 0,
        afterPerMonth: 0,
        changePercent: -100,
      },
    ]);
  });
});
