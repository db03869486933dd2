import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('the after-sales dashboard in the admin', () => {
  it('an agent sees the homepage widgets and the dashboard with the real counts, and a row opens its record', async () => {
    const token = await adminToken('agent@demo.local');
    const page = await login(browser, 'agent@demo.local');

    await page.getByText('My overdue items').first().waitFor();
    await page.getByText("Today's callbacks").first().waitFor();
    await screenshot(page, 'agent-homepage-widgets');

    // The scheduled jobs (assignment, the SLA sweep) may change a count between the API read and the
    // page's own read: read both again until they were taken from the same state (at most 3 times).
    let expected: any;
    for (let attempt = 1; ; attempt += 1) {
      expected = (await api(token, '/after-sales/dashboard?locale=en')).data;
      await page.goto(`${BASE_URL}/admin/plugins/after-sales/dashboard`, { waitUntil: 'networkidle' });
      await page.getByTestId('section-my-queue').waitFor();
      try {
        const timeout = attempt < 3 ? 10000 : 30000;
        const feedback = expected.countsByState.find((group: { kind: string }) => group.kind === 'feedback');
        for (const state of feedback.states.slice(0, 4)) {
          await page.getByTestId(`count-feedback-${state.state}`).getByText(`${state.title}: ${state.count}`).waitFor({ timeout });
        }
        await page.getByTestId('section-my-queue').getByText(`My queue (${expected.myQueue.total})`).waitFor({ timeout });
        await page.getByTestId('section-department-queue').getByText(`My departments (${expected.departmentQueue.total})`).waitFor({ timeout });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await page.getByTestId('chart-weekly-volume').locator('svg').first().waitFor();
    await screenshot(page, 'agent-dashboard');

    expect(expected.departmentQueue.rows.length).toBeGreaterThan(0);
    const first = expected.departmentQueue.rows[0];
    await page.getByTestId('section-department-queue').getByRole('link', { name: first.reference }).click();
    await page.waitForURL(new RegExp(`${first.documentId}`));
    await page.getByTestId('workflow-panel').waitFor({ timeout: 90000 });
    await page.context().close();
  });

  it('the dashboard speaks Chinese in the zh-Hans interface', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/dashboard`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '售后工作台' }).waitFor();
    await page.getByText('本部门待办').first().waitFor();
    await screenshot(page, 'agent-dashboard-zh-hans');
    // Improvement records are an item kind like the others: counted by state, in Chinese, and each
    // counter opens their list (the content type the server gives with the group).
    const improvement = page.getByTestId('counts-improvement');
    await improvement.getByText('改进记录').waitFor();
    await improvement.getByText('原因分析：').first().waitFor();
    await page.getByTestId('count-link-improvement-analysing').click();
    await page.waitForURL(/collection-types\/api::improvement-record\.improvement-record\?/);
    await page.context().close();
  });

  it('in Chinese, the widget contributed by the WeCom extension shows on the dashboard with the API’s figures', async () => {
    // What waits in the outbox depends on the run and changes while other tests run (the dispatcher sends, other
    // tests queue): the table is checked against the answer the page itself received from the API, not a second read.
    const token = await adminToken('agent@demo.local');
    const direct = (await api(token, '/after-sales/dashboard/widgets')).data.find((w: { id: string }) => w.id === 'example.wecom-notify.waiting');
    expect(direct.status).toBe('ok');

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    const answered = page.waitForResponse((res) => new URL(res.url()).pathname.endsWith('/after-sales/dashboard/widgets') && res.request().method() === 'GET');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/dashboard`, { waitUntil: 'networkidle' });
    const widgets = (await (await answered).json()) as { data: { id: string; status: string; data: { rows: { channel: string; pending: number; held: number }[] } }[] };
    const waiting = widgets.data.find((w) => w.id === 'example.wecom-notify.waiting');
    expect(waiting?.status).toBe('ok');
    const rows = waiting?.data.rows ?? [];
    const widget = page.getByTestId('section-example.wecom-notify.waiting');
    await widget.getByRole('heading', { name: '待发送的消息' }).waitFor({ timeout: 30000 });
    await widget.getByText('来自扩展 example.wecom-notify').waitFor();
    if (!rows.length) {
      // Nothing waits: the table says so in Chinese.
      await widget.getByText('暂无数据。').waitFor();
    } else {
      for (const header of ['渠道', '排队中', '暂存(渠道未配置)']) await widget.locator('thead').getByText(header, { exact: true }).waitFor();
      // Each channel's row as the API counted it for this page.
      for (const row of rows) {
        const cells = await widget.getByRole('row').filter({ hasText: row.channel }).first().locator('td').allInnerTexts();
        expect([cells[0], Number(cells[1].replace(/[,\s]/g, '')), Number(cells[2].replace(/[,\s]/g, ''))]).toEqual([row.channel, row.pending, row.held]);
      }
    }
    await screenshot(page, 'dashboard-contributed-widget-zh');
    await page.context().close();
  });
});
