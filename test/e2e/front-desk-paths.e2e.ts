import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

/**
 * Issue 20 in the browser, beyond the scripted hotline call (front-desk.e2e.ts): one customer for a
 * web intake and a call in another phone format, an engineer's field observation, the usage
 * question's short path and the suggestions backlog, all in Chinese.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const send = async <T = any>(token: string | null, method: string, url: string, body: unknown): Promise<T> => {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
};
/** A mobile number of this run (valid for libphonenumber), as the parts the tests write in different formats. */
const digits = () => String(Date.now()).slice(-8);
const register = async (token: string, data: Record<string, unknown>) => (await send(token, 'POST', '/after-sales/front-desk/cases', { data })).data as { documentId: string; reference: string };
const versionOf = async (token: string, documentId: string) => (await api(token, `/content-manager/collection-types/${FEEDBACK}/${documentId}`)).data.version as number;

describe('the front desk beyond the routine call (zh-Hans)', () => {
  it('a web intake and a call with the number in another format reach one customer; an engineer registers a field observation', async () => {
    const d = digits();
    const web = await send(null, 'POST', '/api/after-sales/intake', {
      data: { kind: 'feedback', channel: 'website', customer: { name: '冯建国', phone: `+86 139 ${d.slice(0, 4)} ${d.slice(4)}` }, symptom: '净化器开机后异味很重' },
    });
    const webReference = web.data.reference as string;

    const page = await login(browser, 'engineer@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '登记来电/来访' }).first().waitFor();
    await page.getByLabel('电话或姓名').fill(`139-${d.slice(0, 4)}-${d.slice(4)}`);
    const callers = page.getByTestId('front-desk-callers');
    // The web case is listed (the engineer may not read it unless it went to his department: then its reference and state only).
    await callers.getByTestId('front-desk-open-case-row').filter({ hasText: webReference }).waitFor();
    // One record for the person: the website's customer is the caller.
    expect(await callers.getByRole('button', { name: '就是这位' }).count()).toBe(1);
    await callers.getByRole('button', { name: '就是这位' }).click();
    await page.getByTestId('front-desk-caller').waitFor();

    await page.getByRole('combobox', { name: '受理渠道' }).click();
    await page.getByRole('option', { name: '现场' }).click();
    await page.getByTestId('front-desk-symptom').fill('上门安装时看到滤网装反,客户说异味就是从那时开始');
    await page.getByTestId('front-desk-symptom').press('Control+Enter');
    const banner = page.getByTestId('front-desk-registered');
    await banner.waitFor({ timeout: 20000 });
    const reference = /FB-\d{8}-\d{4}/.exec(await banner.innerText())?.[0];
    expect(reference).toBeTruthy();
    // The engineer sees what they registered.
    await page.getByText('我登记的工单').waitFor();
    await page.getByText(reference!).nth(1).waitFor();
    await screenshot(page, 'front-desk-engineer-field-zh');
    await page.context().close();

    const admin = await adminToken('admin@demo.local');
    const item = (await api(admin, `/content-manager/collection-types/${FEEDBACK}?filters[reference][$eq]=${reference}`)).results[0];
    expect(item).toMatchObject({ channel: 'field', state: 'received' });
    const [customer, ...others] = (await api(admin, `/after-sales/front-desk/callers?q=${d}`)).data;
    expect(others).toEqual([]);
    expect(customer.openCases.map((c: { reference: string }) => c.reference).sort()).toEqual([webReference, reference].sort());
  });

  it('a usage question is answered and closed in one action from the side panel', async () => {
    const agent = await adminToken('agent@demo.local');
    const d = digits();
    const { documentId } = await register(agent, {
      channel: 'hotline',
      type: 'usage-question',
      customer: { name: '何静', phone: `137${d}`, email: `he.jing.${d}@example.cn` },
      symptom: '净化器滤网多久换一次?',
    });
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}/${documentId}`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('workflow-panel');
    await panel.getByRole('button', { name: /^答复并关闭/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/解决说明|处理结果/).fill('一般每 6 个月更换一次,指示灯变红时请更换');
    await dialog.getByRole('button', { name: /^答复并关闭$/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="workflow-state"]')?.textContent?.trim() === '已关闭', undefined, { timeout: 30000 });
    await screenshot(page, 'front-desk-usage-question-closed-zh');
    await page.context().close();

    // The answer went to the customer (the message history of the case).
    const history = await api(agent, `/after-sales/messages/${FEEDBACK}/${documentId}`);
    const item = (await api(agent, `/content-manager/collection-types/${FEEDBACK}/${documentId}`)).data;
    expect(item).toMatchObject({ state: 'closed', resolutionSummary: '一般每 6 个月更换一次,指示灯变红时请更换' });
    expect(item.acknowledgedAt && item.resolvedAt && item.closedAt).toBeTruthy();
    expect(JSON.stringify(history)).toContain('feedback.answered');
  });

  it('while the caller describes the problem, a matching article is sent to them with one click', async () => {
    const agent = await adminToken('agent@demo.local');
    const d = digits();
    await register(agent, { channel: 'hotline', type: 'praise', customer: { name: '许丽', phone: `135${d}`, email: `xu.li.${d}@example.cn` }, symptom: '上次维修很满意' });
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/front-desk`, { waitUntil: 'networkidle' });
    await page.getByLabel('电话或姓名').fill(`135 ${d.slice(0, 4)} ${d.slice(4)}`);
    await page.getByTestId('front-desk-callers').getByRole('button', { name: '就是这位' }).click();
    await page.getByTestId('front-desk-caller').waitFor();
    await page.getByTestId('front-desk-symptom').fill('滤网指示灯常亮');
    const article = page.getByTestId('front-desk-article').filter({ hasText: 'AP-200 滤网指示灯常亮' });
    await article.getByRole('button', { name: '发送给客户' }).click();
    await page
      .getByText(/文章已通过.+发送/)
      .first()
      .waitFor();
    await screenshot(page, 'front-desk-article-sent-zh');
    await page.context().close();

    // Filed under the customer: their page lists the article sent.
    const [caller] = (await api(agent, `/after-sales/front-desk/callers?q=135${d}`)).data;
    const customerPage = (await api(agent, `/after-sales/customers/${caller.documentId}`)).data;
    expect(customerPage.messages).toEqual(expect.arrayContaining([expect.objectContaining({ direction: 'out', template: 'front-desk.article' })]));
  });

  it('a suggestion leaves the repair queue for the backlog, where the product manager accepts it', async () => {
    const agent = await adminToken('agent@demo.local');
    const d = digits();
    const { documentId, reference } = await register(agent, {
      channel: 'hotline',
      type: 'suggestion',
      department: 'after-sales',
      customer: { name: '罗敏', phone: `136${d}` },
      product: { model: 'SC-1' },
      symptom: `希望插座 App 增加电量月报 ${d}`,
    });
    /** Every reference of the agent's "unassigned" work queue (all its pages). */
    const unassigned = async () => {
      const references: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { reference: string }[]; meta: { nextCursor: string | null } } = await api(
          agent,
          `/after-sales/queues/items?view=unassigned&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        );
        references.push(...page.data.map((r) => r.reference));
        cursor = page.meta.nextCursor;
      } while (cursor);
      return references;
    };
    expect(await unassigned()).toContain(reference);
    await send(agent, 'POST', `/after-sales/workflows/${FEEDBACK}/${documentId}/actions/collect-suggestion`, { version: await versionOf(agent, documentId) });
    expect(await unassigned()).not.toContain(reference);

    const page = await login(browser, 'pm@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/suggestions`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '建议池' }).first().waitFor();
    const suggestion = page.getByText(`希望插座 App 增加电量月报 ${d}`);
    await suggestion.waitFor();
    await page.getByText(/^SC-1/).first().waitFor();
    await page
      .getByText(/\d+ 条建议/)
      .first()
      .waitFor();
    const card = page
      .locator('div')
      .filter({ has: page.getByText(reference, { exact: true }) })
      .filter({ has: page.getByRole('button', { name: '采纳', exact: true }) })
      .last();
    // Collected today in the business time zone, the one the months are counted in (not the browser's).
    const today = new Intl.DateTimeFormat('zh-Hans', { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(new Date());
    await card.getByText(today).waitFor();
    await screenshot(page, 'front-desk-suggestions-zh');
    await card.getByRole('textbox').fill('列入下季度 App 版本规划');
    await card.getByRole('button', { name: '采纳', exact: true }).click();
    await page.getByText('已采纳该建议').first().waitFor();
    await suggestion.waitFor({ state: 'detached' });
    await page.context().close();

    expect((await api(agent, `/content-manager/collection-types/${FEEDBACK}/${documentId}`)).data.state).toBe('suggestion-accepted');
  });
});
