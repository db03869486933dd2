import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

/** A local date (Shanghai) `days` ago. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

describe("the supervisor's view (zh-Hans)", () => {
  it('a department head opens the view, sees their members only and follows a figure to its items', async () => {
    const from = daysAgo(120);
    const to = daysAgo(0);
    // What the server counts for the head of the technical department (the demo's engineer), to compare with the screen.
    const token = await adminToken('engineer@demo.local');
    const expected = await api(token, `/after-sales/supervisor?from=${from}&to=${to}`);
    expect(expected.data.scope).toBe('headed');
    const me = expected.data.staff.find((s: any) => s.person.email === 'engineer@demo.local');
    expect(me.handled.total).toBeGreaterThan(0);

    const page = await login(browser, 'engineer@demo.local', 'zh-Hans');
    await page.getByRole('link', { name: '主管视图' }).click();
    await page.getByRole('heading', { name: '主管视图', level: 1 }).waitFor();
    await page.getByText('您负责的部门：').waitFor();
    await page.getByLabel('开始日期').fill(from);
    await page.getByLabel('结束日期').fill(to);
    await page.getByRole('button', { name: '查看' }).click();
    // The figures of the chosen period, not those of this month the page opened with.
    await page.getByTestId('supervisor-period').getByText(`统计期间：${from} 至 ${to}`).waitFor();
    const rows = page.getByTestId('supervisor-table').locator('tbody tr');
    await rows.first().waitFor();
    // Only the technical department's people: the agent of the after-sales department is not listed.
    expect(await rows.count()).toBe(expected.data.staff.length);
    await page.getByTestId('supervisor-table').getByText('Li Agent').waitFor({ state: 'detached' });
    await screenshot(page, 'supervisor-view');

    await page.getByRole('button', { name: '打开 Zhang Engineer 处理的事项' }).click();
    const drill = page.getByTestId('supervisor-drill');
    await drill.getByText('Zhang Engineer · 处理事项').waitFor();
    const links = drill.getByRole('link');
    await links.first().waitFor();
    // Every item counted is listed; those the head's role may not read (the demo's repairs of the after-sales
    // department, which he did as its technician) without a link to a case screen that would refuse him.
    const items = await api(token, `/after-sales/supervisor/items?from=${from}&to=${to}&person=${me.person.id}&figure=handled`);
    const readable = items.data.rows.filter((r: { readable: boolean }) => r.readable).length;
    expect(items.data.rows.length).toBe(Math.min(me.handled.total, 500));
    expect(readable).toBeGreaterThan(0);
    expect(await links.count()).toBe(readable);
    expect(await drill.getByText('无权查看').count()).toBe(items.data.rows.length - readable);
    // States read by their titles (已关闭), not their codes, once the workflow definitions are read.
    await page.waitForFunction(() => !/\b(closed|signed|completed|archived|in-progress)\b/.test(document.querySelector('[data-testid="supervisor-drill"]')?.textContent ?? 'closed'));
    await screenshot(page, 'supervisor-drill');
    const reference = (await links.first().textContent())?.trim() ?? '';
    expect(reference).toMatch(/^(FB|CP|SR)-\d{8}-\d{4}$/);
    await links.first().click();
    await page.waitForURL(/\/admin\/plugins\/after-sales\/cases\//);
    await page.getByText(reference).first().waitFor();
  });

  it('an agent has no menu entry and the server refuses her', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    expect(await page.getByRole('link', { name: '主管视图' }).count()).toBe(0);
    const token = await adminToken('agent@demo.local');
    const res = await fetch(`${BASE_URL}/after-sales/supervisor`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });
});
