import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, feedbackThrough, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('the message template editor', () => {
  it('a manager edits a template, sees the live preview against a record, is told about an unknown variable, and saves', async () => {
    // A feedback of a customer with an email address, picked as the preview's record (the newest record of the
    // page's default depends on what earlier tests registered: a phone-only caller's case has no email to preview).
    const { reference } = await feedbackThrough({ customer: { name: 'Preview Customer', email: `preview.${Date.now()}@example.com` }, symptom: 'Filter light keeps blinking' });
    const page = await login(browser, 'manager@demo.local');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/message-templates`, { waitUntil: 'networkidle' });
    // The template's text answers late, and the English tab is clicked while it loads (a manager who clicks fast):
    // the editor must then show the English text of this template, not the Chinese one nor the previous template's.
    let answered!: () => void;
    const held = new Promise<void>((resolve) => (answered = resolve));
    await page.route('**/after-sales/messages/editor/templates/feedback.progress?*', async (route) => {
      await held;
      await route.continue();
    });
    await page
      .getByTestId('template-list')
      .getByRole('button', { name: /Feedback progress/ })
      .click();
    await page.getByRole('tab', { name: 'English' }).click();
    answered();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('input')).some((input) => input.value.startsWith('Progress on your feedback')));
    await page.unroute('**/after-sales/messages/editor/templates/feedback.progress?*');
    const record = page.getByRole('combobox', { name: 'Preview with this record' });
    await record.click();
    await record.fill(reference);
    await page.getByRole('option', { name: new RegExp(reference) }).click();
    const preview = page.getByTestId('template-preview');
    await preview.getByText(`Progress on your feedback ${reference}`).waitFor();

    const body = page.getByLabel('Text');
    await body.fill('Dear {{customer.name}}, your case {{item.reference}} is {{item.mood}}.');
    await page
      .getByTestId('template-preview-error')
      .getByText(/unknown variable "item\.mood"/)
      .waitFor();
    await screenshot(page, 'manager-template-error');

    await body.fill('Dear {{customer.name}}, your case {{item.reference}} is in hand.');
    // The HTML alternative is shown in a sandboxed frame.
    await preview
      .frameLocator('iframe')
      .getByText(/your case (FB|CP|SR)-\d{8}-\d{4} is in hand/)
      .waitFor();
    await page.getByTestId('template-save').click();
    await page.getByText(/edited \(version 1\)/).waitFor();
    await screenshot(page, 'manager-template-saved');
    await page.context().close();
  });

  it('in Chinese, a manager picks the WeCom channel contributed by an extension and saves a text for that channel alone', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/message-templates`, { waitUntil: 'networkidle' });
    // The channels are the ones the extensions contribute: three built-in, one from ./extensions/wecom-notify.
    await page.getByRole('combobox', { name: /^发送渠道/ }).click();
    for (const name of [/^电子邮件$/, /^Webhook$/, /^短信/, /^企业微信群机器人$/]) await page.getByRole('option', { name }).waitFor();
    expect(await page.getByRole('option').count()).toBe(4);
    await screenshot(page, 'template-channels-zh');
    await page.getByRole('option', { name: '企业微信群机器人' }).click();

    await page
      .getByTestId('template-list')
      .getByRole('button', { name: /投诉已登记/ })
      .click();
    await page.getByTestId('template-source').getByText('complaint.registered · 企业微信群机器人', { exact: false }).waitFor();
    // Typing starts once this template's text is loaded (its default subject is in the field).
    await page.waitForFunction(() => Array.from(document.querySelectorAll('input')).some((input) => input.value.startsWith('您的投诉已登记')));
    await page.getByLabel('正文').fill('新投诉 {{item.reference}}:{{customer.name}},请尽快联系。');
    // The HTML alternative is shown in a sandboxed frame.
    await page
      .getByTestId('template-preview')
      .frameLocator('iframe')
      .getByText(/新投诉 (FB|CP|SR)-\d{8}-\d{4}/)
      .waitFor();
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-source').getByText('已修改', { exact: false }).waitFor();
    await screenshot(page, 'template-wecom-saved-zh');

    const token = await adminToken('manager@demo.local');
    const wecom = await api(token, '/after-sales/messages/editor/templates?channel=wecom');
    expect(wecom.data.find((t: { key: string }) => t.key === 'complaint.registered').customised).toEqual(['zh-Hans']);
    const email = await api(token, '/after-sales/messages/editor/templates?channel=email');
    expect(email.data.find((t: { key: string }) => t.key === 'complaint.registered').customised).toEqual([]);
    await page.context().close();
  });

  it('in Chinese, the acknowledgement’s promise is worded from the SLA policy: the editor lists {{item.respondWithin}} and the preview says 24 个工作小时', async () => {
    const intake = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { kind: 'feedback', channel: 'website', type: 'quality', severity: 'general', customer: { name: '赵敏', email: 'zhao.min@example.cn' }, symptom: '打印机卡纸' } }),
    });
    expect(intake.status).toBe(201);
    const { reference } = ((await intake.json()) as { data: { reference: string } }).data;

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/message-templates`, { waitUntil: 'networkidle' });
    await page
      .getByTestId('template-list')
      .getByRole('button', { name: /反馈已受理/ })
      .click();
    await page.getByTestId('template-source').getByText('feedback.acknowledged · 电子邮件', { exact: false }).waitFor();
    await page
      .getByText(/\{\{item\.respondWithin\}\}/)
      .first()
      .waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('textarea')).some((t) => t.value.includes('我们将在 {{item.respondWithin}}内')));
    // Preview against the new item: a general issue, promised in 24 working hours by the feedback policy.
    const record = page.getByRole('combobox', { name: '用此记录预览' });
    await record.click();
    await record.fill(reference);
    await page.getByRole('option', { name: new RegExp(reference) }).click();
    await page
      .getByTestId('template-preview')
      .frameLocator('iframe')
      .getByText(/我们将在 24 个工作小时内（即 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 前）给您答复。/)
      .waitFor();
    await screenshot(page, 'template-acknowledgement-promise-zh');
    await page.context().close();
  });

  it('in Chinese, a manager edits the SMS text of a template: no subject, a character count, a plain-text preview, saved for SMS alone', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/message-templates`, { waitUntil: 'networkidle' });
    await page.getByRole('combobox', { name: /^发送渠道/ }).click();
    await page.getByRole('option', { name: /^短信/ }).click();
    await page
      .getByTestId('template-list')
      .getByRole('button', { name: /反馈已受理/ })
      .click();
    await page.getByTestId('template-source').getByText('feedback.acknowledged · 短信', { exact: false }).waitFor();
    // The extension's SMS text (short, no subject) is loaded; there is no subject field.
    const body = page.getByLabel('正文');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('textarea')).some((t) => t.value.startsWith('【{{company.name}}】已收到您的反馈')));
    expect(await page.getByLabel('标题').count()).toBe(0);
    await page
      .getByTestId('template-sms-note')
      .getByText(/短信没有标题。当前 \d+ 个字/)
      .waitFor();

    await body.fill('【{{company.name}}】您的反馈 {{item.reference}} 已受理,我们会尽快联系您。');
    await page
      .getByTestId('template-sms-note')
      .getByText(/当前 \d+ 个字，按每条 70 字计共 1 条/)
      .waitFor();
    // The preview is the SMS as text (no HTML frame).
    await page
      .getByTestId('template-preview')
      .getByText(/您的反馈 (FB|CP|SR)-\d{8}-\d{4} 已受理/)
      .waitFor();
    expect(await page.getByTestId('template-preview').locator('iframe').count()).toBe(0);
    await screenshot(page, 'template-sms-zh');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-source').getByText('已修改', { exact: false }).waitFor();

    const token = await adminToken('manager@demo.local');
    const sms = await api(token, '/after-sales/messages/editor/templates?channel=sms');
    expect(sms.data.find((t: { key: string }) => t.key === 'feedback.acknowledged').customised).toEqual(['zh-Hans']);
    const email = await api(token, '/after-sales/messages/editor/templates?channel=email');
    expect(email.data.find((t: { key: string }) => t.key === 'feedback.acknowledged').customised).toEqual([]);
    const stored = await api(token, '/after-sales/messages/editor/templates/feedback.acknowledged?channel=sms');
    expect(stored.data).toMatchObject({ hasSubject: false, locales: { 'zh-Hans': { subject: '', source: 'saved' } } });
    await page.context().close();
  });
});
