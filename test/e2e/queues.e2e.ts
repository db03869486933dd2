import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

/** An agent works a queue of the work-queues page in the Chinese admin, with the keyboard (#23). */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const VIEW_TITLES: Record<string, string> = { mine: '我的工单', unassigned: '本部门未分配', 'due-today': '今天到期', overdue: '已超时' };

describe('the work queues page', () => {
  it('shows a built-in view with the API’s rows, moves with j/k, selects with x and opens the case with Enter, all in Chinese', async () => {
    const token = await adminToken('agent@demo.local');
    let view = '';
    let rows: { reference: string; documentId: string }[] = [];
    for (const candidate of Object.keys(VIEW_TITLES)) {
      rows = (await api(token, `/after-sales/queues/items?view=${candidate}&limit=50`)).data;
      if (rows.length >= 2) {
        view = candidate;
        break;
      }
    }
    expect(view).not.toBe('');

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/queues`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '工作队列' }).waitFor({ timeout: 30000 });
    if (view !== 'mine') {
      await page.getByRole('combobox', { name: '视图' }).click();
      await page.getByRole('option', { name: VIEW_TITLES[view], exact: true }).click();
    }
    const table = page.getByTestId('queue-table');
    await table.locator('tbody tr').first().waitFor();
    await table.getByText(rows[0].reference, { exact: true }).waitFor();
    for (const header of ['编号', '客户描述', '状态', '下一期限', '处理人']) await table.locator('thead').getByText(header, { exact: true }).waitFor();

    // j moves the focus down, x selects the focused row: the bulk bar counts it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.waitForSelector('[data-queue-row="1"][data-focused="true"]');
    await page.keyboard.press('x');
    await page.waitForSelector('[data-queue-row="1"][data-selected="true"]');
    await page.getByTestId('queue-bulk').getByText('已选中 1 条').waitFor();
    await page.keyboard.press('k');
    await page.waitForSelector('[data-queue-row="0"][data-focused="true"]');
    await screenshot(page, 'queues-agent-zh');
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Work queues|Nothing in this view|Select/);

    // Enter opens the focused case on the case screen.
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/plugins/after-sales/cases/.+/${rows[0].documentId}`), { timeout: 30000 });
    await page.context().close();
  });
});
