import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow, putImprovementPlan, verifyTestCases } from '../helpers/workflow';
import { statementOutcome } from '../helpers/statement-outcome';

const UID = 'api::improvement-record.improvement-record';
let strapi: Core.Strapi;
let manager: AdminSession;
let productHead: AdminSession;
let technicalHead: AdminSession;
let qualityHead: AdminSession;
let agent: AdminSession;
const http = () => request(strapi.server.httpServer);
const ISSUE = { month: '2026-10', productModel: 'AP-200', batch: 'B2405', groupedBy: 'type', key: 'quality' };

const seedFeedback = async (facts: Record<string, unknown>, createdAt: Date, product: { documentId: string }) => {
  const doc = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: '高档噪音', product: product.documentId, ...facts } as any });
  await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: { createdAt } });
  return doc;
};
const makeHead = (code: string, session: AdminSession) => strapi.db.query('api::department.department').update({ where: { code }, data: { head: session.id } });
/** A due date `days` from today (due dates before the record existed are refused). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const start = (body: Record<string, unknown>, token = manager.token) => http().post('/after-sales/improvements').set('Authorization', `Bearer ${token}`).send(body);

beforeAll(async () => {
  strapi = await bootStrapi();
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  productHead = await createAdmin(strapi, 'knowledge-editor', { department: 'product' });
  technicalHead = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  qualityHead = await createAdmin(strapi, 'quality-engineer', { department: 'quality' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  await makeHead('product', productHead);
  await makeHead('technical', technicalHead);
  await makeHead('quality', qualityHead);
  const ap = await createProduct(strapi, { modelCode: 'AP-200' });
  const rc = await createProduct(strapi, { modelCode: 'RC-5' });
  for (let i = 0; i < 6; i++) await seedFeedback({ type: 'quality', batch: 'B2405' }, new Date(Date.UTC(2026, 9, 2 + i, 4)), ap);
  for (let i = 0; i < 5; i++) await seedFeedback({ type: 'quality', batch: 'C2311' }, new Date(Date.UTC(2026, 9, 10 + i, 4)), rc);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('improvement records from high-frequency issues', () => {
  let documentId: string;

  it('starts one record from a high-frequency issue, linking its items', async () => {
    const bad = await start({ month: '2026-13', groupedBy: 'batch', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['extra', 'groupedBy', 'key', 'month', 'productModel']);
    const nearMiss = await start({ ...ISSUE, productModel: 'RC-5', batch: 'C2311' });
    expect(nearMiss.status).toBe(400);
    expect(nearMiss.body.error.details.errors[0].path).toEqual(['key']);
    expect((await start(ISSUE, agent.token)).status).toBe(403);

    const created = await start(ISSUE);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ state: 'analysing', feedbacks: 6, title: 'AP-200 / B2405: quality × 6 (2026-10)' });
    expect(created.body.data.reference).toMatch(/^IR-\d{8}-\d{4}$/);
    documentId = created.body.data.documentId;
    const record = await strapi.db.query(UID).findOne({ where: { documentId }, populate: { feedbacks: true, product: true } });
    expect(record.feedbacks).toHaveLength(6);
    expect(record.feedbacks.every((f: any) => f.batch === 'B2405')).toBe(true);
    expect(record.product.modelCode).toBe('AP-200');

    const again = await start(ISSUE);
    expect(again.status).toBe(409);
    expect(again.body.error.details.documentId).toBe(documentId);
    const report = await http().get('/after-sales/reports/monthly?month=2026-10').set('Authorization', `Bearer ${manager.token}`);
    expect(report.body.data.highFrequencyIssues[0].improvementRecord).toEqual({ documentId, reference: created.body.data.reference, state: 'analysing' });
  });

  it('runs through analysis, plan, three approvals, verification and closing, and publishes a knowledge article draft', async () => {
    const wf = (session: AdminSession) => adminWorkflow(strapi, session.token, UID);
    const missing = await wf(manager).perform(documentId, 'propose-plan', { version: 1, data: { rootCause: '轴承批次润滑脂不足' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual([
      'data.shortTermFix',
      'data.shortTermOwner',
      'data.shortTermDueDate',
      'data.longTermPlan',
      'data.longTermOwner',
      'data.longTermDueDate',
    ]);
    const plan = {
      rootCause: '轴承批次润滑脂不足',
      shortTermFix: '上门更换 B2405 批次轴承',
      shortTermOwner: technicalHead.id,
      shortTermDueDate: inDays(18),
      longTermPlan: '供应商来料检验增加润滑脂检查',
      longTermOwner: technicalHead.id,
      longTermDueDate: inDays(60),
    };
    // The plan's action table (改进方案实施表) needs a short-term and a long-term action before it is proposed.
    await putImprovementPlan(strapi, technicalHead.token, documentId, { ownerId: technicalHead.id, dueDate: inDays(18) });
    expect((await wf(technicalHead).step(documentId, 'propose-plan', { data: plan })).state).toBe('plan-proposed');
    const notHead = await wf(manager).perform(documentId, 'approve-plan', { version: 2 });
    expect(notHead.status).toBe(403);
    expect((await wf(productHead).step(documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(technicalHead).step(documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(qualityHead).step(documentId, 'approve-plan')).state).toBe('approved');

    // Internal verification (004 二(四)): each test case of the analysis report passed, by someone other than the fix's author.
    const refusedField = async (session: AdminSession, action: string, data: Record<string, unknown> = {}) => {
      const res = await wf(session).attempt(documentId, action, { data });
      expect(res.status).toBe(400);
      return { field: res.body.error.details.errors[0].path.join('.'), message: res.body.error.message as string };
    };
    // The engineer owns the fix: they may not verify it, not even with a text.
    expect(await refusedField(technicalHead, 'verify-internally', { internalVerification: '台架测试 48 h 无异响' })).toMatchObject({ field: 'data.verifiedBy' });
    // Started from the monthly threshold, the record has no analysis report yet: nothing to verify.
    expect(await refusedField(qualityHead, 'verify-internally')).toMatchObject({ field: 'data.testCases', message: expect.stringContaining('no test case') });
    const feedback = (await strapi.db.query(UID).findOne({ where: { documentId }, populate: { feedbacks: true } })).feedbacks[0];
    const analysis = await http()
      .post('/after-sales/analysis-reports')
      .set('Authorization', `Bearer ${agent.token}`)
      .send({ source: { uid: 'api::feedback.feedback', documentId: feedback.documentId }, causeCategory: 'component-batch', testCases: [{ title: '台架测试 72 h', expected: '无异响' }] });
    expect(analysis.status).toBe(201);
    const linked = await http()
      .post(`/after-sales/improvements/${documentId}/links`)
      .set('Authorization', `Bearer ${technicalHead.token}`)
      .send({ analysisReports: [analysis.body.data.reference] });
    expect(linked.status).toBe(200);
    expect(await refusedField(qualityHead, 'verify-internally')).toMatchObject({ field: 'data.testCases', message: expect.stringContaining('"台架测试 72 h"') });
    // The verdict: failed. The action is refused; the verification failed, back to analysis, and the next plan needs new approvals.
    await verifyTestCases(strapi, qualityHead.token, documentId, 'failed');
    expect(await refusedField(qualityHead, 'verify-internally')).toMatchObject({ field: 'data.testCases', message: expect.stringContaining('failed') });
    expect((await wf(qualityHead).step(documentId, 'verification-failed', { note: '台架测试 48 h 仍有异响' })).state).toBe('analysing');
    expect((await strapi.db.query(UID).findOne({ where: { documentId }, populate: { approvals: true } })).approvals).toEqual([]);
    // The new plan: the bearing is replaced on site, where the engineer confirms it with each customer, so the plan says why no beta test is needed.
    await wf(technicalHead).step(documentId, 'propose-plan', {
      data: { ...plan, shortTermFix: '更换轴承并加注润滑脂', noBetaTestReason: '上门更换轴承,工程师当场与每位客户确认,无需 Beta 测试' },
    });
    for (const head of [productHead, technicalHead, qualityHead]) await wf(head).step(documentId, 'approve-plan');
    // The verdict given before the new plan was approved was about the old fix: it does not count.
    expect(await refusedField(qualityHead, 'verify-internally')).toMatchObject({ field: 'data.testCases', message: expect.stringContaining('since the plan was approved') });

    const published = await wf(technicalHead).step(documentId, 'publish-solution');
    expect(published.state).toBe('approved');
    const record = await strapi.db.query(UID).findOne({ where: { documentId }, populate: { knowledgeArticle: true } });
    const draft = await strapi
      .documents('api::knowledge-article.knowledge-article')
      .findOne({ documentId: record.knowledgeArticle.documentId, locale: 'zh-Hans', status: 'draft', populate: ['products'] } as any);
    expect(draft).toMatchObject({ title: 'AP-200 / B2405: quality × 6 (2026-10)', cause: '轴承批次润滑脂不足', publishedAt: null });
    expect(draft!.solution).toContain('更换轴承并加注润滑脂');
    expect(draft!.solution).toContain('供应商来料检验增加润滑脂检查');
    expect((draft as any).products.map((p: any) => p.modelCode)).toEqual(['AP-200']);
    const publishedVersion = await strapi
      .documents('api::knowledge-article.knowledge-article')
      .findOne({ documentId: record.knowledgeArticle.documentId, locale: 'zh-Hans', status: 'published' } as any);
    expect(publishedVersion).toBeNull();
    const actions = (await wf(technicalHead).actions(documentId)).body.data.actions.map((a: { id: string }) => a.id);
    expect(actions).not.toContain('publish-solution');

    expect((await verifyTestCases(strapi, qualityHead.token, documentId, 'passed')).summary).toMatchObject({ total: 1, passed: 1, allPassed: true });
    expect((await wf(qualityHead).step(documentId, 'verify-internally', { data: { internalVerification: '更换后台架测试 72 h 无异响' } })).state).toBe('internally-verified');
    // No beta test by the plan: how the customers confirmed it is required instead.
    expect(await refusedField(qualityHead, 'verify-with-customers')).toMatchObject({ field: 'data.customerVerification' });
    expect((await wf(qualityHead).step(documentId, 'verify-with-customers', { data: { customerVerification: '上门更换的 6 位客户均当场确认无异响' } })).state).toBe('customer-verified');
    expect((await wf(qualityHead).step(documentId, 'close')).state).toBe('closed');
    const closed = await strapi.db.query(UID).findOne({ where: { documentId } });
    expect(closed.closedAt).toBeTruthy();
    expect(closed.internallyVerifiedAt).toBeTruthy();
    expect(closed.customerVerifiedAt).toBeTruthy();
    // The record keeps what was checked: the typed words, then each test case's verdict and who gave it.
    expect(closed.internalVerification).toMatch(/^更换后台架测试 72 h 无异响\n\n测试用例 1\/1 通过 \(test cases passed\)\n- AR-\d{8}-\d{4} 台架测试 72 h：通过（.+）$/);
    expect(closed.noBetaTestReason).toContain('无需 Beta 测试');

    const timeline = (await wf(manager).timeline(documentId)).body.data.map((e: { action: string }) => e.action);
    expect(timeline[0]).toBe('create-from-issue');
    expect(timeline).toEqual(expect.arrayContaining(['propose-plan', 'approve-plan', 'verification-failed', 'publish-solution', 'close']));
  });

  it('two managers starting a record from the same issue at once get one record: the other gets 409', async () => {
    const kettle = await createProduct(strapi, { modelCode: 'KT-9' });
    for (let i = 0; i < 6; i++) await seedFeedback({ type: 'quality', batch: 'K0910' }, new Date(Date.UTC(2026, 9, 3 + i, 4)), kettle);
    const issue = { ...ISSUE, productModel: 'KT-9', batch: 'K0910' };
    const answers = await Promise.all([start(issue), start(issue)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const winner = answers.find((a) => a.status === 201)!;
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.error.details.documentId).toBe(winner.body.data.documentId);
    const rows = await strapi.db.connection('improvement_records').where({ issue_key: winner.body.data.issueKey }).select('document_id');
    expect(rows).toHaveLength(1);
    // The database itself refuses a second record for the issue, whatever writes it.
    expect(await statementOutcome(strapi.db.connection('improvement_records').insert({ document_id: 'duplicate-probe', issue_key: winner.body.data.issueKey }))).toMatch(
      /UNIQUE constraint failed|duplicate key value/
    );
  });

  it('refuses setting the state outside the workflow', async () => {
    await expect(strapi.documents(UID).update({ documentId, data: { state: 'analysing' } as any })).rejects.toThrow(/Workflow panel only/);
  });
});
