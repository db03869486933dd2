import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';
import { startSmtpSink } from '../helpers/smtp-sink';
import { startDovecot, rawMail, type Dovecot } from '../helpers/dovecot';

const FEEDBACK = 'api::feedback.feedback';
let strapi: Core.Strapi;
let dovecot: Dovecot;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let admin: AdminSession;
let agent: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const knex = () => strapi.db.connection;
const ENV_KEYS: string[] = [];

const poll = async () => {
  const res = await http().post('/after-sales/mailbox/poll').set('Authorization', `Bearer ${admin.token}`);
  expect(res.status).toBe(200);
  return res.body.data as { counts: Record<string, number> };
};
const importRow = (uid: number) => knex()('after_sales_mailbox_messages').where({ uid }).first();
const feedbackByReference = (reference: string) => strapi.db.query(FEEDBACK).findOne({ where: { reference } });
const thread = (documentId: string) => knex()('after_sales_thread_entries').where({ content_type: FEEDBACK, document_id: documentId }).orderBy('id');
const outboxCount = async () => Number((await knex()('after_sales_outbox').count({ n: '*' }))[0].n);

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await startSmtpSink();
  const env = {
    ...dovecot.env,
    AFTER_SALES_IMAP_POLL_SECONDS: '3600',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: 'service@after-sales.test',
    AFTER_SALES_DISPATCHER: 'off',
  };
  ENV_KEYS.push(...Object.keys(env));
  strapi = await bootStrapi({ env });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
}, 300_000);
afterAll(async () => {
  await stopStrapi(strapi);
  await smtp?.close();
  await dovecot?.stop();
  for (const key of ENV_KEYS) delete process.env[key];
});

