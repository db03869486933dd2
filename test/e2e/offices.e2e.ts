import type { Browser } from 'playwright-core';
import { BASE_URL, REPORTS_PATH, adminToken, api, businessMonth, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const intake = async (office: string, i: number) => {
  const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: { kind: 'feedback', channel: 'service-point', type: 'quality', severity: 'general', office, customer: { name: `区域 ${i}`, email: `region-${i}@example.cn` }, symptom: '开机后异响' },
    }),
  });
  expect(res.status).toBe(201);
};

describe('a head-office manager compares regions and offices for a month (zh-Hans)', () => {
  it('the Reports page groups the month by region and office, and narrows it to one region', async () => {
    await intake('shanghai', 1);
    await intake('hangzhou', 2);
    await intake('beijing', 3);
    const month = businessMonth();
    const token = await adminToken('manager@demo.local');
    const expected = (await api(token, `/after-sales/reports/monthly?month=${month}`)).data;
    const east = expected.regions.find((r: { region: string | null }) => r.region === '华东');
    const north = expected.regions.find((r: { region: string | null }) => r.region === '华北');

    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const section = page.getByTestId('report-regions');
    await section.getByRole('heading', { name: '按区域和办事处' }).waitFor({ timeout: 30000 });
    const regions = page.getByTestId('report-regions-table');
    // The design system's tables are grids (their cells are not 'cell' / 'columnheader' roles): read th and td.
    expect(await regions.locator('thead th').allInnerTexts()).toEqual(['区域', '办事处', '受理量', '退换货', '按时率', '满意度', '投诉率', '高频问题（超过 5 次）']);
    // Each region's row shows the figures the API gives for it: 华东 = 上海办事处 and 杭州服务网点.
    const eastRow = regions.getByRole('row').filter({ hasText: '华东' });
    await eastRow.getByText('杭州服务网点、上海办事处').waitFor();
    expect(await eastRow.locator('td').nth(2).innerText()).toBe(String(east.volume.total));
    expect(await regions.getByRole('row').filter({ hasText: '华北' }).locator('td').nth(2).innerText()).toBe(String(north.volume.total));
    await regions.getByRole('row').filter({ hasText: '总部（未指定办事处）' }).waitFor();
    await screenshot(page, 'reports-by-region');

    // Narrowed to 华东: one region, its two offices, and the report's own volume is the region's feedback.
    await page.getByRole('combobox', { name: '区域' }).click();
    await page.getByRole('option', { name: '华东' }).click();
    // The filters' 查看 (Show) comes first; an archived snapshot's row has a 查看 (View) button too.
    await page.getByRole('button', { name: '查看' }).first().click();
    await regions.getByRole('row').filter({ hasText: '华北' }).waitFor({ state: 'detached', timeout: 30000 });
    const offices = page.getByTestId('report-offices-table');
    expect(await offices.locator('tbody tr').count()).toBe(2);
    await offices.getByRole('row').filter({ hasText: '上海办事处' }).waitFor();
    await offices.getByRole('row').filter({ hasText: '杭州服务网点' }).waitFor();
    await page.getByRole('heading', { name: `数量：${east.volume.feedback} 条` }).waitFor({ timeout: 30000 });
    await screenshot(page, 'reports-east-region');
  });
});

describe('a service point’s head opens the dashboard (zh-Hans)', () => {
  it('sees the office’s open items (she has no department), and a counter opens the same items in the list', async () => {
    await intake('shanghai', 11);
    const token = await adminToken('office@demo.local');
    const expected = (await api(token, '/after-sales/dashboard?locale=zh-Hans')).data;
    expect(expected.scopeOffices).toEqual(['shanghai']);
    expect(expected.departmentQueue.total).toBeGreaterThan(0);
    const page = await login(browser, 'office@demo.local', 'zh-Hans', '/admin/plugins/after-sales/dashboard');
    const queue = page.getByTestId('section-department-queue');
    await queue.getByText(/^本办事处待办（\d+）$/).waitFor({ timeout: 30000 });
    await queue.getByRole('link', { name: expected.departmentQueue.rows[0].reference }).waitFor();
    await screenshot(page, 'dashboard-office-head');
    // The 已受理 (received) counter of feedback opens the list filtered by the office: the same count.
    const received = expected.countsByState.find((g: { kind: string }) => g.kind === 'feedback').states.find((s: { state: string }) => s.state === 'received');
    expect(received.count).toBeGreaterThan(0);
    await page.getByTestId('count-link-feedback-received').click();
    await page.waitForURL(/collection-types\/api::feedback\.feedback\?/);
    expect(decodeURIComponent(page.url())).toContain('[office][code][$in][0]=shanghai');
    await page
      .getByText(new RegExp(`^(共 ${received.count} 条|找到 ${received.count} 条)`))
      .first()
      .waitFor({ timeout: 30000 });
    await page.context().close();
  });
});
