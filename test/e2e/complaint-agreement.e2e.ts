import type { Browser, Page } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

/**
 * A serious complaint after its four approvals (after-sales, sales, technical, quality: 001 三.2(3)):
 * the manager, in the Chinese admin, records the customer's agreement to the solution, closes it and
 * logs the callback call, all from the workflow panel of the Content Manager form.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const COMPLAINT = 'api::complaint.complaint';

/** One workflow action through the API, at the item's current version. */
const step = async (email: string, documentId: string, action: string, extra: { data?: Record<string, unknown>; note?: string } = {}) => {
  const token = await adminToken(email);
  const { data } = await api(token, `/after-sales/workflows/${COMPLAINT}/${documentId}/actions`);
  const res = await send(token, 'POST', `/after-sales/workflows/${COMPLAINT}/${documentId}/actions/${action}`, { version: data.version, ...extra });
  if (res.status !== 200) throw new Error(`${action} by ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
};

const stateIs = (page: Page, title: string) => page.waitForFunction((t) => document.querySelector('[data-testid="workflow-state"]')?.textContent?.trim() === t, title, { timeout: 30000 });

describe('a complaint from the approved plan to the callback, in zh-Hans', () => {
  it('the customer agreement is asked for, then closing and the callback are logged in the panel', async () => {
    const manager = await adminToken('manager@demo.local');
    const departments = (await api(manager, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
    const quality = departments.find((d) => d.code === 'quality')!;
    const created = await send(manager, 'POST', `/content-manager/collection-types/${COMPLAINT}`, { description: '三台设备到货即无法开机', seriousness: 'serious', channel: 'hotline' });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    await step('manager@demo.local', documentId, 'verify', { data: { orderNumber: 'SO-2026-7788', quantity: 3 } });
    await step('manager@demo.local', documentId, 'analyse');
    await step('manager@demo.local', documentId, 'propose-plan', { data: { cause: 'quality', responsibleDepartment: quality.documentId, resolutionPlan: '更换三台整机并补偿运费' } });
    for (const head of ['manager@demo.local', 'engineer@demo.local', 'quality@demo.local']) {
      expect((await step(head, documentId, 'approve-plan')).state).toBe('plan-proposed');
    }
    expect((await step('sales@demo.local', documentId, 'approve-plan')).state).toBe('approved');
    await step('manager@demo.local', documentId, 'execute');

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${COMPLAINT}/${documentId}`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('workflow-panel');
    await panel.waitFor();
    await stateIs(page, '执行中');

    await panel.getByRole('button', { name: /^客户确认/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('客户确认人').fill('张女士（采购部）');
    await dialog.getByRole('combobox', { name: '确认方式' }).click();
    await page.getByRole('option', { name: '电话' }).click();
    await screenshot(page, 'complaint-agreement-dialog');
    await dialog.getByRole('button', { name: /^客户确认$/ }).click();
    await stateIs(page, '客户已确认');

    await panel.getByRole('button', { name: /^结案/ }).click();
    await dialog.waitFor();
    await dialog.getByLabel('预防措施').fill('来料抽检比例提高到 10%');
    await dialog.getByRole('button', { name: /^结案$/ }).click();
    await stateIs(page, '已结案');

    await panel.getByRole('button', { name: /^登记电话回访/ }).click();
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: '回访结果' }).click();
    await page.getByRole('option', { name: '已解决' }).click();
    await dialog.getByLabel('备注').fill('客户确认三台新机运行正常');
    await dialog.getByRole('button', { name: /^登记电话回访$/ }).click();
    await page.getByTestId('workflow-timeline').getByText('客户确认三台新机运行正常').waitFor();
    await screenshot(page, 'complaint-callback-logged');

    const stored = (await api(manager, `/content-manager/collection-types/${COMPLAINT}/${documentId}`)).data;
    expect(stored).toMatchObject({ state: 'closed', agreedBy: '张女士（采购部）', agreedVia: 'phone', callbackOutcome: 'solved' });
    expect(stored.agreedAt).toBeTruthy();
    expect(stored.callbackAt).toBeTruthy();
    await page.context().close();
  });
});
