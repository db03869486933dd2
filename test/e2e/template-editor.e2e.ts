import type { Browser } from 'playwright-core';
import { BASE_URL, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('the message template editor', () => {
  it('a manager edits a template, sees the live preview against a record, is told about an unknown variable, and saves', async () => {
    const page = await login(browser, 'manager@demo.local');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/message-templates`, { waitUntil: 'networkidle' });
    await page.getByTestId('template-list').getByRole('button', { name: /Feedback progress/ }).click();
    await page.getByRole('tab', { name: 'English' }).click();
    const preview = page.getByTestId('template-preview');
    await preview.getByText(/Progress on your feedback (FB|CP|SR)-\d{8}-\d{4}/).waitFor();

    const body = page.getByLabel('Text');
    await body.fill('Dear {{customer.name}}, your case {{item.reference}} is {{item.mood}}.');
    await page.getByTestId('template-preview-error').getByText(/unknown variable "item\.mood"/).waitFor();
    await screenshot(page, 'manager-template-error');

    await body.fill('Dear {{customer.name}}, your case {{item.reference}} is in hand.');
    // The HTML alternative is shown in a sandboxed frame.
    await preview.frameLocator('iframe').getByText(/your case (FB|CP|SR)-\d{8}-\d{4} is in hand/).waitFor();
    await page.getByTestId('template-save').click();
    await page.getByText(/edited \(version 1\)/).waitFor();
    await screenshot(page, 'manager-template-saved');
    await page.context().close();
  });
});
