import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

/**
 * Issue 25 items 5 and 6, in Chinese: an improvement record of one customer's issue is walked to its
 * release through the API; the feedback case's thread tells staff when the customer must be told,
 * and the Reports page shows the record in the section 改进效果 (the issue per month before and
 * after the fix), with its column headers and the note that says what the rate counts.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const REPORT = 'api::analysis-report.analysis-report';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const SECTION = 'after-sales.analysis.fix-effect';
/** This month in the business time zone (the report's months are Shanghai months). */
const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const BATCH = `FX${Date.now().toString(36).toUpperCase()}`.slice(0, 12);

const step = async (email: string, uid: string, documentId: string, action: string, data?: Record<string, unknown>) => {
  const token = await adminToken(email);
  const current = await api(token, `/after-sales/workflows/${uid}/${documentId}/actions`);
  const done = await send(token, 'POST', `/after-sales/workflows/${uid}/${documentId}/actions/${action}`, { version: current.data.version, ...(data ? { data } : {}) });
  if (done.status !== 200) throw new Error(`${action} → ${done.status} ${JSON.stringify(done.body)}`);
  return done.body.data as { state: string };
};

describe('did the fix work (zh-Hans)', () => {
  it('a released fix: the case thread says the customer is to be told; the monthly report shows the issue before and after', async () => {
    const manager = await adminToken('manager@demo.local');
    const products = await fetch(`${BASE_URL}/api/after-sales/products?pageSize=1`).then((r) => r.json() as Promise<{ data: { model: string }[] }>);
    const model = products.data[0].model;
    const intake = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: {
          kind: 'feedback',
          channel: 'email',
          customer: { name: '周洁', email: 'zhou.jie.fix@example.cn', locale: 'zh-Hans' },
          product: { model, batch: BATCH },
          symptom: '连续打印后卡纸(E2E 改进效果)',
        },
      }),
    });
    expect(intake.status).toBe(201);
    const reference = ((await intake.json()) as { data: { reference: string } }).data.reference;
    const found = await api(manager, `/content-manager/collection-types/${FEEDBACK}?filters[reference][$eq]=${reference}`);
    const feedback = found.results[0] as { documentId: string };

    const opened = await send(manager, 'POST', '/after-sales/analysis-reports', {
      source: { uid: FEEDBACK, documentId: feedback.documentId },
      causeCategory: 'component-batch',
      description: '搓轮材质耐磨性不足',
      testCases: [{ title: '连续打印 500 页', expected: '无卡纸' }],
    });
    expect(opened.status).toBe(201);
    await step('engineer@demo.local', REPORT, opened.body.data.documentId, 'submit-report');
    const started = await send(manager, 'POST', `/after-sales/analysis-reports/${opened.body.data.documentId}/improvement`, {});
    expect(started.status).toBe(201);
    const record = started.body.data as { documentId: string; reference: string };
    const me = await api(await adminToken('engineer@demo.local'), '/admin/users/me');
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const plan = await send(manager, 'PUT', `/after-sales/improvements/${record.documentId}/plan`, {
      actions: [
        { term: 'short', action: '更换高耐磨搓轮', ownerId: me.data.id, dueDate: due },
        { term: 'long', action: '改用硅胶材质搓轮', ownerId: me.data.id, dueDate: due },
      ],
    });
    expect(plan.status).toBe(200);
    await step('engineer@demo.local', IMPROVEMENT, record.documentId, 'propose-plan', {
      rootCause: '搓轮材质耐磨性不足',
      shortTermFix: '已更换高耐磨搓轮并发布固件 2.1.4',
      shortTermOwner: me.data.id,
      shortTermDueDate: due,
      longTermPlan: '改用硅胶材质搓轮',
      longTermOwner: me.data.id,
      longTermDueDate: due,
      noBetaTestReason: '搓轮由工程师上门更换,当场与客户试打确认',
    });
    for (const head of ['editor@demo.local', 'engineer@demo.local', 'quality@demo.local']) await step(head, IMPROVEMENT, record.documentId, 'approve-plan');
    // The quality engineer (not the fix's author) records the test case as passed, then verifies.
    const quality = await adminToken('quality@demo.local');
    const cases = await api(quality, `/after-sales/improvements/${record.documentId}/internal-verification`);
    const verdicts = await send(quality, 'POST', `/after-sales/improvements/${record.documentId}/internal-verification`, {
      data: { results: cases.data.cases.map((c: { report: string; testCase: number }) => ({ report: c.report, testCase: c.testCase, result: 'passed' })) },
    });
    expect(verdicts.status).toBe(200);
    await step('quality@demo.local', IMPROVEMENT, record.documentId, 'verify-internally');
    await step('quality@demo.local', IMPROVEMENT, record.documentId, 'verify-with-customers', { customerVerification: '上门更换的客户均当场试打确认无卡纸' });
    expect((await step('quality@demo.local', IMPROVEMENT, record.documentId, 'close')).state).toBe('closed');
    const notices = await api(manager, `/after-sales/improvements/${record.documentId}/notices`);
    expect(notices.data.notices).toEqual([expect.objectContaining({ reference, channel: 'email', status: 'waiting' })]);

    const sections = await api(manager, `/after-sales/reports/sections?month=${thisMonth()}`);
    const figures = sections.data.find((s: { id: string }) => s.id === SECTION);
    expect(figures.status).toBe('ok');
    expect(figures.data.rows.find((r: { record: string }) => r.record === record.reference)).toMatchObject({ issue: `${model} / ${BATCH} / component-batch`, afterItems: null });

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    // The case's thread: the clock started at the release (an internal note).
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${FEEDBACK}/${feedback.documentId}`, { waitUntil: 'networkidle' });
    await page.getByText(new RegExp(`改进 ${record.reference} 的修复已发布，须在 .* 前告知客户`)).waitFor({ timeout: 30000 });
    await screenshot(page, 'fix-notice-thread-zh');

    await page.goto(`${BASE_URL}/admin/plugins/after-sales/reports`, { waitUntil: 'networkidle' });
    const section = page.getByTestId(`section-${SECTION}`);
    await section.getByRole('heading', { name: '改进效果：问题在改进前后的发生率' }).waitFor({ timeout: 30000 });
    for (const header of ['改进记录', '问题', '发布日期', '改进前月份', '改进前反馈数', '改进前每月', '改进后月份', '改进后反馈数', '改进后每月', '变化 %'])
      await section.locator('thead').getByText(header, { exact: true }).waitFor();
    await section.getByRole('row').filter({ hasText: record.reference }).waitFor();
    await section.getByText(/按月计，而非每千台销量/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-fix-effect-zh');
    await page.context().close();
  });
});
