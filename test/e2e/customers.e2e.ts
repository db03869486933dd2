import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

/** Creates a customer in the Content Manager as the super admin (no matching there: how duplicates arise). */
const createCustomer = async (token: string, data: Record<string, unknown>) => {
  const res = await fetch(`${BASE_URL}/content-manager/collection-types/api::customer.customer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(data),
  });
  if (res.status !== 201) throw new Error(`customer create answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: { documentId: string } }).data.documentId;
};

describe('duplicate customers (zh-Hans)', () => {
  it('a manager finds two records of one caller, merges them, and sees the customer page', async () => {
    const admin = await adminToken('admin@demo.local');
    const digits = String(Date.now()).slice(-8);
    const keep = await createCustomer(admin, { name: '郑海燕', phone: `137 ${digits.slice(0, 4)} ${digits.slice(4)}`, company: '海燕贸易' });
    const other = await createCustomer(admin, { name: '郑海燕(网站)', phone: `+86 137${digits}`, email: `zheng.${digits}@example.cn` });

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/customers`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '重复客户' }).waitFor();
    const group = page.getByTestId('duplicate-group').filter({ hasText: '郑海燕(网站)' });
    await group.getByText('电话相同').waitFor();
    await screenshot(page, 'customers-duplicates-zh');
    await group.getByRole('radio', { name: /^郑海燕 · 海燕贸易/ }).check();
    await group.getByRole('button', { name: '合并到所选档案' }).click();
    await page.getByText('已合并。30 天内可以撤销。').waitFor();
    await page.getByTestId('duplicate-group').filter({ hasText: '郑海燕(网站)' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '撤销' }).first().waitFor();

    const gone = await fetch(`${BASE_URL}/after-sales/customers/${other}`, { headers: { Authorization: `Bearer ${admin}` } });
    expect(gone.status).toBe(404);

    await page.goto(`${BASE_URL}/admin/plugins/after-sales/customers/${keep}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '郑海燕' }).waitFor();
    await page.getByText('联系方式与授权').waitFor();
    // The manager reads contact data in full; the merged record's email now belongs to the survivor.
    await page.getByTestId('customer-email').getByText(`zheng.${digits}@example.cn`).waitFor();
    await page.getByText('产品与设备').waitFor();
    await screenshot(page, 'customers-page-zh');
    await page.context().close();

    // An agent sees the same page with masked contact data.
    const agent = await login(browser, 'agent@demo.local', 'zh-Hans');
    await agent.goto(`${BASE_URL}/admin/plugins/after-sales/customers/${keep}`, { waitUntil: 'networkidle' });
    await agent.getByTestId('customer-email').getByText('z***@example.cn').waitFor();
    expect(await agent.getByTestId('customer-page').innerText()).not.toContain(digits.slice(0, 4) + digits.slice(4));
    await screenshot(agent, 'customers-page-agent-zh');
    // The agent calls customers: they reveal the contact data on the page, with a reason (kept in the access audit).
    await agent.getByRole('button', { name: '查看完整联系方式…' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByLabel('原因').fill('客户来电,核对回电号码');
    await dialog.getByRole('button', { name: '查看完整联系方式', exact: true }).click();
    await agent.getByTestId('customer-email').getByText(`zheng.${digits}@example.cn`).waitFor();
    await agent.getByTestId('customer-phone').getByText(digits.slice(4)).waitFor();
    const audit = await fetch(`${BASE_URL}/after-sales/privacy/audit?customer=${keep}&action=reveal`, { headers: { Authorization: `Bearer ${admin}` } });
    expect(((await audit.json()) as { data: { reason: string }[] }).data).toEqual([expect.objectContaining({ reason: '客户来电,核对回电号码' })]);
    await agent.context().close();
  });
});
