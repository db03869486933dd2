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
    // A customer known from an earlier intake (phone and email on file), then a second intake with
    // the same phone and another email.
    const phone = `139${String(Date.now()).slice(-8)}`;
    const intake = (email: string) =>
      fetch(`${BASE_URL}/api/after-sales/intake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: { kind: 'feedback', channel: 'website', customer: { name: '周晓梅', phone, email }, symptom: '净化器风扇有异响' } }),
      });
    expect((await intake('zhou.xiaomei@example.cn')).status).toBe(201);
    const second = await intake('li.min.new@example.cn');
    expect(second.status).toBe(201);
    const reference = ((await second.json()) as { data: { reference: string } }).data.reference;

    const admin = await adminToken('admin@demo.local');
    // By name and this test's phone: other tests (the portal's) have customers of the same name.
    const found = await api(admin, `/content-manager/collection-types/api::customer.customer?filters[name][$eq]=${encodeURIComponent('周晓梅')}&filters[phone][$contains]=${phone.slice(-8)}`);
    const documentId = found.results[0].documentId as string;

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/api::customer.customer/${documentId}`, { waitUntil: 'networkidle' });
    await page.getByText('待确认的联系方式').waitFor();
    const panel = page.getByTestId('contact-proposals');
    await panel.waitFor();
    try {
      await panel.getByText('l***@example.cn').waitFor({ timeout: 20000 });
    } catch (error) {
      await screenshot(page, 'agent-contact-proposal-failure');
      throw new Error(`${(error as Error).message}\npanel: ${await panel.innerText()}`, { cause: error });
    }
    await panel.getByText(new RegExp(`随 ${reference} 提交`)).waitFor();
    await panel.getByText('待确认', { exact: true }).waitFor();
    await screenshot(page, 'agent-contact-proposal-zh');

    await panel.getByRole('button', { name: '确认' }).click();
    await page.getByText('联系方式已更新。').waitFor();
    // The page reloads: the form and the privacy panel show the confirmed email (masked for an agent).
    await page.waitForFunction(() => (document.querySelector('input[name="email"]') as HTMLInputElement | null)?.value === 'l***@example.cn');
    await page.getByTestId('contact-proposals').getByText('已确认', { exact: true }).waitFor();
    await page.getByText('l***@example.cn').nth(1).waitFor();
    await screenshot(page, 'agent-contact-proposal-confirmed-zh');

    const after = await api(admin, `/after-sales/contact-proposals/customers/${documentId}`);
    expect(after.data[0]).toMatchObject({ state: 'confirmed', value: 'li.min.new@example.cn' });
    await page.context().close();
  });
});
