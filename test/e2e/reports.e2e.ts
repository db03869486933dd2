import type { Browser } from 'playwright-core';
import { BASE_URL, REPORTS_PATH, adminToken, api, businessMonth, launch, login, screenshot, send } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const BATCH = `E2E${Date.now().toString(36).toUpperCase()}`.slice(0, 12);

describe('a manager runs the monthly review from the admin', () => {
  it('produces, archives and exports the report and starts an improvement record from a high-frequency issue', async () => {
    // Six reports of the same fault on one batch: over the threshold of 5.
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          data: {
            kind: 'feedback',
            channel: 'website',
            type: 'quality',
            severity: 'general',
            customer: { name: `E2E ${i}`, email: `e2e-${i}@example.cn` },
            product: { model: 'WH-60', batch: BATCH },
            symptom: '加热后漏水',
          },
        }),
      });
      expect(res.status).toBe(201);
    }
    const month = businessMonth();
    const page = await login(browser, 'manager@demo.local');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByLabel('Month', { exact: true }).fill(month);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: BATCH });
    await row.waitFor({ timeout: 30000 });
    await screenshot(page, 'reports-page');

    await row.getByRole('button', { name: 'Start improvement record' }).click();
    await row.getByRole('link', { name: /^IR-\d{8}-\d{4} · analysing$/ }).waitFor({ timeout: 30000 });

    await page.getByRole('button', { name: 'Archive snapshot' }).click();
    await page.getByRole('row').filter({ hasText: month }).filter({ hasText: 'product:*|department:*' }).first().waitFor({ timeout: 30000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'XLSX' }).click()]);
    expect(download.suggestedFilename()).toBe(`feedback-report-${month}.xlsx`);
    await screenshot(page, 'reports-archived');

    const token = await adminToken('manager@demo.local');
    const archives = await api(token, `/after-sales/reports/archives?month=${month}`);
    expect(archives.data.length).toBeGreaterThan(0);
    const report = await api(token, `/after-sales/reports/monthly?month=${month}&product=WH-60`);
    const issue = report.data.highFrequencyIssues.find((i: { batch: string }) => i.batch === BATCH);
    expect(issue.improvementRecord.state).toBe('analysing');
  });

  it('in Chinese, the section contributed by the WeCom extension shows below the built-in report, with its own figures', async () => {
    const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: {
          kind: 'feedback',
          channel: 'website',
          type: 'quality',
          severity: 'general',
          customer: { name: '赵敏', email: 'zhao.min@example.cn' },
          product: { model: 'WH-60' },
          symptom: '显示屏不亮',
        },
      }),
    });
    expect(res.status).toBe(201);
    const token = await adminToken('manager@demo.local');
    const sections = await api(token, `/after-sales/reports/sections?month=${businessMonth()}`);
    const figures = sections.data.find((s: { id: string }) => s.id === 'example.wecom-notify.messages-per-channel');
    expect(figures.status).toBe('ok');
    const email = figures.data.rows.find((r: { channel: string }) => r.channel === 'email');
    expect(email.queued).toBeGreaterThan(0);

    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const section = page.getByTestId('section-example.wecom-notify.messages-per-channel');
    await section.getByRole('heading', { name: '各渠道客户消息数' }).waitFor({ timeout: 30000 });
    await section.getByText('本月排队发送的消息,按渠道和结果统计。').waitFor();
    for (const header of ['渠道', '排队', '已发送', '等待中', '失败']) await section.locator('thead').getByText(header, { exact: true }).waitFor();
    const row = section.getByRole('row').filter({ hasText: 'email' });
    expect(await row.locator('td').allInnerTexts()).toEqual(['email', String(email.queued), String(email.sent), String(email.waiting), String(email.failed)]);
    await section.getByText('来自扩展 example.wecom-notify').waitFor();
    await screenshot(page, 'reports-contributed-section-zh');
    await page.context().close();
  });
  it('in Chinese, the complaint rate per responsible unit and person states its base', async () => {
    const token = await adminToken('manager@demo.local');
    const departments = (await api(token, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
    const sales = departments.find((d) => d.code === 'sales')!;
    const created = await fetch(`${BASE_URL}/content-manager/collection-types/api::complaint.complaint`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: '交付延期两周', seriousness: 'minor', channel: 'hotline', responsibleDepartment: sales.documentId, responsiblePerson: '刘业务（E2E）' }),
    });
    expect(created.status).toBe(201);
    const sections = await api(token, `/after-sales/reports/sections?month=${businessMonth()}`);
    const figures = sections.data.find((s: { id: string }) => s.id === 'after-sales.complaint-rates.by-unit-and-person');
    expect(figures.status).toBe('ok');
    const mine = figures.data.rows.find((r: { person: string | null }) => r.person === '刘业务（E2E）');
    expect(mine).toMatchObject({ complaints: 1 });

    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const section = page.getByTestId('section-after-sales.complaint-rates.by-unit-and-person');
    await section.getByRole('heading', { name: '投诉率（按责任部门和责任人）' }).waitFor({ timeout: 30000 });
    for (const header of ['责任部门', '责任人', '投诉数', '基数', '投诉率（%）']) await section.locator('thead').getByText(header, { exact: true }).waitFor();
    await section.getByRole('row').filter({ hasText: '刘业务（E2E）' }).waitFor();
    await section.getByText(/^基数：本月该部门处理的反馈数/).waitFor();
    await screenshot(page, 'reports-complaint-rates-zh');
    await page.context().close();
  });
  it('in Chinese, the items by tag show as a section of the month', async () => {
    const token = await adminToken('manager@demo.local');
    const tag = await send(token, 'POST', '/after-sales/queues/tags', { name: `包装${BATCH}`, colour: '#aa5500' });
    expect(tag.status).toBe(201);
    const created = await fetch(`${BASE_URL}/content-manager/collection-types/api::complaint.complaint`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: '包装破损(标签 E2E)', seriousness: 'minor', channel: 'hotline' }),
    });
    expect(created.status).toBe(201);
    const complaint = ((await created.json()) as { data: { documentId: string } }).data;
    const tagged = await send(token, 'POST', '/after-sales/queues/bulk', {
      action: 'add-tags',
      items: [{ contentType: 'api::complaint.complaint', documentId: complaint.documentId }],
      tags: [tag.body.data.id],
    });
    expect(tagged.body.data).toMatchObject({ done: 1, refused: 0 });
    const sections = await api(token, `/after-sales/reports/sections?month=${businessMonth()}`);
    const figures = sections.data.find((s: { id: string }) => s.id === 'after-sales.queues.items-by-tag');
    expect(figures.status).toBe('ok');
    expect(figures.data.rows.find((r: { tag: string }) => r.tag === `包装${BATCH}`)).toMatchObject({ 'kind:complaint': 1, received: 1, open: 1, closed: 0, previous: 0 });

    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const section = page.getByTestId('section-after-sales.queues.items-by-tag');
    await section.getByRole('heading', { name: '按标签统计' }).waitFor({ timeout: 30000 });
    for (const header of ['标签', '颜色', '客户投诉', '本月登记', '月末未结', '已结案', '上月登记', '环比（%）']) await section.locator('thead').getByText(header, { exact: true }).waitFor();
    await section
      .getByRole('row')
      .filter({ hasText: `包装${BATCH}` })
      .waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-items-by-tag-zh');
    await page.context().close();
  });
  it('in Chinese, the key-customer report shows beside the monthly report and stays with its archived snapshot', async () => {
    const token = await adminToken('manager@demo.local');
    const month = businessMonth();
    const sections = await api(token, `/after-sales/reports/sections?month=${month}`);
    const report = sections.data.find((s: { id: string }) => s.id === 'after-sales.key-customers.report');
    expect(report.status).toBe('ok');
    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const live = page.getByTestId('section-after-sales.key-customers.report');
    await live.getByRole('heading', { name: '重点客户：本月关怀与案件' }).waitFor({ timeout: 30000 });
    for (const header of ['客户', '计划回访', '已联系上', '未联系上', '登记案件', '结案', '按时率（%）', '满意度（1–5）', '当前未结案件', '此前忠诚度评分（0–10）', '本月忠诚度评分（0–10）'])
      await live.locator('thead').getByText(header, { exact: true }).waitFor();
    await page.getByTestId('section-after-sales.key-customers.not-reached').getByRole('heading', { name: '本月未联系上的重点客户' }).waitFor();
    // The month's snapshot (archived by the first test, or now) shows the sections as they were stored.
    const archived = await api(token, `/after-sales/reports/archives?month=${month}`);
    if (!archived.data.length) {
      const made = await fetch(`${BASE_URL}/after-sales/reports/monthly/archive`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ month }),
      });
      expect(made.status).toBe(201);
      await page.reload({ waitUntil: 'networkidle' });
    }
    const snapshots = page.getByRole('row').filter({ hasText: month }).filter({ hasText: 'product:*|department:*' }).first();
    await snapshots.getByRole('button', { name: '查看' }).click();
    await page
      .getByText(/^归档快照 #\d+$/)
      .first()
      .waitFor({ timeout: 30000 });
    await page.getByTestId('section-after-sales.key-customers.report').getByRole('heading', { name: '重点客户：本月关怀与案件' }).waitFor({ timeout: 30000 });
    await screenshot(page, 'reports-key-customers-zh');
    await page.context().close();
  });

  it('in Chinese, a month kept a little while says how old its figures are, as the dashboard does', async () => {
    const admin = await adminToken('admin@demo.local');
    // Every figure counts as slow for this test, as a month over a million items does (the browser tests' server
    // otherwise computes each answer afresh: test/e2e/run.js); put back afterwards.
    const set = await send(admin, 'PUT', '/after-sales/test/figures', { cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    expect(set.status).toBe(200);
    const previous = set.body.meta.previous;
    try {
      const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
      const note = page.getByTestId('report-figures-as-of');
      await note.waitFor({ timeout: 30000 });
      expect(await note.innerText()).toMatch(/^数据截至 \S.*，每 600 秒更新。$/);
      await screenshot(page, 'reports-figures-as-of-zh');
      await page.goto(`${BASE_URL}/admin/plugins/after-sales/dashboard`, { waitUntil: 'networkidle' });
      const dashboard = page.getByTestId('dashboard-figures-as-of');
      await dashboard.waitFor({ timeout: 30000 });
      expect(await dashboard.innerText()).toMatch(/^计数和图表截至 \S.*，每 600 秒更新；列表为实时数据。$/);
      await page.context().close();
    } finally {
      expect((await send(admin, 'PUT', '/after-sales/test/figures', previous)).status).toBe(200);
    }
  });
});
