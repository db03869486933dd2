import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('proposed contact data (zh-Hans)', () => {
  it('an intake with a known phone and a new email changes nothing; an agent confirms the email in the customer’s side panel', async () => {
    // 李敏 (demo customer 2): phone +86 138 1037 8001, email customer02@example.cn.
    const intake = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { kind: 'feedback', channel: 'website', customer: { name: '李敏', phone: '13810378001', email: 'li.min.new@example.cn' }, symptom: '净化器风扇有异响' } }),
    });
    expect(intake.status).toBe(201);
    const reference = ((await intake.json()) as { data: { reference: string } }).data.reference;

    const admin = await adminToken('admin@demo.local');
    const found = await api(admin, `/content-manager/collection-types/api::customer.customer?filters[name][$eq]=${encodeURIComponent('李敏')}`);
    const documentId = found.results[0].documentId as string;

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/api::customer.customer/${documentId}`, { waitUntil: 'networkidle' });
    await page.getByText('待确认的联系方式').waitFor();
    const panel = page.getByTestId('contact-proposals');
    await panel.getByText('l***@example.cn').waitFor();
    await panel.getByText(new RegExp(`随 ${reference} 提交`)).waitFor();
    await panel.getByText('待确认', { exact: true }).waitFor();
    await screenshot(page, 'agent-contact-proposal-zh');

    await panel.getByRole('button', { name: '确认' }).click();
    await page.getByText('联系方式已更新。').waitFor();
    await panel.getByText('已确认', { exact: true }).waitFor();
    await screenshot(page, 'agent-contact-proposal-confirmed-zh');

    const after = await api(admin, `/after-sales/contact-proposals/customers/${documentId}`);
    expect(after.data[0]).toMatchObject({ state: 'confirmed', value: 'li.min.new@example.cn' });
    await page.context().close();
  });
});
