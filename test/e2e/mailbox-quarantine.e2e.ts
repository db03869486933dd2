import knex, { type Knex } from 'knex';
import type { Browser } from 'playwright-core';
import { BASE_URL, launch, login, screenshot } from './browser';
import { rawMail } from '../helpers/dovecot';

/**
 * Issue 18, in Chinese: the manager (who runs Departments and channels) handles the inbound
 * mailbox's quarantine: a message set aside by an earlier rule is imported again and becomes a
 * case (opened from the notice), an unwanted one is discarded after a confirmation. Both leave the
 * quarantine and are audited under her name. The quarantined messages are written into the e2e
 * database directly: this run has no mailbox.
 */
let browser: Browser;
let db: Knex;
beforeAll(async () => {
  browser = await launch();
  db = knex({
    client: 'better-sqlite3',
    connection: { filename: process.env.E2E_DB! },
    useNullAsDefault: true,
    pool: { min: 1, max: 1, afterCreate: (conn: { pragma(s: string): void }, done: () => void) => (conn.pragma('busy_timeout = 10000'), done()) },
  });
});
afterAll(async () => {
  await db?.destroy();
  await browser.close();
});

const quarantine = (uid: number, subject: string, source: string) =>
  db('after_sales_mailbox_quarantine').insert({
    mailbox: 'support@mail.e2e:993/INBOX',
    uidvalidity: 1,
    uid,
    message_id: null,
    from_address: 'sun.li@customer.example',
    subject,
    reason: 'refused: an earlier rule',
    source,
    size: source.length,
    created_at: new Date().toISOString(),
  });

describe('the mailbox quarantine (zh-Hans)', () => {
  it('the manager retries one quarantined message into a new case and discards another, each audited', async () => {
    const stamp = Date.now() % 1_000_000_000;
    const wanted = `净化器有异味 ${stamp}`;
    const unwanted = `优惠促销 ${stamp}`;
    await quarantine(stamp, wanted, rawMail({ from: '"孙丽" <sun.li@customer.example>', subject: wanted, text: '新买的净化器开机后有塑料味,正常吗?' }));
    await quarantine(stamp + 1, unwanted, rawMail({ from: 'sun.li@customer.example', subject: unwanted, text: '点击领取优惠券' }));

    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/organisation`, { waitUntil: 'networkidle' });
    const section = page.getByTestId('mailbox-section');
    const row = (subject: string) => section.getByTestId('mailbox-quarantine').getByRole('row').filter({ hasText: subject });
    await row(wanted).waitFor();

    const decided = section.getByTestId('mailbox-decided');
    await row(unwanted).getByRole('button', { name: '丢弃' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('这封邮件将不会被导入').waitFor();
    await dialog.getByRole('button', { name: '丢弃' }).click();
    await decided.getByText('已丢弃。').waitFor();
    await row(unwanted).waitFor({ state: 'detached' });

    await row(wanted).getByRole('button', { name: '重试导入' }).click();
    await decided.getByText('已导入（新建工单）。').waitFor();
    await row(wanted).waitFor({ state: 'detached' });
    await screenshot(page, 'mailbox-quarantine-zh');
    // The new case opens from the notice, with the customer's email in its thread.
    await decided.getByRole('link', { name: /^FB-/ }).click();
    await page.getByTestId('case-item-message-in').filter({ hasText: '新买的净化器开机后有塑料味' }).waitFor();

    const audit = await db('after_sales_audit_events').where('action', 'like', 'mailbox.quarantine.%').orderBy('id').select('action', 'actor_name');
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'mailbox.quarantine.retry', actor_name: 'Wang Manager' },
        { action: 'mailbox.quarantine.discard', actor_name: 'Wang Manager' },
      ])
    );
    expect(
      await db('after_sales_mailbox_messages')
        .where({ uid: stamp + 1 })
        .first('outcome')
    ).toEqual({ outcome: 'discarded' });
  });
});
