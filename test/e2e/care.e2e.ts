import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const PLAN = 'api::care-plan.care-plan';

describe('care calls in the admin (zh-Hans)', () => {
  it('a manager sets up "call every key customer once a month" in the Content Manager, in Chinese', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${PLAN}/create`, { waitUntil: 'networkidle' });
    await page.getByLabel(/^名称/).fill('重点客户月度关怀', { timeout: 90000 });
    await page.getByLabel(/^客户分级/).fill('key');
    // Once a month: every 1 (the default) month, chosen among Chinese options.
    await page.getByRole('combobox', { name: /^单位/ }).click();
    await page.getByRole('option', { name: '周' }).waitFor();
    await page.getByRole('option', { name: '个月' }).click();
    await page.getByRole('combobox', { name: /^回访渠道/ }).click();
    await page.getByRole('option', { name: '电话' }).click();
    const labels = (await page.locator('main label').allInnerTexts()).map((t) => t.replace(/\*$/, '').trim()).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['间隔', '未联系上时重试间隔（天）', '回访人', '负责部门', '启用']));
    await screenshot(page, 'manager-care-plan-zh-hans');
    await page.getByRole('button', { name: /^保存$/ }).click();
    await page.waitForURL(new RegExp(`/collection-types/${PLAN}/[a-z0-9]{20,}`));
    const manager = await adminToken('manager@demo.local');
    const plans = await api(manager, `/content-manager/collection-types/${PLAN}?filters[segment][$eq]=key`);
    expect(plans.results.map((p: any) => [p.name, p.every, p.unit, p.channel, p.active])).toContainEqual(['重点客户月度关怀', 1, 'months', 'phone', true]);
    await page.context().close();
  });

  it('an agent works the care-call queue: history one click away, an issue raised opens a feedback item, not reached is tried again', async () => {
    const manager = await adminToken('manager@demo.local');
    const agent = await adminToken('agent@demo.local');
    // The manager's plan, in the Content Manager (the form's labels are Chinese: see the translations test).
    const existing = await api(manager, `/content-manager/collection-types/${PLAN}?filters[segment][$eq]=key`);
    if (!existing.results?.length) {
      const created = await send(manager, 'POST', `/content-manager/collection-types/${PLAN}`, {
        name: '重点客户月度关怀',
        segment: 'key',
        every: 1,
        unit: 'months',
        channel: 'phone',
        retryAfterDays: 3,
      });
      expect(created.status).toBe(201);
    }
    const generated = await send(manager, 'POST', '/after-sales/care/calls/generate');
    expect(generated.status).toBe(200);
    const due = (await api(agent, '/after-sales/care/calls?state=due')).data as any[];
    expect(due.length).toBeGreaterThanOrEqual(2);
    const [first, second] = due;

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/care-calls`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '关怀回访' }).first().waitFor();
    await page.getByText(`${due.length} 个待回访`).waitFor();
    const row = page.getByTestId(`care-call-${first.reference}`);
    await row.waitFor();
    // Contact data as the agent may read it: masked.
    if (first.customer.phone) await row.getByText(first.customer.phone, { exact: false }).first().waitFor();
    expect(first.customer.phone ?? '').toMatch(/\*|^$/);

    // The customer's recent history, one click away.
    await row.getByRole('button', { name: '近期记录' }).click();
    await row.getByTestId('care-history').getByText('近期事项').waitFor();
    await row.getByTestId('care-history').getByText('最近消息').waitFor();
    await screenshot(page, 'agent-care-calls-history-zh-hans');

    // The customer raised an issue: it becomes a feedback item linked to the call.
    await row.getByRole('textbox').fill('新买的净化器噪音很大');
    await row.getByRole('button', { name: '客户提出问题' }).click();
    await page
      .getByText(/已生成反馈 FB-\d{8}-\d{4}/)
      .first()
      .waitFor();
    await page.getByTestId('care-done').getByText(first.reference).waitFor();
    await page
      .getByTestId('care-done')
      .getByText(/反馈 FB-/)
      .first()
      .waitFor();
    await page.getByTestId(`care-call-${first.reference}`).waitFor({ state: 'detached' });

    // Not reached: tried again in three days.
    await page.getByTestId(`care-call-${second.reference}`).getByRole('button', { name: '未联系上' }).click();
    await page
      .getByText(/已登记。下次回访日期 \d{4}-\d{2}-\d{2}/)
      .first()
      .waitFor();
    await page.getByTestId(`care-call-${second.reference}`).waitFor({ state: 'detached' });
    await screenshot(page, 'agent-care-calls-logged-zh-hans');

    const logged = (await api(agent, '/after-sales/care/calls?state=done')).data as any[];
    const issue = logged.find((c) => c.reference === first.reference);
    expect(issue).toMatchObject({ outcome: 'issue-raised', outcomeNote: '新买的净化器噪音很大', feedback: { reference: expect.stringMatching(/^FB-/) } });
    expect(logged.find((c) => c.reference === second.reference)).toMatchObject({ outcome: 'not-reached' });
    await page.context().close();
  });
});
