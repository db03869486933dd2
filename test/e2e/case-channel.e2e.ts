import knex from 'knex';
import type { Browser } from 'playwright-core';
import { BASE_URL, feedbackThrough, launch, login, screenshot } from './browser';

/**
 * Issue 19, in Chinese: the case screen's thread says on which channel each message to the customer
 * went out and, when it was not the customer's preferred one (or the first of the fallback order),
 * which one it fell back from and why, with the SMS provider's delivery receipt. The browser tests
 * run with SMTP (its relay does not answer) and no SMS gateway, so the acknowledgement of a new hotline
 * case falls back from SMS to email and the thread says why; two messages are then written to the outbox as an install with both
 * records them (the recording itself is tested against the real SDKs in test/messages/sms-*.test.ts).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';

describe('the channel of each message in the case thread (zh-Hans)', () => {
  it('a manager sees why a message reached nobody, which channel a message fell back from and why, and an SMS receipt', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const { reference, documentId } = await feedbackThrough({ customer: { name: '钱女士', email: `qian.${Date.now()}@example.cn`, phone }, symptom: '加湿器水箱漏水' });

    const db = knex({ client: 'better-sqlite3', connection: { filename: process.env.E2E_DB! }, useNullAsDefault: true });
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const row = { content_type: FEEDBACK, document_id: documentId, reference, locale: 'zh-Hans', attempts: 1, next_attempt_at: Date.now(), trigger: 'e2e', body_html: null };
    await db('after_sales_outbox').insert([
      // A rejected SMS template (the gateway's "never"): the message went by email instead.
      {
        ...row,
        dedupe_key: `e2e:${documentId}:progress`,
        template_key: 'feedback.progress',
        channel: 'email',
        recipient: 'qian@example.cn',
        subject: `您的反馈 ${reference} 处理进展`,
        body_text: '工程师已确认故障原因,正在安排更换水箱。',
        status: 'sent',
        created_at: at(1),
        sent_at: at(1),
        requested_channel: 'sms',
        fallback_reason: 'sms: Aliyun refused the SMS: isv.SMS_TEMPLATE_ILLEGAL',
      },
      // An SMS the gateway accepted and whose receipt said it was not delivered.
      {
        ...row,
        dedupe_key: `e2e:${documentId}:survey`,
        template_key: 'feedback.survey',
        channel: 'sms',
        recipient: `+86${phone}`,
        subject: null,
        body_text: '【售后】请为本次服务评分。',
        status: 'sent',
        created_at: at(2),
        sent_at: at(2),
        requested_channel: null,
        fallback_reason: null,
        provider_message_id: `biz-e2e-${Date.now()}`,
        delivery_status: 'undelivered',
        delivered_at: at(3),
      },
    ]);
    await db.destroy();

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${FEEDBACK}/${documentId}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: reference }).waitFor();
    const messages = page.getByTestId('case-item-message-out');
    await messages.first().waitFor();
    expect(await messages.count()).toBe(3);
    // The acknowledgement: no SMS gateway is set up here, so it went by email instead of SMS (first in the fallback order), and why.
    await messages.nth(0).getByTestId('case-fallback').getByText('按备用渠道顺序改用邮件发送：sms: not configured').waitFor();
    // Email instead of the SMS the gateway refused, and why.
    await messages.nth(1).getByTestId('case-delivery').getByText('邮件 · 已发送').waitFor();
    await messages.nth(1).getByTestId('case-fallback').getByText('未按客户首选的短信发送，改用邮件：sms: Aliyun refused the SMS: isv.SMS_TEMPLATE_ILLEGAL').waitFor();
    // The SMS and its receipt.
    await messages.nth(2).getByTestId('case-delivery').getByText('短信 · 已发送 · 未送达').waitFor();
    expect(await messages.nth(2).getByTestId('case-fallback').count()).toBe(0);
    await screenshot(page, 'case-channel-fallback-zh-hans');
    await page.context().close();
  });
});
