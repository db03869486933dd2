import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';
import { customerContext, pageBytes, seriousViolations } from './portal-pages';

/**
 * Issue 25 item 4, in Chinese. An approved improvement record (analysis report with two test cases →
 * record → plan owned by the engineer → the three heads' approvals, through the API); the manager
 * invites 12 demo customers to a beta test. One customer answers on a phone (390×844) in Chinese —
 * axe finds no serious or critical violation, the page is under 50 KB, every choice a thumb-sized
 * target — and a second answer is refused; three more answer. The quality engineer opens the record's
 * case screen in Chinese: the customer verification report shows the counts and shares against hand
 * counts and the comment; they record a test case as passed. The action 内部验证通过 is refused while
 * a test case has no verdict (the message names it), then taken once both passed; 客户验证通过 is
 * refused with 4 of 12 answers (10 needed). The engineer (the fix's author) is told someone else
 * verifies it and gets no buttons.
 */
let browser: Browser;
const CUSTOMER = 'api::customer.customer';
const FEEDBACK = 'api::feedback.feedback';
const REPORT = 'api::analysis-report.analysis-report';
const IMPROVEMENT = 'api::improvement-record.improvement-record';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const step = async (token: string, uid: string, documentId: string, action: string, data?: Record<string, unknown>) => {
  const actions = await api<{ data: { version: number } }>(token, `/after-sales/workflows/${uid}/${documentId}/actions`);
  const res = await send(token, 'POST', `/after-sales/workflows/${uid}/${documentId}/actions/${action}`, { version: actions.data.version, ...(data ? { data } : {}) });
  if (res.status !== 200) throw new Error(`${action} → ${res.status} ${JSON.stringify(res.body)}`);
};
const answerAsPhone = (path: string, form: Record<string, string>) =>
  fetch(`${BASE_URL}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

it('customers answer a beta test on a phone; the quality engineer reads the customer verification report and verifies a test case', async () => {
  const manager = await adminToken('manager@demo.local');
  const engineer = await adminToken('engineer@demo.local');
  const agent = await adminToken('agent@demo.local');
  const admin = await adminToken('admin@demo.local');
  const me = async (token: string) => (await api<{ data: { id: number } }>(token, '/admin/users/me')).data.id;
  const engineerId = await me(engineer);

  // An approved improvement record: report (transport damage, unlikely to join another test's issue) → record → plan → approvals.
  const { results: items } = await api<{ results: { documentId: string }[] }>(agent, `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=10`);
  const opened = await send(agent, 'POST', '/after-sales/analysis-reports', { source: { uid: FEEDBACK, documentId: items[items.length - 1].documentId } });
  expect(opened.status).toBe(201);
  const report = opened.body.data.documentId as string;
  const written = await send(engineer, 'PUT', `/after-sales/analysis-reports/${report}`, {
    causeCategory: 'transport',
    description: '包装缓冲材料不足,运输中搓轮组件移位',
    testCases: [
      { title: '跌落测试 80 cm', expected: '搓轮组件不移位' },
      { title: '连续打印 500 页', expected: '无卡纸' },
    ],
  });
  expect(written.status).toBe(200);
  await step(engineer, REPORT, report, 'submit-report');
  const started = await send(manager, 'POST', `/after-sales/analysis-reports/${report}/improvement`, {});
  expect(started.status).toBe(201);
  const record = started.body.data.documentId as string;
  const due = (days: number) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
  const plan = await send(engineer, 'PUT', `/after-sales/improvements/${record}/plan`, {
    actions: [
      { term: 'short', action: '加厚包装缓冲', ownerId: engineerId, dueDate: due(7) },
      { term: 'long', action: '改进搓轮固定结构', ownerId: engineerId, dueDate: due(60) },
    ],
  });
  expect(plan.status).toBe(200);
  await step(engineer, IMPROVEMENT, record, 'propose-plan', {
    rootCause: '包装缓冲材料不足',
    shortTermFix: '加厚包装缓冲',
    shortTermOwner: engineerId,
    shortTermDueDate: due(7),
    longTermPlan: '改进搓轮固定结构',
    longTermOwner: engineerId,
    longTermDueDate: due(60),
  });
  for (const head of ['editor@demo.local', 'engineer@demo.local', 'quality@demo.local']) await step(await adminToken(head), IMPROVEMENT, record, 'approve-plan');

  // Twelve demo customers in Chinese, invited by the manager.
  const { results: customers } = await api<{ results: { documentId: string; locale: string | null; privacyState: string | null }[] }>(
    admin,
    `/content-manager/collection-types/${CUSTOMER}?pageSize=100&sort=id:asc`
  );
  const chosen = customers.filter((c) => c.locale !== 'en' && (!c.privacyState || c.privacyState === 'active')).slice(0, 12);
  expect(chosen).toHaveLength(12);
  const invited = await send(manager, 'POST', `/after-sales/improvements/${record}/beta-tests`, { data: { name: '包装改进 Beta 测试', customers: chosen.map((c) => c.documentId) } });
  expect([invited.status, invited.body.data?.invited]).toEqual([201, 12]);
  const links: string[] = [];
  for (const c of chosen.slice(0, 4)) {
    const history = await api<{ data: { templateKey: string; bodyText: string | null }[] }>(admin, `/after-sales/messages/${CUSTOMER}/${c.documentId}`);
    const match = history.data.filter((m) => m.templateKey === 'beta.invitation').map((m) => /https?:\/\/\S+(\/after-sales\/portal\/beta\/[A-Za-z0-9_-]+)/.exec(m.bodyText ?? ''))[0];
    expect(match).toBeTruthy();
    links.push(match![1]);
  }

  // The first customer answers on a phone, in Chinese.
  const context = await customerContext(browser, 'phone', 'zh-Hans');
  const page = await context.newPage();
  await page.goto(`${BASE_URL}${links[0]}`);
  await page.getByRole('heading', { name: '问题解决了吗？' }).waitFor();
  expect(await page.locator('input[type="radio"]').count()).toBe(6);
  expect(await seriousViolations(page)).toEqual([]);
  expect(await pageBytes(page, page.url())).toBeLessThan(50 * 1024);
  const target = await page.locator('.scale label').nth(2).boundingBox();
  expect(target!.height).toBeGreaterThanOrEqual(44);
  expect(target!.x + target!.width).toBeLessThanOrEqual(390);
  await screenshot(page, 'beta-test-phone-zh');
  // Sending with a question unanswered is refused on the page (the browser's own check is bypassed).
  await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
  await page.getByRole('group', { name: '问题是否已解决？' }).getByText('部分').click();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('请回答每一个问题。').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('group', { name: '使用体验是否提升？' }).getByText('是', { exact: true }).click();
  await page.getByRole('group', { name: '问题是否已解决？' }).getByLabel('补充说明（可选）').fill('偶尔还会卡纸');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByRole('heading', { name: '感谢您的回答' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(`${BASE_URL}${links[0]}`);
  await page.getByRole('heading', { name: '您已经回答过了' }).waitFor();
  await context.close();
  // Three more answer (as their phones post the form). Hand counts — solved: yes 2, partly 1, no 1; better: yes 3, no 1.
  for (const [path, solved, better] of [
    [links[1], 'yes', 'yes'],
    [links[2], 'yes', 'yes'],
    [links[3], 'no', 'no'],
  ]) {
    expect((await answerAsPhone(path, { solved, better })).status).toBe(303);
  }

  // The quality engineer reads the report on the record's case screen, in Chinese.
  const quality = await login(browser, 'quality@demo.local', 'zh-Hans');
  await quality.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${IMPROVEMENT}/${record}`, { waitUntil: 'networkidle' });
  const panel = quality.getByTestId('beta-tests');
  await panel.getByRole('heading', { name: 'Beta 测试与客户验证报告' }).waitFor();
  const shown = panel.getByTestId(`beta-report-${invited.body.data.id}`);
  await shown.getByRole('heading', { name: '客户验证报告：包装改进 Beta 测试' }).waitFor();
  await shown.getByText('已邀请 12 位客户，4 位已回答（33.3%）').waitFor();
  const cells = async (testId: string) => (await shown.getByTestId(testId).locator('td').allInnerTexts()).map((t) => t.trim());
  expect(await cells('beta-solved-yes')).toEqual(['是', '2', '50%']);
  expect(await cells('beta-solved-partly')).toEqual(['部分', '1', '25%']);
  expect(await cells('beta-solved-no')).toEqual(['否', '1', '25%']);
  expect(await cells('beta-better-yes')).toEqual(['是', '3', '75%']);
  expect(await cells('beta-better-no')).toEqual(['否', '1', '25%']);
  await shown.getByText('部分:偶尔还会卡纸').waitFor();

  // Internal verification: the quality engineer records the first test case as passed.
  await panel.getByRole('heading', { name: '内部验证（问题分析报告的测试用例）' }).waitFor();
  await panel.getByText('共 2 项：通过 0 项，未通过 0 项，待验证 2 项').waitFor();
  await panel
    .getByRole('row', { name: /跌落测试 80 cm/ })
    .getByRole('button', { name: '通过', exact: true })
    .click();
  await panel.getByText('已记录验证结果。').waitFor();
  await panel.getByText('共 2 项：通过 1 项，未通过 0 项，待验证 1 项').waitFor();
  await screenshot(quality, 'beta-test-report-zh');

  // The workflow's action needs a verdict on every test case: with one open it is refused, saying which.
  const actions = quality.getByTestId('case-actions');
  const takeAction = async (title: string) => {
    await actions.getByRole('button', { name: `${title}…` }).click();
    await quality.getByRole('dialog').getByRole('button', { name: title, exact: true }).click();
  };
  await takeAction('内部验证通过');
  await quality.getByText('测试用例：请先为每个测试用例记录“通过”或“未通过”（方案批准之后）："连续打印 500 页"', { exact: false }).first().waitFor();
  await screenshot(quality, 'verify-internally-refused-zh');
  await quality.keyboard.press('Escape');
  await panel
    .getByRole('row', { name: /连续打印 500 页/ })
    .getByRole('button', { name: '通过', exact: true })
    .click();
  await panel.getByText('共 2 项：通过 2 项，未通过 0 项，待验证 0 项').waitFor();
  await takeAction('内部验证通过');
  await actions.getByRole('button', { name: '客户验证通过…' }).waitFor();
  const state = async () => (await api<{ data: { state: string } }>(manager, `/after-sales/workflows/${IMPROVEMENT}/${record}/actions`)).data.state;
  expect(await state()).toBe('internally-verified');
  // With customers: 4 of 12 answered, 10 are needed (the setting).
  await takeAction('客户验证通过');
  await quality.getByText('Beta 测试：“包装改进 Beta 测试”的客户验证报告已有 4/12 位客户回答，需要 10 位。', { exact: false }).first().waitFor();
  expect(await state()).toBe('internally-verified');
  await quality.context().close();

  // The engineer owns the fix: told someone else verifies it, no buttons.
  const author = await login(browser, 'engineer@demo.local', 'zh-Hans');
  await author.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${IMPROVEMENT}/${record}`, { waitUntil: 'networkidle' });
  const own = author.getByTestId('beta-tests');
  await own.getByText('您是本次改进的负责人，须由他人进行验证。').waitFor();
  expect(await own.getByRole('button', { name: '通过', exact: true }).count()).toBe(0);
  await author.context().close();
});
