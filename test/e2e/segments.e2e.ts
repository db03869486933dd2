import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const send = async (token: string, method: string, url: string, body: unknown) => {
  const res = await fetch(`${BASE_URL}${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('customer segments and win-back (zh-Hans)', () => {
  it('a manager sees why a customer is a key customer and chooses another segment by hand, with a reason', async () => {
    const admin = await adminToken('admin@demo.local');
    const digits = String(Date.now()).slice(-8);
    const created = await send(admin, 'POST', '/content-manager/collection-types/api::customer.customer', {
      name: '孔祥瑞',
      phone: `136 ${digits.slice(0, 4)} ${digits.slice(4)}`,
      serviceContract: true,
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/customers/${documentId}`, { waitUntil: 'networkidle' });
    const section = page.getByTestId('customer-segment');
    await section.getByRole('heading', { name: '客户分级' }).waitFor();
    await section.getByTestId('customer-segment-title').getByText('重点客户').waitFor();
    await section.getByTestId('customer-segment-reason').getByText('签有服务合同').waitFor();
    await section.getByText('拥有设备：0 台 · 未结投诉：0 件 · 服务合同：有').waitFor();
    await screenshot(page, 'segments-customer-key-zh');

    await section.getByRole('combobox').click();
    await page.getByRole('option', { name: '普通客户' }).click();
    await section.getByLabel('原因').fill('客户要求暂不纳入关怀计划');
    await section.getByRole('button', { name: '设定分级' }).click();
    await section.getByTestId('customer-segment-title').getByText('普通客户').waitFor();
    await section.getByTestId('customer-segment-reason').getByText('人工指定：客户要求暂不纳入关怀计划').waitFor();
    await screenshot(page, 'segments-customer-manual-zh');
    await section.getByRole('button', { name: '改回按规则分级' }).click();
    await section.getByTestId('customer-segment-title').getByText('重点客户').waitFor();
    await page.context().close();
  });

  it('an agent sees the customers to win back, with masked phones and the suggested call', async () => {
    const admin = await adminToken('admin@demo.local');
    // A year and a half from now, every demo customer has been silent for more than 365 days.
    const later = new Date(Date.now() + 550 * 86_400_000);
    expect((await send(admin, 'PUT', '/after-sales/test/clock', { now: later.toISOString() })).status).toBe(200);
    try {
      const page = await login(browser, 'agent@demo.local', 'zh-Hans');
      await page.goto(`${BASE_URL}/admin/plugins/after-sales/win-back`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { name: '客户挽回' }).waitFor();
      await page.getByText('365 天内没有购买也没有联系的客户，或 2 次满意度评分低于 4 分的客户。').waitFor();
      const table = page.getByTestId('win-back');
      await table.getByText('关怀回访：询问产品使用情况，介绍保养或升级服务').first().waitFor();
      await table
        .getByText(/已 \d+ 天没有购买或联系/)
        .first()
        .waitFor();
      // Contact data as the agent's role reads it: masked.
      const text = await table.innerText();
      expect(text).toContain('*');
      expect(text).not.toMatch(/\+86 ?1\d{2} ?\d{4} ?\d{4}/);
      await screenshot(page, 'segments-win-back-zh');
      await page.context().close();
    } finally {
      expect((await send(admin, 'PUT', '/after-sales/test/clock', { now: null })).status).toBe(200);
    }
  });
});
