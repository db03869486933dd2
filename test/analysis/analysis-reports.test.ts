import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { type AdminSession, createImprovementTeam } from '../helpers/auth';
import { createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * 004 二(三): one feedback item that needs R&D → a problem analysis report with a cause category,
 * on the root-cause clock (3 working days) → an improvement record of the same issue (model +
 * batch + cause category) → its plan of short- and long-term actions with owners and due dates →
 * the three heads' approvals as before. Bad input is refused naming the field, with nothing written.
 */
const REPORT = 'api::analysis-report.analysis-report';
const FEEDBACK = 'api::feedback.feedback';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
let strapi: Core.Strapi;
let agent: AdminSession;
let engineer: AdminSession;
let productHead: AdminSession;
let qualityHead: AdminSession;
let manager: AdminSession;
let product: { documentId: string };
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
});
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');
const count = async (table: string) => Number((await strapi.db.connection(table).count({ n: '*' }))[0].n);
const feedbackOn = (batch: string) => createFeedback(strapi, { product: product.documentId, batch, type: 'quality', symptom: `连续打印50页后卡纸 ${batch}` });
const GOOD_REPORT = {
  causeCategory: 'component-batch',
  description: '搓轮材质耐磨性不足,B2405 批次搓轮硬度低于规格',
  evidence: '拆解 3 台退回机器,搓轮磨损 0.4 mm',
  reproductionSteps: '连续打印 50 页 A4 普通纸',
  affectedBatches: ['B2405'],
  serialRanges: [{ from: 'SN-2405-0001', to: 'SN-2405-0800' }],
  testCases: [{ title: '连续打印 500 页', expected: '无卡纸' }],
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  ({ agent, engineer, productHead, qualityHead, manager } = await createImprovementTeam(strapi));
  product = await createProduct(strapi, { modelCode: 'PR-50' });
  clock().set(shanghai('2026-03-09T09:00:00')); // a Monday
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('a feedback item needing R&D, through analysis and plan to the approvals', () => {
  let feedback: { documentId: string; reference: string };
  let report: { documentId: string; reference: string };
  let improvement: { documentId: string; reference: string };

  it('refuses a report with bad input, naming each field, and writes nothing', async () => {
    feedback = (await feedbackOn('B2405')) as any;
    const before = await count('analysis_reports');
    const bad = await as(agent).post('/after-sales/analysis-reports', {
      source: { uid: 'api::customer.customer' },
      causeCategory: 'gremlins',
      serialRanges: [{ from: 'SN-10', to: 'SN-9' }],
      testCases: [{ title: '打印' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'))).toEqual([
      'source.uid',
      'source.documentId',
      'causeCategory',
      'serialRanges.0.to',
      'testCases.0.expected',
    ]);
    expect(await count('analysis_reports')).toBe(before);
    const unknown = await as(agent).post('/after-sales/analysis-reports', { source: { uid: FEEDBACK, documentId: 'nosuchdocument0000000000' } });
    expect(unknown.status).toBe(404);
  });

  it('opens a report from the feedback item, on the root-cause clock of 3 working days', async () => {
    const opened = await as(agent).post('/after-sales/analysis-reports', { source: { uid: FEEDBACK, documentId: feedback.documentId } });
    expect(opened.status).toBe(201);
    report = opened.body.data;
    expect(report.reference).toMatch(/^AR-\d{8}-\d{4}$/);
    expect(opened.body.data).toMatchObject({ state: 'analysing', causeCategory: null });
    const shown = await as(engineer).get(`/after-sales/analysis-reports/${report.documentId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({ affectedModels: ['PR-50'], affectedBatches: ['B2405'], batch: 'B2405', items: [{ uid: FEEDBACK, reference: feedback.reference }] });
    expect(shown.body.data.categories.map((c: { title: { 'zh-Hans': string } }) => c.title['zh-Hans'])).toContain('零部件批次问题');
    const clocks = await as(engineer).get(`/after-sales/sla/${REPORT}/${report.documentId}`);
    expect(clocks.body.data.map((c: { clock: string }) => c.clock)).toEqual(['analyseBy']);
    expect(new Date(clocks.body.data[0].dueAt).toISOString()).toBe(shanghai('2026-03-11T18:30:00').toISOString());
    const ofItem = await as(agent).get(`/after-sales/analysis-reports/of/${FEEDBACK}/${feedback.documentId}`);
    expect(ofItem.body.data.reports.map((r: { reference: string }) => r.reference)).toEqual([report.reference]);
  });

  it('checks every write of the report: a bad field refuses the whole update', async () => {
    const bad = await as(engineer).put(`/after-sales/analysis-reports/${report.documentId}`, { description: '写了一半', causeCategory: 'gremlins' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['causeCategory']);
    expect((await strapi.db.query(REPORT).findOne({ where: { documentId: report.documentId } })).description).toBeNull();
    // The Content Manager's writes go through the same check (document middleware).
    await expect(strapi.documents(REPORT as any).update({ documentId: report.documentId, data: { causeCategory: 'gremlins' } as any })).rejects.toThrow(/causeCategory/);
  });

  it('is submitted only with a cause category, a description and a test case; submitting stops the clock', async () => {
    const wf = adminWorkflow(strapi, engineer.token, REPORT);
    const early = await wf.perform(report.documentId, 'submit-report', { version: 1 });
    expect(early.status).toBe(400);
    expect(early.body.error.details.errors[0].path).toEqual(['data', 'causeCategory']);
    const saved = await as(engineer).put(`/after-sales/analysis-reports/${report.documentId}`, GOOD_REPORT);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ causeCategory: 'component-batch', serialRanges: GOOD_REPORT.serialRanges, testCases: GOOD_REPORT.testCases });
    clock().set(shanghai('2026-03-10T15:00:00'));
    expect((await wf.step(report.documentId, 'submit-report')).state).toBe('reported');
    const row = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: REPORT, document_id: report.documentId, clock: 'analyseBy' }).first();
    expect(row.stopped_at).toBeTruthy();
  });

  it('starts the improvement record of its issue (model + batch + cause category); the same issue joins it, another cause on the batch does not', async () => {
    const started = await as(engineer).post(`/after-sales/analysis-reports/${report.documentId}/improvement`, {});
    expect(started.status).toBe(201);
    improvement = started.body.data;
    expect(started.body.data).toMatchObject({ joined: false, state: 'analysing', issueKey: 'analysis|productModel=PR-50|batch=B2405|causeCategory=component-batch' });
    const record = await strapi.db.query(IMPROVEMENT).findOne({ where: { documentId: improvement.documentId }, populate: { feedbacks: true, analysisReports: true } });
    expect(record).toMatchObject({ groupedBy: 'analysis', causeCategory: 'component-batch', rootCause: GOOD_REPORT.description, batch: 'B2405' });
    expect(record.feedbacks.map((f: { reference: string }) => f.reference)).toEqual([feedback.reference]);
    expect((await as(engineer).post(`/after-sales/analysis-reports/${report.documentId}/improvement`, {})).status).toBe(409);

    const reportFor = async (batch: string, causeCategory: string) => {
      const item = (await feedbackOn(batch)) as any;
      const opened = await as(agent).post('/after-sales/analysis-reports', { source: { uid: FEEDBACK, documentId: item.documentId }, ...GOOD_REPORT, affectedBatches: [batch], causeCategory });
      expect(opened.status).toBe(201);
      await adminWorkflow(strapi, engineer.token, REPORT).step(opened.body.data.documentId, 'submit-report');
      return as(engineer).post(`/after-sales/analysis-reports/${opened.body.data.documentId}/improvement`, {});
    };
    const sameIssue = await reportFor('B2405', 'component-batch');
    expect(sameIssue.status).toBe(200);
    expect(sameIssue.body.data).toMatchObject({ joined: true, documentId: improvement.documentId });
    const otherCause = await reportFor('B2405', 'software-bug');
    expect(otherCause.status).toBe(201);
    expect(otherCause.body.data.documentId).not.toBe(improvement.documentId);
    const otherBatch = await reportFor('B2406', 'component-batch');
    expect(otherBatch.body.data.documentId).not.toBe(improvement.documentId);

    // With the batch left out of the grouping, one defect across batches is one issue.
    const settings = await as(manager).get('/after-sales/extensions/after-sales.analysis-reports/configuration');
    expect(settings.status).toBe(200);
    const values = settings.body.data.values ?? settings.body.data;
    const changed = await as(manager).put('/after-sales/extensions/after-sales.analysis-reports/configuration', { data: { ...values, issueGrouping: ['productModel', 'causeCategory'] } });
    expect(changed.status).toBe(200);
    try {
      const first = await reportFor('B2501', 'design-defect');
      const second = await reportFor('B2502', 'design-defect');
      expect(first.status).toBe(201);
      expect(second.body.data).toMatchObject({ joined: true, documentId: first.body.data.documentId });
    } finally {
      await as(manager).put('/after-sales/extensions/after-sales.analysis-reports/configuration', { data: values });
    }
  });

  it('links items to an issue by hand, naming an unknown one', async () => {
    const stray = (await feedbackOn('B2399')) as any;
    const bad = await as(engineer).post(`/after-sales/improvements/${improvement.documentId}/links`, { feedbacks: [stray.reference, 'FB-00000000-0000'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'))).toEqual(['feedbacks.1']);
    const linked = await as(engineer).post(`/after-sales/improvements/${improvement.documentId}/links`, { feedbacks: [stray.reference] });
    expect(linked.status).toBe(200);
    expect(linked.body.data.feedbacks).toBe(3);
    expect((await as(agent).post(`/after-sales/improvements/${improvement.documentId}/links`, { feedbacks: [stray.reference] })).status).toBe(403);
  });

  it('takes a plan of short- and long-term actions (owner, due date, resources), then the three approvals as before', async () => {
    const wf = (session: AdminSession) => adminWorkflow(strapi, session.token, IMPROVEMENT);
    const fields = {
      rootCause: GOOD_REPORT.description,
      shortTermFix: '更换高耐磨搓轮批次',
      shortTermOwner: engineer.id,
      shortTermDueDate: '2026-03-20',
      longTermPlan: '改用硅胶材质搓轮并更新生产工艺',
      longTermOwner: qualityHead.id,
      longTermDueDate: '2026-05-29',
    };
    const noPlan = await wf(engineer).perform(improvement.documentId, 'propose-plan', { version: (await wf(engineer).actions(improvement.documentId)).body.data.version, data: fields });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.error.details.errors[0].path).toEqual(['data', 'actions']);

    const before = await count('after_sales_improvement_actions');
    const bad = await as(engineer).put(`/after-sales/improvements/${improvement.documentId}/plan`, {
      actions: [
        { term: 'short', action: '更换搓轮', ownerId: 999999, dueDate: '2026-03-20' },
        { term: 'long', action: '改用硅胶搓轮', ownerId: qualityHead.id, dueDate: '2026-03-01' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'))).toEqual(['actions.1.dueDate']);
    const badOwner = await as(engineer).put(`/after-sales/improvements/${improvement.documentId}/plan`, { actions: [{ term: 'short', action: '更换搓轮', ownerId: 999999, dueDate: '2026-03-20' }] });
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'))).toEqual(['actions.0.ownerId']);
    expect(await count('after_sales_improvement_actions')).toBe(before);

    const plan = await as(engineer).put(`/after-sales/improvements/${improvement.documentId}/plan`, {
      actions: [
        { term: 'short', action: '上门更换 B2405 批次搓轮', ownerId: engineer.id, dueDate: '2026-03-13', resources: '备件 800 个,工程师 4 人' },
        { term: 'long', action: '改用硅胶材质搓轮并更新生产工艺', ownerId: qualityHead.id, dueDate: '2026-05-29', resources: '模具改造预算 5 万元' },
      ],
    });
    expect(plan.status).toBe(200);
    expect(plan.body.data.gaps).toEqual([]);
    expect(plan.body.data.actions.map((a: { term: string; owner: string; overdue: boolean }) => [a.term, a.overdue])).toEqual([
      ['short', false],
      ['long', false],
    ]);

    expect((await wf(engineer).step(improvement.documentId, 'propose-plan', { data: fields })).state).toBe('plan-proposed');
    const underReview = await as(engineer).put(`/after-sales/improvements/${improvement.documentId}/plan`, { actions: [] });
    expect(underReview.status).toBe(409);
    expect((await wf(productHead).step(improvement.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(engineer).step(improvement.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await wf(qualityHead).step(improvement.documentId, 'approve-plan')).state).toBe('approved');
  });

  it('shows an overdue action and escalates it once', async () => {
    clock().set(shanghai('2026-03-16T10:00:00'));
    const shown = await as(manager).get(`/after-sales/improvements/${improvement.documentId}/plan`);
    expect(shown.body.data.actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    const jobs = strapi.plugin('after-sales').service('jobs');
    expect((await jobs.tick('after-sales.analysis.overdue-actions')).result).toEqual({ escalated: 1 });
    // The next run (its lease given back) finds nothing left to escalate: once per action.
    await strapi.db.connection('after_sales_job_claims').where({ job: 'after-sales.analysis.overdue-actions' }).update({ lease_until: 0 });
    expect(await jobs.tick('after-sales.analysis.overdue-actions')).toEqual({ ran: true, result: { escalated: 0 } });
    const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: improvement.documentId, action: 'plan-action-overdue' });
    expect(events).toHaveLength(1);
    expect(events[0].note ?? events[0].details).toContain('上门更换 B2405 批次搓轮');
    const widgets = await as(manager).get('/after-sales/dashboard/widgets');
    const widget = (widgets.body.data as { id: string; data?: { rows: { record: string }[] } }[]).find((w) => w.id === 'after-sales.analysis.overdue-plan-actions');
    expect(widget?.data?.rows.map((r) => r.record)).toEqual([improvement.reference]);
    // Marked done: no longer overdue.
    const done = await as(engineer).put(`/after-sales/improvements/${improvement.documentId}/plan`, {
      actions: shown.body.data.actions.map((a: any, i: number) => ({
        id: a.id,
        term: a.term,
        action: a.action,
        ownerId: a.ownerId,
        dueDate: a.dueDate,
        resources: a.resources,
        ...(i === 0 ? { done: true } : {}),
      })),
    });
    expect(done.status).toBe(200);
    expect(done.body.data.actions.map((a: { overdue: boolean; doneAt: string | null }) => [a.overdue, !!a.doneAt])).toEqual([
      [false, true],
      [false, false],
    ]);
  });
});
