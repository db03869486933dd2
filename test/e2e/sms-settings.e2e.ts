import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, launch, login, screenshot } from './browser';

/**
 * Issue 19, in Chinese: an administrator maps our template keys to the SMS provider's registered
 * template codes in the SMS extension's settings. A mapping without a code, or with a parameter that
 * names no variable, is refused under its field naming the key (it used to be saved and then
 * silently ignored); a correct one is saved.
 */
let browser: Browser;
const SETTINGS_API = `${BASE_URL}/after-sales/extensions/after-sales.sms/configuration`;
const restore = async () => {
  const token = await adminToken('admin@demo.local');
  await fetch(SETTINGS_API, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ data: { templateCodes: {} } }) });
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await restore();
  await browser?.close();
});

describe('SMS template codes in the admin (zh-Hans)', () => {
  it('a mapping without a code or naming an unknown variable is refused naming the key; a correct one is saved', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/extensions`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '扩展' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'after-sales.sms' });
    await row.getByRole('button', { name: '设置' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByText('短信（阿里云、腾讯云）设置').waitFor();
    const codes = dialog.getByLabel('短信平台模板编码');
    await codes.fill(JSON.stringify({ 'feedback.acknowledged': { params: { ref: 'item.reference' } } }));
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('“feedback.acknowledged”缺少 code（短信平台的模板编码）').waitFor();
    await dialog.getByText('有设置需要修改，请查看标出的项。').waitFor();

    await codes.fill(JSON.stringify({ 'feedback.acknowledged': { code: 'SMS_1234', params: { ref: 'item.mood' } } }));
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('“feedback.acknowledged”的参数 ref 使用了未知变量“item.mood”').waitFor();
    await screenshot(page, 'sms-settings-refused-zh-hans');

    await codes.fill(JSON.stringify({ 'feedback.acknowledged': { code: 'SMS_1234', params: { ref: 'item.reference' } } }));
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('短信（阿里云、腾讯云）设置已保存').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.context().close();

    const token = await adminToken('admin@demo.local');
    const saved = (await (await fetch(SETTINGS_API, { headers: { Authorization: `Bearer ${token}` } })).json()) as { data: { values: { templateCodes: unknown } } };
    expect(saved.data.values.templateCodes).toEqual({ 'feedback.acknowledged': { code: 'SMS_1234', params: { ref: 'item.reference' } } });
  });
});