describe('inbound email over IMAP (a real dovecot)', () => {
  let reference: string;
  let documentId: string;

  it('a new email becomes a feedback item: customer by email, classified, acknowledged; flagged seen after the import', async () => {
    const uid = await dovecot.deliver(
      rawMail({ from: '"王伟" <wang.wei@example.cn>', subject: '空气净化器有异响', text: '您好,\n新买的空气净化器开高档时有很大的异响。\n谢谢', messageId: '<first.1@customer.example>' })
    );
    const result = await poll();
    expect(result.counts).toEqual({ created: 1 });
    const row = await importRow(uid);
    expect(row).toMatchObject({ outcome: 'created', message_id: '<first.1@customer.example>', content_type: FEEDBACK });
    reference = row.reference;
    documentId = row.document_id;
    const item = await strapi.db.query(FEEDBACK).findOne({ where: { documentId }, populate: ['customer'] });
    expect(item).toMatchObject({ channel: 'email', state: 'received' });
    expect(item.symptom).toContain('异响');
    expect(item.customer).toMatchObject({ email: 'wang.wei@example.cn', name: '王伟', locale: 'zh-Hans' });
    const entries = await thread(documentId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entry_kind: 'message-in', channel: 'email', external_id: '<first.1@customer.example>' });
    expect(Number(entries[0].id)).toBe(Number(row.thread_entry_id));
    expect(await knex()('after_sales_outbox').where({ document_id: documentId, template_key: 'feedback.acknowledged' })).toHaveLength(1);
    expect((await dovecot.flags()).get(uid)).toContain('\\Seen');
    // A second poll imports nothing again.
    expect((await poll()).counts).toEqual({});
    // A second copy of the same email (same Message-ID, new UID) is recorded as a duplicate: no second item.
    const items = await strapi.db.query(FEEDBACK).count();
    const copy = await dovecot.deliver(rawMail({ from: '"王伟" <wang.wei@example.cn>', subject: '空气净化器有异响', text: '您好', messageId: '<first.1@customer.example>' }));
    expect((await poll()).counts).toEqual({ duplicate: 1 });
    expect(await importRow(copy)).toMatchObject({ outcome: 'duplicate', document_id: documentId });
    expect(await strapi.db.query(FEEDBACK).count()).toBe(items);
  });

  it('a reply threads into its case by In-Reply-To against the Message-ID the outbox sent', async () => {
    expect(await strapi.plugin('after-sales').service('outbox').dispatch(100)).toMatchObject({ sent: 1 });
    const sent = smtp.received.find((m) => m.to.includes('wang.wei@example.cn'))!;
    const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(sent.raw)![1];
    expect(messageId).toMatch(/^<outbox\.\d+\.[0-9a-f]{16}@after-sales\.test>$/);
    const uid = await dovecot.deliver(rawMail({ from: 'wang.wei@example.cn', subject: 'Re: 我们已收到您的反馈', text: '补充:型号是 AP-200。', inReplyTo: messageId, references: messageId }));
    expect((await poll()).counts).toEqual({ threaded: 1 });
    expect(await importRow(uid)).toMatchObject({ outcome: 'threaded', document_id: documentId, reference });
    const entries = await thread(documentId);
    expect(entries.map((e: { body_text: string }) => e.body_text)).toEqual([expect.stringContaining('异响'), '补充:型号是 AP-200。']);
    expect(JSON.parse(entries[1].meta)).toMatchObject({ matchedBy: 'in-reply-to' });
  });

  it('a reply threads by the reference in the subject when it carries no headers of ours', async () => {
    const uid = await dovecot.deliver(rawMail({ from: 'wang.wei@example.cn', subject: `回复: [${reference}] 照片`, text: '今天又响了一次。' }));
    expect((await poll()).counts).toEqual({ threaded: 1 });
    expect(await importRow(uid)).toMatchObject({ outcome: 'threaded', document_id: documentId });
    const entries = await thread(documentId);
    expect(JSON.parse(entries[entries.length - 1].meta)).toMatchObject({ matchedBy: 'subject' });
  });

  it('a reference in the subject from someone who is not the case’s customer starts a conversation of its own', async () => {
    const before = (await thread(documentId)).length;
    const uid = await dovecot.deliver(rawMail({ from: 'stranger@example.net', subject: `Re: [${reference}] 我也有问题`, text: '我的也坏了。' }));
    expect((await poll()).counts).toEqual({ created: 1 });
    const row = await importRow(uid);
    expect(row.outcome).toBe('created');
    expect(row.document_id).not.toBe(documentId);
    expect((await thread(documentId)).length).toBe(before);
  });

  it('auto-replies, bounces and loops are recorded and never answered: no item, no message queued', async () => {
    const items = await strapi.db.query(FEEDBACK).count();
    const queued = await outboxCount();
    const auto = await dovecot.deliver(rawMail({ from: 'wang.wei@example.cn', subject: `自动回复: [${reference}]`, text: '我正在休假。', headers: { 'Auto-Submitted': 'auto-replied' } }));
    const bounce = await dovecot.deliver(rawMail({ from: 'MAILER-DAEMON@mx.example.cn', subject: 'Undelivered Mail Returned to Sender', text: 'delivery failed' }));
    const oof = await dovecot.deliver(rawMail({ from: 'li@example.cn', subject: 'Out of office', text: 'away', headers: { 'X-Autoreply': 'yes' } }));
    expect((await poll()).counts).toEqual({ automated: 3 });
    expect(await importRow(auto)).toMatchObject({ outcome: 'automated', reason: 'auto-submitted', document_id: documentId });
    expect(await importRow(bounce)).toMatchObject({ outcome: 'automated', reason: 'mailer-daemon', document_id: null });
    expect(await importRow(oof)).toMatchObject({ outcome: 'automated', reason: 'x-autoreply' });
    expect(await strapi.db.query(FEEDBACK).count()).toBe(items);
    expect(await outboxCount()).toBe(queued);
    // On its case it is kept as an internal entry, never shown to the customer.
    const last = (await thread(documentId)).pop();
    expect(last).toMatchObject({ visibility: 'internal', body_text: '我正在休假。' });
  });

  it('a customer reply on a waiting item resumes it (a system action, audited)', async () => {
    const wf = adminWorkflow(strapi, admin.token, FEEDBACK);
    await wf.step(documentId, 'acknowledge');
    await wf.step(documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(documentId, 'start');
    await wf.step(documentId, 'wait', { note: '等待客户提供照片' });
    expect((await feedbackByReference(reference)).state).toBe('waiting');
    const uid = await dovecot.deliver(rawMail({ from: 'wang.wei@example.cn', subject: `Re: [${reference}]`, text: '照片已附上。' }));
    expect((await poll()).counts).toEqual({ resumed: 1 });
    expect(await importRow(uid)).toMatchObject({ outcome: 'resumed' });
    expect((await feedbackByReference(reference)).state).toBe('in-progress');
    const resume = await knex()('after_sales_audit_events').where({ document_id: documentId, action: 'resume' }).first();
    expect(resume).toMatchObject({ actor_kind: 'system', actor_name: 'mailbox', from_state: 'waiting', to_state: 'in-progress' });
  });

  it('a closed item is reopened by a reply within the reopen window', async () => {
    const wf = adminWorkflow(strapi, admin.token, FEEDBACK);
    await wf.step(documentId, 'resolve', { data: { resolutionSummary: '更换风扇' } });
    await wf.step(documentId, 'start-callback');
    await wf.step(documentId, 'close', { note: '客户未接电话' });
    const uid = await dovecot.deliver(rawMail({ from: 'wang.wei@example.cn', subject: `Re: [${reference}]`, text: '又坏了。' }));
    expect((await poll()).counts).toEqual({ reopened: 1 });
    expect(await importRow(uid)).toMatchObject({ outcome: 'reopened', document_id: documentId });
    const item = await feedbackByReference(reference);
    expect(item).toMatchObject({ state: 'in-progress', reopenCount: 1 });
  });

  it('a message that cannot be imported is quarantined with its source, visible to admins only', async () => {
    const raw = 'Subject: no sender\r\nMessage-ID: <nosender@x>\r\n\r\nwho am I?\r\n';
    const uid = await dovecot.deliver(raw);
    expect((await poll()).counts).toEqual({ quarantined: 1 });
    expect(await importRow(uid)).toBeUndefined();
    expect((await dovecot.flags()).get(uid)).toContain('\\Seen');
    const list = await http().get('/after-sales/mailbox/quarantine').set('Authorization', `Bearer ${admin.token}`);
    expect(list.status).toBe(200);
    expect(list.body.data.results[0]).toMatchObject({ uid, subject: 'no sender', reason: 'no sender address (From)' });
    const source = await http().get(`/after-sales/mailbox/quarantine/${list.body.data.results[0].id}/source`).set('Authorization', `Bearer ${admin.token}`);
    expect(source.status).toBe(200);
    expect(source.body.data.source).toContain('who am I?');
    expect((await http().get('/after-sales/mailbox/quarantine').set('Authorization', `Bearer ${agent.token}`)).status).toBe(403);
    expect((await http().get('/after-sales/mailbox/quarantine/999999/source').set('Authorization', `Bearer ${admin.token}`)).status).toBe(404);
    expect((await http().get('/after-sales/mailbox/quarantine?page=0').set('Authorization', `Bearer ${admin.token}`)).status).toBe(400);
    // Nothing imported twice, nothing quarantined twice.
    expect((await poll()).counts).toEqual({});
  });

  it('the status shows the last poll, counts by outcome and the quarantine', async () => {
    const res = await http().get('/after-sales/mailbox/status').set('Authorization', `Bearer ${admin.token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      configured: true,
      host: '127.0.0.1',
      folder: 'INBOX',
      lastError: null,
      quarantined: 1,
      imported: { created: 2, duplicate: 1, threaded: 2, automated: 3, resumed: 1, reopened: 1 },
    });
    expect(res.body.data).not.toHaveProperty('password');
    expect(JSON.stringify(res.body.data)).not.toContain(dovecot.password);
    expect((await http().get('/after-sales/mailbox/status').set('Authorization', `Bearer ${agent.token}`)).status).toBe(403);
  });

  it('an admin decides on a quarantined message: retry, new item or discard, each audited; only with the organisation permission', async () => {
    const as = { Authorization: `Bearer ${admin.token}` };
    const list = async () => (await http().get('/after-sales/mailbox/quarantine').set(as)).body.data.results as { id: number; uid: number; reason: string }[];
    const decide = (id: number, decision: string, session = admin) => http().post(`/after-sales/mailbox/quarantine/${id}/${decision}`).set('Authorization', `Bearer ${session.token}`);
    const audit = (action: string) => knex()('after_sales_audit_events').where({ action }).orderBy('id');
    const [noSender] = await list();
    expect((await decide(noSender.id, 'retry', agent)).status).toBe(403);
    expect((await decide(noSender.id, 'archive')).status).toBe(400);
    expect((await decide(999999, 'discard')).status).toBe(404);
    // Without a sender it cannot become an item; a retry quarantines it again, with the reason.
    const refused = await decide(noSender.id, 'new-item');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['from']);
    const again = await decide(noSender.id, 'retry');
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ outcome: 'quarantined', item: null });
    const [stillThere] = await list();
    expect(stillThere).toMatchObject({ uid: noSender.uid, reason: 'no sender address (From)' });

    // Discarded: out of the quarantine, recorded as discarded (no poll imports it), audited under the admin.
    const discarded = await decide(stillThere.id, 'discard');
    expect(discarded.status).toBe(200);
    expect(await list()).toEqual([]);
    expect(await importRow(noSender.uid)).toMatchObject({ outcome: 'discarded' });
    expect(await audit('mailbox.quarantine.discard')).toEqual([expect.objectContaining({ actor_kind: 'admin', actor_id: String(admin.id) })]);
    expect((await poll()).counts).toEqual({});

    // Messages quarantined earlier (by a rule since changed; written here directly): a retry imports one as a poll would,
    // a new item imports an auto-submitted one as a new conversation after all.
    const status = (await http().get('/after-sales/mailbox/status').set(as)).body.data;
    const key = `${status.user}@${status.host}:${status.port}/${status.folder}`;
    const quarantined = (uid: number, from: string, source: string) =>
      knex()('after_sales_mailbox_quarantine')
        .insert({ mailbox: key, uidvalidity: 7, uid, from_address: from, reason: 'refused: an earlier rule', source, size: source.length, created_at: new Date().toISOString() })
        .then(() => knex()('after_sales_mailbox_quarantine').where({ uid }).first());
    const plain = await quarantined(900001, 'zhao.min@customer.example', rawMail({ from: '"赵敏" <zhao.min@customer.example>', subject: '滤网指示灯一直亮', text: '更换滤网后指示灯还是亮着。' }));
    const retried = await decide(plain.id, 'retry');
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ outcome: 'created', item: { contentType: FEEDBACK, reference: expect.stringMatching(/^FB-/) } });
    expect(await thread(retried.body.data.item.documentId)).toEqual([expect.objectContaining({ entry_kind: 'message-in', body_text: '更换滤网后指示灯还是亮着。' })]);
    // Both retries are audited: the one that failed under the extension, this one on the case it created.
    expect(await audit('mailbox.quarantine.retry')).toEqual([
      expect.objectContaining({ content_type: 'extension::after-sales.mailbox', actor_id: String(admin.id) }),
      expect.objectContaining({ document_id: retried.body.data.item.documentId, actor_id: String(admin.id) }),
    ]);

    const auto = await quarantined(
      900002,
      'qian.li@customer.example',
      rawMail({ from: 'qian.li@customer.example', subject: '自动回复:我的净化器不工作', text: '机器开不了机,请联系我。', headers: { 'Auto-Submitted': 'auto-replied' } })
    );
    const asItem = await decide(auto.id, 'new-item');
    expect(asItem.status).toBe(200);
    expect(asItem.body.data).toMatchObject({ outcome: 'created', item: { contentType: FEEDBACK } });
    expect(await audit('mailbox.quarantine.new-item')).toHaveLength(1);
    expect(await list()).toEqual([]);
  });
});
