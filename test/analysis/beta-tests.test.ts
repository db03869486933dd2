import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { type AdminSession, createImprovementTeam } from '../helpers/auth';
import { createCustomer, createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';
import { answerAsPhone, betaInvitations } from '../helpers/beta';

/**
 * 004 二(四), issue #25 item 4: from an approved improvement record, a beta test invites 10–20
 * customers (the settings) on their channel; each answers the verification questions once on the
 * portal's page (as a phone posts the form); the customer verification report (客户验证报告) counts
 * the answers. Internal verification records each test case of the analysis report as passed or
 * failed, refused for the fix's author. Bad input is a 4xx naming the field, with nothing written.
 */
const REPORT = 'api::analysis-report.analysis-report';
const FEEDBACK = 'api::feedback.feedback';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const CUSTOMER = 'api::customer.customer';
const ENV = {
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '1',
  SMTP_FROM: 'service@example.cn',
  AFTER_SALES_TEST_CLOCK: '1',
  AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000',
  AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
  AFTER_SALES_SCHEDULER: 'off',
  AFTER_SALES_DISPATCHER: 'off',
};

let strapi: Core.Strapi;
let engineer: AdminSession;
let productHead: AdminSession;
let qualityHead: AdminSession;
let manager: AdminSession;
let agent: AdminSession;
let improvement: string;
let report: string;
const customers: string[] = [];
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({
  get: (path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`),
  post: (path: string, body: unknown) =>
    http()
      .post(path)
      .set('Authorization', `Bearer ${session.token}`)
      .send(body as object),
  put: (path: string, body: unknown) =>
    http()
      .put(path)
      .set('Authorization', `Bearer ${session.token}`)
      .send(body as object),
  del: (path: string) => http().delete(path).set('Authorization', `Bearer ${session.token}`),
});
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');
const count = async (table: string) => Number((await strapi.db.connection(table).count({ n: '*' }))[0].n);
const paths = (res: request.Response) => res.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'));
const invitations = (customer: string) => betaInvitations(strapi, customer);
const phone = (path: string, form: Record<string, string>) => answerAsPhone(strapi, path, form);

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
  await ensureDepartments(strapi);
  ({ agent, engineer, productHead, qualityHead, manager } = await createImprovementTeam(strapi));
  clock().set(shanghai('2026-03-09T09:00:00'));
  const product = await createProduct(strapi, { modelCode: 'BT-50' });
  // The analysis report with two test cases, submitted; its improvement record; the plan, owned by the engineer; the three approvals.
  const feedback = (await createFeedback(strapi, { product: product.documentId, batch: 'B2405', type: 'quality', symptom: '连续打印50页后卡纸' })) as any;
  const opened = await as(agent).post('/after-sales/analysis-reports', { source: { uid: FEEDBACK, documentId: feedback.documentId } });
  report = opened.body.data.documentId;
  const saved = await http()
    .put(`/after-sales/analysis-reports/${report}`)
    .set('Authorization', `Bearer ${engineer.token}`)
    .send({
      causeCategory: 'component-batch',
      description: '搓轮材质耐磨性不足',
      testCases: [
        { title: '连续打印 500 页', expected: '无卡纸' },
        { title: '高湿环境打印 100 页', expected: '无卡纸' },
      ],
    });
  expect(saved.status).toBe(200);
  await adminWorkflow(strapi, engineer.token, REPORT).step(report, 'submit-report');
  const started = await as(manager).post(`/after-sales/analysis-reports/${report}/improvement`, {});
  expect(started.status).toBe(201);
  improvement = started.body.data.documentId;
  const plan = await http()
    .put(`/after-sales/improvements/${improvement}/plan`)
    .set('Authorization', `Bearer ${engineer.token}`)
    .send({
      actions: [
        { term: 'short', action: '更换高耐磨搓轮', ownerId: engineer.id, dueDate: '2026-03-20' },
        { term: 'long', action: '改用硅胶搓轮', ownerId: engineer.id, dueDate: '2026-05-29' },
      ],
    });
  expect(plan.status).toBe(200);
  const fields = {
    rootCause: '搓轮材质耐磨性不足',
    shortTermFix: '更换高耐磨搓轮批次',
    shortTermOwner: engineer.id,
    shortTermDueDate: '2026-03-20',
    longTermPlan: '改用硅胶材质搓轮',
    longTermOwner: engineer.id,
    longTermDueDate: '2026-05-29',
  };
  const wf = (s: AdminSession) => adminWorkflow(strapi, s.token, IMPROVEMENT);
  await wf(engineer).step(improvement, 'propose-plan', { data: fields });
  for (const head of [productHead, engineer, qualityHead]) await wf(head).step(improvement, 'approve-plan');
  // 13 customers: 8 in Chinese by email, 4 in English by email, one with a landline only (no channel reaches them).
  for (let i = 0; i < 12; i++) {
    const en = i >= 8;
    const c = await createCustomer(strapi, {
      name: en ? `Customer ${i}` : `客户${i}`,
      locale: en ? 'en' : 'zh-Hans',
      email: `beta${i}@example.cn`,
      phone: `+86 138 0013 ${String(7000 + i)}`,
      wechat: null,
      address: null,
    });
    customers.push(c.documentId);
  }
  customers.push((await createCustomer(strapi, { name: '座机客户', email: null, phone: '+86 10 6552 9988', wechat: null, address: null })).documentId);
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('inviting customers to a beta test', () => {
  const url = () => `/after-sales/improvements/${improvement}/beta-tests`;

  it('refuses fewer than 10 or more than 20 customers, a bad question, an unknown or unreachable customer, naming the field, and writes nothing', async () => {
    const before = [await count('after_sales_beta_tests'), await count('after_sales_beta_invitations'), await count('after_sales_outbox')];
    const few = await as(manager).post(url(), { data: { name: '搓轮 Beta', customers: customers.slice(0, 9) } });
    expect(few.status).toBe(400);
    expect(paths(few)).toEqual(['data.customers']);
    expect(few.body.error.details.errors[0].message).toMatch(/between 10 and 20 customers \(9 given\)/);
    const many = await as(manager).post(url(), { data: { name: '搓轮 Beta', customers: Array.from({ length: 21 }, (_, i) => `c${i}`) } });
    expect(paths(many)).toEqual(['data.customers']);
    const bad = await as(manager).post(url(), {
      data: { name: ' ', customers: [...customers.slice(0, 10), customers[0]], questions: [{ key: 'Solved', title: { 'zh-Hans': '解决了吗', en: '' }, kind: 'maybe' }] },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['data.name', 'data.questions.0.key', 'data.questions.0.title.en', 'data.questions.0.kind', 'data.customers.10']);
    const unknown = await as(manager).post(url(), { data: { name: '搓轮 Beta', customers: [...customers.slice(0, 10), 'nosuchcustomer000000000'] } });
    expect(paths(unknown)).toEqual(['data.customers.10']);
    // The landline customer: no channel reaches them; the whole invitation is refused, not half sent.
    const unreachable = await as(manager).post(url(), { data: { name: '搓轮 Beta', customers: [...customers.slice(0, 10), customers[12]] } });
    expect(unreachable.status).toBe(400);
    expect(paths(unreachable)).toEqual(['data.customers.10']);
    expect(unreachable.body.error.details.errors[0].message).toMatch(/no channel reaches this customer/);
    expect([await count('after_sales_beta_tests'), await count('after_sales_beta_invitations'), await count('after_sales_outbox')]).toEqual(before);
  });

  it('is for staff with the invite permission; the count is a setting', async () => {
    expect((await as(agent).post(url(), { data: { name: 'x', customers: customers.slice(0, 12) } })).status).toBe(403);
    expect((await http().post(url()).send({ data: {} })).status).toBe(401);
    const set = await http()
      .put('/after-sales/extensions/after-sales.beta-tests/configuration')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ data: { minCustomers: 13 } });
    expect(set.status).toBe(200);
    try {
      const few = await as(manager).post(url(), { data: { name: '搓轮 Beta', customers: customers.slice(0, 12) } });
      expect(paths(few)).toEqual(['data.customers']);
      expect(few.body.error.details.errors[0].message).toMatch(/between 13 and 20/);
    } finally {
      await http()
        .put('/after-sales/extensions/after-sales.beta-tests/configuration')
        .set('Authorization', `Bearer ${manager.token}`)
        .send({ data: { minCustomers: 10 } });
    }
  });

  let betaId: number;
  it('the invitation’s link is its own variable: the template editor accepts it in this template', async () => {
    const saved = await as(manager).put('/after-sales/messages/editor/templates/beta.invitation', {
      data: { locale: 'en', subject: 'Try the fix', body: 'Dear {{customer.name}}, answer here: {{links.beta}}' },
    });
    expect(saved.status).toBe(200);
    expect((await as(manager).del('/after-sales/messages/editor/templates/beta.invitation?locale=en')).status).toBe(200);
  });

  it('invites 12 customers, each once on their channel in their language', async () => {
    const res = await as(manager).post(url(), { data: { name: '搓轮更换 Beta 测试', customers: customers.slice(0, 12) } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: '搓轮更换 Beta 测试', invited: 12 });
    betaId = res.body.data.id;
    const zh = await invitations(customers[0]);
    const en = await invitations(customers[11]);
    expect(zh).toHaveLength(1);
    expect([zh[0].channel, zh[0].locale, en[0].channel, en[0].locale]).toEqual(['email', 'zh-Hans', 'email', 'en']);
    expect(zh[0].bodyText).toContain('问题是否已解决');
    expect(en[0].bodyText).toContain('Is the problem gone?');
    expect(zh[0].path).toBeTruthy();
    expect(await count('after_sales_beta_invitations')).toBe(12);
    const listed = await as(qualityHead).get(url());
    expect(listed.status).toBe(200);
    expect(listed.body.data.tests.map((t: { id: number; report: { invited: number; answered: number } }) => [t.id, t.report.invited, t.report.answered])).toEqual([[betaId, 12, 0]]);
  });

  it('each customer answers once on the portal page; the report counts the answers as by hand', async () => {
    // Hand counts: solved — 7 yes, 3 partly, 1 no (11 answered of 12); better — 6 yes, 2 partly, 3 no.
    const solved = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'partly', 'partly', 'partly', 'no'];
    const better = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'partly', 'partly', 'no', 'no', 'no'];
    const comments: Record<number, string> = { 7: '偶尔还会卡纸', 10: 'Still jams on thick paper' };
    for (let i = 0; i < 11; i++) {
      const [{ path }] = await invitations(customers[i]);
      const page = await http().get(path as string);
      expect(page.status).toBe(200);
      expect(page.text).toContain(i >= 8 ? 'Is the problem gone?' : '问题是否已解决？');
      const res = await phone(path as string, { solved: solved[i], comment_solved: comments[i] ?? '', better: better[i] });
      expect([i, res.status]).toEqual([i, 303]);
    }
    const [{ path: answeredPath }] = await invitations(customers[0]);
    const again = await phone(answeredPath as string, { solved: 'no', better: 'no' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('您已经回答过了');
    // The twelfth customer forgets a question: 400 on the page, nothing recorded; then their link expires (14 days): 410.
    const [{ path: last }] = await invitations(customers[11]);
    const missing = await phone(last as string, { solved: 'yes' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Please answer every question.');
    expect((await http().get('/after-sales/portal/beta/nosuchtoken')).status).toBe(404);

    const shown = await as(qualityHead).get(`/after-sales/beta-tests/${betaId}`);
    expect(shown.status).toBe(200);
    const r = shown.body.data.report;
    expect([r.invited, r.answered, r.responseRate]).toEqual([12, 11, 91.7]);
    const [q1, q2] = r.questions;
    expect([q1.key, q1.answered, q1.counts, q1.percents]).toEqual(['solved', 11, { yes: 7, partly: 3, no: 1 }, { yes: 63.6, partly: 27.3, no: 9.1 }]);
    expect(q1.comments).toEqual([
      { choice: 'partly', comment: '偶尔还会卡纸' },
      { choice: 'no', comment: 'Still jams on thick paper' },
    ]);
    expect([q2.counts, q2.percents]).toEqual([
      { yes: 6, partly: 2, no: 3 },
      { yes: 54.5, partly: 18.2, no: 27.3 },
    ]);

    clock().set(shanghai('2026-03-24T09:00:00'));
    const expired = await phone(last as string, { solved: 'yes', better: 'yes' });
    expect(expired.status).toBe(410);
    expect((await http().get(last as string)).status).toBe(410);
    expect((await as(qualityHead).get(`/after-sales/beta-tests/${betaId}`)).body.data.report.answered).toBe(11);
    clock().set(shanghai('2026-03-10T09:00:00'));
  });
});

describe('internal verification of the test cases', () => {
  const url = () => `/after-sales/improvements/${improvement}/internal-verification`;

  it('lists the analysis report’s test cases, open', async () => {
    const res = await as(qualityHead).get(url());
    expect(res.status).toBe(200);
    expect(res.body.data.cases.map((c: { title: string; result: string | null }) => [c.title, c.result])).toEqual([
      ['连续打印 500 页', null],
      ['高湿环境打印 100 页', null],
    ]);
    expect(res.body.data).toMatchObject({ mayVerify: true, summary: { total: 2, open: 2, allPassed: false } });
    expect((await as(engineer).get(url())).body.data.mayVerify).toBe(false);
  });

  it('refuses the fix’s author, and bad input naming the field, writing nothing', async () => {
    const own = await as(engineer).post(url(), { data: { results: [{ report, testCase: 0, result: 'passed' }] } });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/author/);
    const bad = await as(qualityHead).post(url(), {
      data: {
        results: [
          { report, testCase: 0, result: 'ok' },
          { report, testCase: 1, result: 'failed' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['data.results.0.result', 'data.results.1.note']);
    const unknown = await as(qualityHead).post(url(), { data: { results: [{ report, testCase: 5, result: 'passed' }] } });
    expect(paths(unknown)).toEqual(['data.results.0.testCase']);
    expect((await as(agent).post(url(), { data: { results: [{ report, testCase: 0, result: 'passed' }] } })).status).toBe(403);
    expect(await count('after_sales_test_case_verifications')).toBe(0);
  });

  it('records each case as passed or failed by someone else; the latest verdict counts', async () => {
    const first = await as(qualityHead).post(url(), {
      data: {
        results: [
          { report, testCase: 0, result: 'passed' },
          { report, testCase: 1, result: 'failed', note: '湿度 85% 时第 60 页卡纸' },
        ],
      },
    });
    expect(first.status).toBe(200);
    expect(first.body.data.summary).toMatchObject({ total: 2, passed: 1, failed: 1, open: 0, allPassed: false });
    const again = await as(manager).post(url(), { data: { results: [{ report, testCase: 1, result: 'passed', note: '更换批次后复测通过' }] } });
    expect(again.status).toBe(200);
    expect(again.body.data.summary).toMatchObject({ passed: 2, failed: 0, allPassed: true });
    expect(again.body.data.cases[1]).toMatchObject({ result: 'passed', note: '更换批次后复测通过', verifiedBy: expect.any(String) });
    expect(await count('after_sales_test_case_verifications')).toBe(3);
  });
});

describe('the verification actions need what they claim', () => {
  const wf = (s: AdminSession) => adminWorkflow(strapi, s.token, IMPROVEMENT);
  const setMinAnswers = (minAnswers: number) =>
    http().put('/after-sales/extensions/after-sales.beta-tests/configuration').set('Authorization', `Bearer ${manager.token}`).send({ data: { minAnswers } });

  it('"verified internally": refused for the fix’s author, naming the field; for someone else it records the verdicts on the record', async () => {
    const own = await wf(engineer).attempt(improvement, 'verify-internally', { data: { internalVerification: '我自己测过了' } });
    expect(own.status).toBe(400);
    expect(paths(own)).toEqual(['data.verifiedBy']);
    expect(own.body.error.message).toMatch(/author/);
    expect((await wf(qualityHead).step(improvement, 'verify-internally')).state).toBe('internally-verified');
    const record = await strapi.db.query(IMPROVEMENT).findOne({ where: { documentId: improvement } });
    expect(record.internalVerification).toMatch(/^测试用例 2\/2 通过 \(test cases passed\)\n- AR-\d{8}-\d{4} 连续打印 500 页：通过/);
    expect(record.internalVerification).toContain('高湿环境打印 100 页：通过');
  });

  it('"verified with customers": refused until the customer verification report has enough answers (a setting), then writes its figures', async () => {
    expect((await setMinAnswers(12)).status).toBe(200);
    try {
      const few = await wf(qualityHead).attempt(improvement, 'verify-with-customers', { data: { customerVerification: '客户都满意' } });
      expect(few.status).toBe(400);
      expect(paths(few)).toEqual(['data.betaTest']);
      expect(few.body.error.message).toContain('has 11 of 12 answers; 12 are needed');
    } finally {
      await setMinAnswers(10);
    }
    expect((await wf(qualityHead).step(improvement, 'verify-with-customers')).state).toBe('customer-verified');
    const record = await strapi.db.query(IMPROVEMENT).findOne({ where: { documentId: improvement } });
    expect(record.customerVerification).toBe(
      ['客户验证报告「搓轮更换 Beta 测试」：11/12 位客户回答 (customers answered)', '- 问题是否已解决？：是 63.6%，部分 27.3%，否 9.1%', '- 使用体验是否提升？：是 54.5%，部分 18.2%，否 27.3%'].join(
        '\n'
      )
    );
  });
});

describe('the customer’s privacy rights reach the beta test answers', () => {
  it('an export lists them; an erasure replaces the comments (the choices stay, for the report)', async () => {
    const exported = await http().post(`/after-sales/privacy/customers/${customers[7]}/export`).set('Authorization', `Bearer ${manager.token}`).send({ reason: 'customer asked what we hold' });
    expect(exported.status).toBe(200);
    const body = JSON.parse(exported.text);
    const data = body.data ?? body;
    expect(data.betaTestAnswers).toEqual([expect.objectContaining({ answers: { solved: { choice: 'partly', comment: '偶尔还会卡纸' }, better: { choice: 'partly', comment: null } } })]);

    const version = (await strapi.db.query(CUSTOMER).findOne({ where: { documentId: customers[7] } })).version;
    const erased = await http().post(`/after-sales/privacy/customers/${customers[7]}/erase`).set('Authorization', `Bearer ${manager.token}`).send({ version, reason: 'customer asked to be deleted' });
    expect(erased.status).toBe(200);
    const [test] = (await as(qualityHead).get(`/after-sales/improvements/${improvement}/beta-tests`)).body.data.tests;
    expect(test.report.questions[0].comments).toEqual([
      { choice: 'partly', comment: `[${erased.body.data.pseudonym}]` },
      { choice: 'no', comment: 'Still jams on thick paper' },
    ]);
    expect(test.report.questions[0].counts).toEqual({ yes: 7, partly: 3, no: 1 });
  });
});
