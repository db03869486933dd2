import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { startSmtpSink } from '../helpers/smtp-sink';

/**
 * Issue 18, the case screen (extension `after-sales.conversation`): the header and one thread,
 * free-text replies through the outbox on the customer's channel, internal notes that are never
 * sent, a reply with a workflow action in one transaction, attachments with their limits, the
 * Content Manager's record rules, and the tracking page that shows replies but never notes.
 */
const FEEDBACK = 'api::feedback.feedback';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

let strapi: Core.Strapi;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let agent: AdminSession;
let otherAgent: AdminSession;
let engineer: AdminSession;
let admin: AdminSession;
let reference: string;
let trackingToken: string;
let documentId: string;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const casePath = (id = documentId) => `/after-sales/cases/${FEEDBACK}/${id}`;
const show = async (session = agent) => {
  const res = await http().get(casePath()).set(as(session));
  expect(res.status).toBe(200);
  return res.body.data;
};
const outboxRows = () => strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).orderBy('id');
const threadRows = () => strapi.db.connection('after_sales_thread_entries').where({ document_id: documentId }).orderBy('id');

beforeAll(async () => {
  smtp = await startSmtpSink();
  strapi = await bootStrapi({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'service@example.cn', AFTER_SALES_DISPATCHER: 'off' } });
  const departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  otherAgent = await createAdmin(strapi, 'after-sales-agent', { department: 'sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  admin = await createAdmin(strapi, 'super-admin');
  await createProduct(strapi, { modelCode: 'AP-200', name: '空气净化器 AP-200' });
  const res = await http()
    .post('/api/after-sales/intake')
    .send({
      data: {
        kind: 'feedback',
        channel: 'website',
        customer: { name: '王伟', phone: '+86 138 0013 8000', email: 'wang.wei@example.cn' },
        product: { model: 'AP-200', batch: 'B2411' },
        symptom: '净化器高档运行噪音大',
      },
    });
  expect({ status: res.status, error: res.body.error ?? null }).toEqual({ status: 201, error: null });
  ({ reference, trackingToken } = res.body.data);
  const item = await strapi.db.query(FEEDBACK).findOne({ where: { reference } });
  documentId = item.documentId;
  await strapi.db.query(FEEDBACK).update({ where: { id: item.id }, data: { department: departments['after-sales'].id } });
});
afterAll(async () => {
  await stopStrapi(strapi);
  await smtp.close();
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('the case screen', () => {
  it('shows the header with the customer masked for an agent, the thread and the actions she may take', async () => {
    const data = await show();
    expect(data).toMatchObject({
      kind: 'feedback',
      reference,
      state: 'received',
      stateTitle: '已接收',
      batch: 'B2411',
      may: { reply: true, note: true },
      reply: { reachable: true, channel: 'email' },
    });
    expect(data.customer).toMatchObject({ name: '王伟', phone: '138****8000', email: 'w***@example.cn' });
    expect(JSON.stringify(data)).not.toContain('13800138000');
    expect(JSON.stringify(data)).not.toContain('wang.wei@');
    expect(data.clocks.map((c: { clock: string }) => c.clock)).toEqual(expect.arrayContaining(['acknowledgeBy']));
    expect(data.thread[0]).toMatchObject({ type: 'state-change', action: 'receive', to: 'received' });
    // The acknowledgement the intake queued is in the thread with its delivery status.
    expect(data.thread.find((t: { type: string }) => t.type === 'message-out')).toMatchObject({
      templateKey: 'feedback.acknowledged',
      delivery: { status: expect.any(String), channel: 'email', recipient: 'w***@example.cn' },
    });
    expect(data.actions.actions.map((a: { id: string }) => a.id)).toContain('acknowledge');
    // The manager reads the contact data in full (the same rule as the Content Manager's).
    expect((await show(admin)).customer).toMatchObject({ phone: '+86 138 0013 8000', email: 'wang.wei@example.cn' });
  });

  it('an agent of another department gets 403, an unknown case 404, and neither writes', async () => {
    expect((await http().get(casePath()).set(as(otherAgent))).status).toBe(403);
    expect((await http().post(`${casePath()}/replies`).set(as(otherAgent)).send({ text: '您好' })).status).toBe(403);
    expect((await http().post(`${casePath()}/notes`).set(as(otherAgent)).send({ text: '内部' })).status).toBe(403);
    const missing = await http().get(casePath('doesnotexist0000000000000')).set(as(agent));
    expect(missing.status).toBe(404);
    expect(missing.body.error.details).toEqual({ code: 'not-found' });
    // In a Chinese admin's language, not "No feedback doesnotexist…".
    const missingZh = await http().get(casePath('doesnotexist0000000000000')).set(as(agent)).set('Accept-Language', 'zh-CN,zh;q=0.9');
    expect(missingZh.body.error.message).toBe('此条目已不存在，或您无权查看。');
    expect((await http().get(`/after-sales/cases/api::nothing.nothing/${documentId}`).set(as(agent))).status).toBe(404);
    expect(await threadRows()).toHaveLength(0);
  });

  it('a reply goes out by email through the outbox, with line breaks; the thread shows it with its delivery status', async () => {
    const text = '王先生您好:\n\n我们已安排工程师上门检查。\n详情见 https://example.com/faq';
    const res = await http().post(`${casePath()}/replies`).set(as(agent)).send({ text });
    expect(res.status).toBe(201);
    const message = (await outboxRows()).find((m: { template_key: string }) => m.template_key === 'reply');
    expect(message).toMatchObject({ channel: 'email', recipient: 'wang.wei@example.cn', body_text: text, subject: `[${reference}] 售后服务回复` });
    expect(res.body.data.entry).toMatchObject({ kind: 'reply', visibility: 'public', outboxId: Number(message.id), bodyText: text });
    const reply = (await show()).thread.find((t: { type: string }) => t.type === 'reply');
    expect(reply).toMatchObject({ text, author: { kind: 'admin' }, delivery: { status: expect.stringMatching(/pending|held|sent/), channel: 'email' } });
  });

  it('a note is internal: never queued, shown in the thread, absent from tracking', async () => {
    const before = (await outboxRows()).length;
    const res = await http().post(`${casePath()}/notes`).set(as(agent)).send({ text: '客户说周三下午方便,先电话确认' });
    expect(res.status).toBe(201);
    expect(res.body.data.entry).toMatchObject({ kind: 'note', visibility: 'internal', outboxId: null });
    expect(await outboxRows()).toHaveLength(before);
    const types = (await show()).thread.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['reply', 'note']));

    const tracked = await http().get(`/api/after-sales/track/${reference}`).query({ token: trackingToken });
    expect(tracked.status).toBe(200);
    expect(tracked.body.data.messages).toEqual([expect.objectContaining({ direction: 'out', text: expect.stringContaining('我们已安排工程师上门检查') })]);
    const body = JSON.stringify(tracked.body);
    expect(body).not.toContain('周三下午');
    expect(body).not.toContain(agent.email);
    expect(body).not.toContain('Tester');
  });

  it('a role without case.reply (the engineer) is refused; bad input is a 400 naming the field', async () => {
    expect((await http().post(`${casePath()}/replies`).set(as(engineer)).send({ text: 'x' })).status).toBe(403);
    const empty = await http().post(`${casePath()}/replies`).set(as(agent)).send({ text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.errors[0].path).toEqual(['text']);
    const noVersion = await http().post(`${casePath()}/replies`).set(as(agent)).send({ text: '好的', action: 'acknowledge' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.details.errors[0].path).toEqual(['version']);
  });

  it('reply and act: one transaction. A stale version writes nothing; the right one replies and moves the state', async () => {
    const { version } = await show();
    const [outboxBefore, threadBefore] = [(await outboxRows()).length, (await threadRows()).length];
    const stale = await http()
      .post(`${casePath()}/replies`)
      .set(as(agent))
      .send({ text: '已受理', action: 'acknowledge', version: version - 1 });
    expect(stale.status).toBe(409);
    expect(await outboxRows()).toHaveLength(outboxBefore);
    expect(await threadRows()).toHaveLength(threadBefore);

    const ok = await http().post(`${casePath()}/replies`).set(as(agent)).send({ text: '已受理,我们会尽快处理。', action: 'acknowledge', version });
    expect(ok.status).toBe(201);
    expect(ok.body.data.transition).toEqual({ state: 'acknowledged', version: version + 1 });
    const data = await show();
    expect(data.state).toBe('acknowledged');
    expect(data.thread.filter((t: { type: string }) => t.type === 'reply')).toHaveLength(2);
    expect(data.thread.some((t: { type: string; action?: string }) => t.type === 'state-change' && t.action === 'acknowledge')).toBe(true);
  });

  it("reply and resolve: the action's fields come with the reply; a missing one is a 400 naming it before any file, entry or message is written", async () => {
    // Moved on to "in progress" directly: the steps between are the workflow's own tests.
    await strapi.db.query(FEEDBACK).update({ where: { documentId }, data: { state: 'in-progress' } });
    const { version, actions } = await show();
    expect(actions.actions.find((a: { id: string }) => a.id === 'resolve')).toMatchObject({ requiredFields: ['resolutionSummary'] });
    const counts = async () => [(await outboxRows()).length, (await threadRows()).length, await strapi.db.query('plugin::upload.file').count({})];
    const before = await counts();
    const missing = await http()
      .post(`${casePath()}/replies`)
      .set(as(agent))
      .field('text', '滤网已更换,噪音已消除。')
      .field('action', 'resolve')
      .field('version', String(version))
      .attach('files', PNG, { filename: 'fixed.png', contentType: 'image/png' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors).toEqual([expect.objectContaining({ path: ['data', 'resolutionSummary'] })]);
    const unknownField = await http()
      .post(`${casePath()}/notes`)
      .set(as(agent))
      .send({ text: '内部备注', action: 'resolve', version, data: { resolutionSummary: '更换滤网', colour: 'red' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details.errors[0].path).toEqual(['data', 'colour']);
    expect(await counts()).toEqual(before);
    expect((await show()).state).toBe('in-progress');

    const ok = await http()
      .post(`${casePath()}/replies`)
      .set(as(agent))
      .field('text', '滤网已更换,噪音已消除。')
      .field('action', 'resolve')
      .field('version', String(version))
      .field('data', JSON.stringify({ resolutionSummary: '更换滤网后噪音消除' }))
      .attach('files', PNG, { filename: 'fixed.png', contentType: 'image/png' });
    expect(ok.status).toBe(201);
    expect(ok.body.data.transition).toEqual({ state: 'resolved', version: version + 1 });
    const item = await strapi.db.query(FEEDBACK).findOne({ where: { documentId } });
    expect(item.resolutionSummary).toBe('更换滤网后噪音消除');
    // One reply, one thread entry and one file more (the workflow's own message on resolving comes on top).
    const [, thread, files] = await counts();
    expect([thread - before[1], files - before[2]]).toEqual([1, 1]);
    const replies = (await outboxRows()).filter((row: { template_key: string }) => row.template_key === 'reply');
    expect(replies[replies.length - 1]).toMatchObject({ body_text: '滤网已更换,噪音已消除。' });
    expect(JSON.parse(replies[replies.length - 1].attachments)).toEqual([expect.objectContaining({ name: 'fixed.png' })]);
  });

  it('preview: a template filled in for the case to start from, and the channel it goes out on', async () => {
    const res = await http().post(`${casePath()}/replies/preview`).set(as(agent)).send({ templateKey: 'feedback.progress' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ channel: 'email', recipient: 'w***@example.cn', subject: expect.stringContaining(reference) });
    expect(res.body.data.editable).toContain(reference);
    // Its link opens the customer's tracking page (with the case's link key).
    const link = new RegExp(`https?://\\S+(/after-sales/portal/track/${reference}/[A-Za-z0-9_-]+)`).exec(res.body.data.editable);
    expect(link).not.toBeNull();
    expect((await http().get(link![1])).status).toBe(200);
    const unknown = await http().post(`${casePath()}/replies/preview`).set(as(agent)).send({ templateKey: 'no.such-template' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['templateKey']);
  });

  it('attachments: an image is stored and downloadable by who may read the case; too large or not an image/PDF is a 400', async () => {
    const res = await http().post(`${casePath()}/notes`).set(as(agent)).field('text', '现场照片').attach('files', PNG, { filename: 'photo.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    const [file] = res.body.data.entry.attachments;
    expect(file).toMatchObject({ name: 'photo.png', mime: 'image/png', size: PNG.length });
    const download = await http().get(`${casePath()}/files/${file.fileId}`).set(as(agent)).buffer(true);
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body, PNG)).toBe(0);
    expect((await http().get(`${casePath()}/files/${file.fileId}`).set(as(otherAgent))).status).toBe(403);
    expect((await http().get(`${casePath()}/files/999999`).set(as(agent))).status).toBe(404);

    // A reply's image goes to the customer attached to the email.
    const sent = await http().post(`${casePath()}/replies`).set(as(agent)).field('text', '请看维修后的照片').attach('files', PNG, { filename: 'repaired.png', contentType: 'image/png' });
    expect(sent.status).toBe(201);
    await strapi.plugin('after-sales').service('outbox').dispatch(100);
    const mail = smtp.received.find((m) => m.to.includes('wang.wei@example.cn') && m.text.includes('请看维修后的照片'));
    expect(mail).toBeDefined();
    expect(mail!.raw).toMatch(/Content-Type: image\/png;\s*name=repaired\.png/);
    expect(mail!.raw.replace(/\r?\n/g, '')).toContain(PNG.toString('base64').slice(0, 60));

    const files = await strapi.db.query('plugin::upload.file').count({});
    const exe = await http()
      .post(`${casePath()}/notes`)
      .set(as(agent))
      .field('text', 'x')
      .attach('files', Buffer.from('MZ\u0090\u0000not an image'), { filename: 'photo.png', contentType: 'image/png' });
    expect(exe.status).toBe(400);
    expect(exe.body.error.details).toMatchObject({ code: 'attachment-type', errors: [expect.objectContaining({ path: ['files', '0'] })] });

    const saved = await http()
      .put('/after-sales/extensions/after-sales.conversation/configuration')
      .set(as(admin))
      .send({ data: { maxAttachmentBytes: 1024 } });
    expect(saved.status).toBe(200);
    const big = Buffer.concat([PNG, Buffer.alloc(2000, 7)]);
    const tooLarge = await http().post(`${casePath()}/replies`).set(as(agent)).field('text', '照片').attach('files', big, { filename: 'big.png', contentType: 'image/png' });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.details).toMatchObject({ code: 'attachment-size', errors: [expect.objectContaining({ path: ['files', '0'] })] });
    expect(await strapi.db.query('plugin::upload.file').count({})).toBe(files);
  });

  it('privacy: the export includes the conversation; erasure blanks what the customer wrote, scrubs replies and deletes the attachments', async () => {
    await strapi.db.connection('after_sales_thread_entries').insert({
      content_type: FEEDBACK,
      document_id: documentId,
      reference,
      entry_kind: 'message-in',
      visibility: 'public',
      channel: 'email',
      author_kind: 'customer',
      author_name: '王伟',
      body_text: '我是王伟,电话 13800138000,机器还是很吵',
      created_at: new Date().toISOString(),
    });
    const item = await strapi.db.query(FEEDBACK).findOne({ where: { documentId }, populate: ['customer'] });
    const customerId = item.customer.documentId;
    const exported = await http().post(`/after-sales/privacy/customers/${customerId}/export`).set(as(admin)).send({ reason: '客户申请查阅个人信息' });
    expect(exported.status).toBe(200);
    const conversation = (exported.body.data ?? exported.body).conversation;
    expect(conversation.map((c: { kind: string }) => c.kind)).toEqual(expect.arrayContaining(['reply', 'note', 'message-in']));

    const photos = (await threadRows()).flatMap((row: { attachments: string | null }) => (row.attachments ? JSON.parse(row.attachments) : [])).map((a: { fileId: number }) => a.fileId);
    expect(photos.length).toBeGreaterThan(0);
    const customer = await strapi.db.query('api::customer.customer').findOne({ where: { documentId: customerId } });
    const erased = await http()
      .post(`/after-sales/privacy/customers/${customerId}/erase`)
      .set(as(admin))
      .send({ version: customer.version ?? 1, reason: '客户要求删除个人信息' });
    expect(erased.status).toBe(200);
    const rows = await threadRows();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('王伟');
    expect(rows.every((row: { attachments: string | null }) => row.attachments === null)).toBe(true);
    expect(await strapi.db.query('plugin::upload.file').count({ where: { id: { $in: photos } } })).toBe(0);
  });
});
