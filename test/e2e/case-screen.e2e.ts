import knex from 'knex';
import { ImapFlow } from 'imapflow';
import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';
import { rawMail } from '../helpers/dovecot';

/**
 * Issue 18, in Chinese: an agent opens a case from the feedback list, answers the customer and adds
 * an internal note on the case screen, and sees both in the thread (the note set apart in yellow);
 * she answers and resolves in one go, with the action's required field asked for under the reply
 * box (a missing one refused, nothing sent), then takes the next action from the side column;
 * she answers and sets the case waiting, adds a note, and the customer's email reply arrives
 * through the real (throwaway) dovecot mailbox run.js starts, resumes the case and shows in the thread.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';

describe('the case screen (zh-Hans)', () => {
  it('an agent opens a case from the list, replies, adds a note and sees both in the thread', async () => {
    const token = await adminToken('agent@demo.local');
    // A case of the agent's whose customer can be written to.
    const { results } = await api<{ results: { documentId: string; reference: string }[] }>(token, `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=50`);
    let target: { documentId: string; reference: string } | undefined;
    for (const row of results) {
      const view = await api<{ data?: { reply: { reachable: boolean }; may: { reply: boolean } } }>(token, `/after-sales/cases/${FEEDBACK}/${row.documentId}`);
      if (view.data?.reply.reachable && view.data.may.reply) {
        target = row;
        break;
      }
    }
    expect(target).toBeDefined();

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=10&filters[$and][0][reference][$eq]=${target!.reference}`, { waitUntil: 'networkidle' });
    await page.getByTestId('case-link').first().click();
    await page.waitForURL(new RegExp(`/admin/plugins/after-sales/cases/${FEEDBACK}/${target!.documentId}$`));
    await page.getByTestId('case-header').waitFor();
    await page.getByRole('heading', { name: target!.reference }).waitFor();
    await page.getByText('当前可执行的操作').waitFor();

    const reply = `王先生您好:\n我们已安排工程师周三上门检查。 ${Date.now()}`;
    await page.getByTestId('case-text').fill(reply);
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByTestId('case-preview').getByText('售后服务回复').waitFor();
    await page.getByTestId('case-send').click();
    await page.getByTestId('case-notice').getByText('回复已进入发送队列。').waitFor();
    const replyItem = page.getByTestId('case-item-reply').filter({ hasText: '我们已安排工程师周三上门检查' });
    await replyItem.waitFor();
    await replyItem.getByText(/邮件 · /).waitFor();

    await page.getByTestId('case-note-toggle').click();
    await page.getByText('内部备注（不会发给客户）').waitFor();
    await page.getByTestId('case-text').fill('客户下午不方便接电话,请上午联系');
    await page.getByTestId('case-send').click();
    await page.getByTestId('case-notice').getByText('备注已添加。').waitFor();
    const noteItem = page.getByTestId('case-item-note').filter({ hasText: '客户下午不方便接电话' });
    await noteItem.waitFor();
    await noteItem.getByText('内部', { exact: true }).waitFor();
    // The note looks different from the reply (yellow).
    const colours = await Promise.all([replyItem, noteItem].map((item) => item.evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(colours[0]).not.toBe(colours[1]);
    // Both are in one thread, oldest first: the reply before the note.
    const texts = await page.getByTestId('case-thread').locator('li').allInnerTexts();
    const replyAt = texts.findIndex((t) => t.includes('我们已安排工程师周三上门检查'));
    const noteAt = texts.findIndex((t) => t.includes('客户下午不方便接电话'));
    expect(replyAt).toBeGreaterThanOrEqual(0);
    expect(noteAt).toBeGreaterThan(replyAt);
    await screenshot(page, 'case-screen-zh');
    await page.context().close();
  });

  // Before "reply and resolve": it needs a case in progress that writes by email, and leaves it in progress (resumed).
  it("reply and set waiting, a note, then the customer's email reply arrives through the mailbox and resumes the case", async () => {
    const imap = { host: process.env.E2E_IMAP_HOST, port: Number(process.env.E2E_IMAP_PORT), user: process.env.E2E_IMAP_USER, pass: process.env.E2E_IMAP_PASSWORD };
    // run.js starts the mailbox (unless E2E_MAILBOX=off): without it this test cannot run.
    expect(imap.host && imap.port).toBeTruthy();
    const token = await adminToken('agent@demo.local');
    type View = {
      data?: { reference: string; reply: { reachable: boolean; channel?: string }; may: { reply: boolean }; customer: { documentId: string } | null; actions: { actions: { id: string }[] } };
    };
    const { results } = await api<{ results: { documentId: string }[] }>(token, `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=100&filters[$and][0][state][$eq]=in-progress`);
    let target: { documentId: string; reference: string; customer: string } | undefined;
    for (const row of results) {
      const view = await api<View>(token, `/after-sales/cases/${FEEDBACK}/${row.documentId}`);
      const d = view.data;
      if (d?.reply.reachable && d.reply.channel === 'email' && d.may.reply && d.customer && d.actions.actions.some((a) => a.id === 'wait')) {
        target = { documentId: row.documentId, reference: d.reference, customer: d.customer.documentId };
        break;
      }
    }
    expect(target).toBeDefined();
    // The customer's own address (the agent reads it masked).
    const db = knex({ client: 'better-sqlite3', connection: { filename: process.env.E2E_DB!, options: { readonly: true } }, useNullAsDefault: true });
    const { email } = (await db('customers').where({ document_id: target!.customer }).first('email')) as { email: string };
    await db.destroy();

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${FEEDBACK}/${target!.documentId}`, { waitUntil: 'networkidle' });
    await page.getByTestId('case-header').getByText('处理中').waitFor();
    await page.getByTestId('case-text').fill('王先生您好:请问周三上午方便安排工程师上门吗?');
    await page.getByRole('combobox', { name: '然后' }).click();
    await page.getByRole('option', { name: '等待客户或备件' }).click();
    await page.getByTestId('case-send-action').click();
    await page.getByTestId('case-notice').getByText('回复已进入发送队列。').waitFor();
    await page.getByTestId('case-header').getByText('等待中（客户或备件）').waitFor();
    await page.getByTestId('case-note-toggle').click();
    await page.getByTestId('case-text').fill('已发邮件询问上门时间,等客户回复');
    await page.getByTestId('case-send').click();
    await page.getByTestId('case-item-note').filter({ hasText: '已发邮件询问上门时间' }).waitFor();

    // The customer answers by email, quoting the reference in the subject; the mailbox is checked.
    const client = new ImapFlow({ host: imap.host!, port: imap.port, secure: false, auth: { user: imap.user!, pass: imap.pass! }, logger: false });
    await client.connect();
    await client.append('INBOX', rawMail({ from: email, subject: `Re: [${target!.reference}] 售后服务回复`, text: '周三上午可以,我在家等。' }));
    await client.logout();
    const manager = await adminToken('manager@demo.local');
    const polled = await fetch(`${BASE_URL}/after-sales/mailbox/poll`, { method: 'POST', headers: { Authorization: `Bearer ${manager}`, 'content-type': 'application/json' }, body: '{}' });
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as { data: { counts: Record<string, number> } }).data.counts).toMatchObject({ resumed: 1 });

    await page.reload({ waitUntil: 'networkidle' });
    const answer = page.getByTestId('case-item-message-in').filter({ hasText: '周三上午可以,我在家等。' });
    await answer.waitFor();
    await page.getByTestId('case-header').getByText('处理中').waitFor();
    // Oldest first: the reply, the note, the customer's answer.
    const texts = await page.getByTestId('case-thread').locator('li').allInnerTexts();
    const at = (needle: string) => texts.findIndex((t) => t.includes(needle));
    expect(at('请问周三上午方便安排工程师上门吗')).toBeGreaterThanOrEqual(0);
    expect(at('已发邮件询问上门时间')).toBeGreaterThan(at('请问周三上午方便安排工程师上门吗'));
    expect(at('周三上午可以,我在家等。')).toBeGreaterThan(at('已发邮件询问上门时间'));
    await screenshot(page, 'case-screen-email-reply-zh');
    await page.context().close();
  });

  it('reply and resolve: the action asks for its field under the reply box; then the next action from the side column', async () => {
    const token = await adminToken('agent@demo.local');
    type View = { data?: { reply: { reachable: boolean }; may: { reply: boolean }; actions: { actions: { id: string }[] } } };
    const { results } = await api<{ results: { documentId: string; reference: string }[] }>(
      token,
      `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=100&filters[$and][0][state][$eq]=in-progress`
    );
    let target: { documentId: string; reference: string } | undefined;
    for (const row of results) {
      const view = await api<View>(token, `/after-sales/cases/${FEEDBACK}/${row.documentId}`);
      if (view.data?.reply.reachable && view.data.may.reply && view.data.actions.actions.some((a) => a.id === 'resolve')) {
        target = row;
        break;
      }
    }
    expect(target).toBeDefined();

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${FEEDBACK}/${target!.documentId}`, { waitUntil: 'networkidle' });
    await page.getByTestId('case-header').getByText('处理中').waitFor();
    // The actions she may take now are buttons beside the thread (the side panel's own).
    const side = page.getByTestId('case-actions');
    await side.getByRole('button', { name: /^解决/ }).waitFor();

    const reply = `王先生您好:滤网已更换,噪音问题已解决。 ${Date.now()}`;
    await page.getByTestId('case-text').fill(reply);
    await page.getByRole('combobox', { name: '然后' }).click();
    await page.getByRole('option', { name: '解决' }).click();
    const fields = page.getByTestId('action-fields-resolve');
    await fields.getByText('解决说明').waitFor();
    // Without the required field: refused, naming it; nothing sent.
    await page.getByTestId('case-send-action').click();
    await page
      .getByTestId('case-error')
      .getByText(/解决说明/)
      .waitFor();
    expect(await page.getByTestId('case-item-reply').filter({ hasText: reply }).count()).toBe(0);

    await fields.getByRole('textbox').first().fill('更换滤网后噪音消除');
    await page.getByTestId('case-send-action').click();
    await page.getByTestId('case-notice').getByText('回复已进入发送队列。').waitFor();
    await page.getByTestId('case-item-reply').filter({ hasText: '滤网已更换,噪音问题已解决' }).waitFor();
    await page.getByTestId('case-header').getByText('已解决').waitFor();
    const view = await api<{ data: { thread: { type: string; action?: string }[] } }>(token, `/after-sales/cases/${FEEDBACK}/${target!.documentId}`);
    expect(view.data.thread.some((t) => t.type === 'state-change' && t.action === 'resolve')).toBe(true);

    // The next step without leaving the case screen: start the callback from the side column.
    await side.getByRole('button', { name: '开始回访' }).click();
    await page.getByTestId('case-header').getByText('回访中').waitFor();
    await screenshot(page, 'case-screen-actions-zh');
    await page.context().close();
  });

  it('a case that no longer exists says so in Chinese (a link kept from an old message, say)', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/api::feedback.feedback/doesnotexist0000000000000`, { waitUntil: 'networkidle' });
    await page.getByText('此条目已不存在，或您无权查看。').waitFor();
    expect(await page.getByText(/No feedback/).count()).toBe(0);
    await page.context().close();
  });

  it('the customer page links each of her cases to its case screen', async () => {
    const token = await adminToken('agent@demo.local');
    const { results } = await api<{ results: { documentId: string; reference: string }[] }>(token, `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=50`);
    let target: { documentId: string; reference: string; customer: string } | undefined;
    for (const row of results) {
      const view = await api<{ data?: { customer: { documentId: string } | null } }>(token, `/after-sales/cases/${FEEDBACK}/${row.documentId}`);
      if (view.data?.customer) {
        target = { ...row, customer: view.data.customer.documentId };
        break;
      }
    }
    expect(target).toBeDefined();
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/customers/${target!.customer}`, { waitUntil: 'networkidle' });
    const row = page.getByTestId('customer-cases').getByRole('row').filter({ hasText: target!.reference });
    await row.getByRole('link', { name: '打开工单对话' }).click();
    await page.waitForURL(new RegExp(`/admin/plugins/after-sales/cases/${FEEDBACK}/${target!.documentId}$`));
    await page.getByRole('heading', { name: target!.reference }).waitFor();
    await page.context().close();
  });
});
