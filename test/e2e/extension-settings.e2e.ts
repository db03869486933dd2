import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, launch, login, screenshot } from './browser';

/**
 * An administrator in the Chinese admin sets the customer pages' branding from the Extensions page:
 * the form is made from the extension's settings, in Chinese; a wrong colour is refused under its
 * field; the saved name and colour show on the customer pages.
 */
let browser: Browser;
const SETTINGS_API = `${BASE_URL}/after-sales/extensions/after-sales.portal/configuration`;
const restore = async () => {
  const token = await adminToken('admin@demo.local');
  await fetch(SETTINGS_API, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ data: { companyName: '', primaryColor: '#1d4ed8', footerText: { 'zh-Hans': '', en: '' } } }),
  });
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await restore();
  await browser?.close();
});

describe('extension settings in the admin', () => {
  it('an administrator sets the portal branding in zh-Hans; a wrong colour is refused under its field', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/extensions`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '扩展' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'after-sales.portal' });
    await row.getByRole('button', { name: '设置' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByText('客户门户设置').waitFor();
    // Labels and help in Chinese, from the extension's manifest.
    await dialog.getByText('每个页面底部的文字，按语言分别填写。').waitFor();
    const name = dialog.getByLabel('公司名称');
    const colour = dialog.getByLabel('主色');
    await name.fill('明亮家电售后');
    await colour.fill('red');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('格式不正确').waitFor();
    await dialog.getByText('有设置需要修改，请查看标出的项。').waitFor();
    await screenshot(page, 'extension-settings-refused-zh-hans');

    await colour.fill('#0a7d4f');
    await dialog.getByTestId('swatch-primaryColor').waitFor();
    await dialog.getByLabel('页脚文字（中文）').fill('服务热线 400-000-0000');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('客户门户设置已保存').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // Opened again, the form shows what was saved.
    await row.getByRole('button', { name: '设置' }).click();
    await expect(page.getByRole('dialog').getByLabel('公司名称').inputValue()).resolves.toBe('明亮家电售后');
    await screenshot(page, 'extension-settings-zh-hans');
    await page.context().close();

    const portal = await fetch(`${BASE_URL}/after-sales/portal?lang=zh-Hans`);
    const html = await portal.text();
    expect(html).toContain('明亮家电售后');
    expect(html).toContain('--brand:#0a7d4f');
    expect(html).toContain('服务热线 400-000-0000');
  });
});
