import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, launch, login, screenshot } from './browser';

/**
 * The head of after-sales, in the Chinese admin, rewrites a text of the customer pages: found by a
 * word, a placeholder the page does not fill refused under its box, the saved wording on the page.
 */
let browser: Browser;
const restore = async () => {
  const token = await adminToken('manager@demo.local');
  await fetch(`${BASE_URL}/after-sales/portal-texts`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data: {} }),
  });
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await restore();
  await browser?.close();
});

describe('customer page texts in the admin', () => {
  it('a manager rewrites the start page title in zh-Hans; a placeholder the page does not fill is refused', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/portal-texts`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '客户页面文字' }).waitFor();
    await page.getByLabel('查找文字').fill('home.');
    const row = page.getByTestId('portal-text-home.title');
    await row.getByText('内置：客户服务').waitFor();
    const box = row.getByLabel('home.title（中文）');
    await box.fill('明亮家电 {brand}');
    await page.getByRole('button', { name: '保存（已改 1 处）' }).click();
    await row.getByText('使用了未知的占位符“brand”').waitFor();
    await page.getByText('有文字需要修改，请查看标出的输入框。').waitFor();
    await screenshot(page, 'portal-texts-refused-zh-hans');

    await box.fill('明亮家电客户服务');
    await page.getByRole('button', { name: '保存（已改 1 处）' }).click();
    await page.getByText('客户页面文字已保存').waitFor();
    await page.getByRole('button', { name: '保存', exact: true }).waitFor();
    await screenshot(page, 'portal-texts-zh-hans');
    await page.context().close();

    const html = await (await fetch(`${BASE_URL}/after-sales/portal?lang=zh-Hans`)).text();
    expect(html).toContain('明亮家电客户服务');
    const english = await (await fetch(`${BASE_URL}/after-sales/portal?lang=en`)).text();
    expect(english).toContain('Customer service');
  });
});
