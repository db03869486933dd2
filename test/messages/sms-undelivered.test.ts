import type { Core } from '@strapi/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { checkAliyunSignature } from '../helpers/sms-stand-in';
import { smsProviderSuite } from '../helpers/sms-provider';
import { refuseInserts } from '../helpers/refuse-insert';

/**
 * Issue #19's "Done when" past the moment of queueing: a phone-only customer whose acknowledgement
 * SMS the provider refuses for good, whose retries run out, or whose delivery receipt says it never
 * arrived, is not left without it: with no channel left it becomes a call owed to them (an internal
 * note on the case and an email to the people working on it, each in their admin language), once.
 * A customer who also gave an email address gets the email instead, the reason recorded.
 * The real Aliyun SDK against the local stand-in of its endpoint.
 */
const FEEDBACK = 'api::feedback.feedback';
let bizIds = 0;
const ENV = {
  AFTER_SALES_SMS_PROVIDER: 'aliyun',
  AFTER_SALES_SMS_KEY_ID: 'LTAI-test-key',
  AFTER_SALES_SMS_KEY_SECRET: 'aliyun-test-secret',
  AFTER_SALES_SMS_SIGNATURE: '星辰售后',
  AFTER_SALES_SMS_PROTOCOL: 'http',
  AFTER_SALES_SMS_TEMPLATES: JSON.stringify({ 'feedback.acknowledged': { code: 'SMS_100001', params: { ref: 'item.reference' } } }),
  AFTER_SALES_SMS_RECEIPT_SECRET: 'receipt-secret-2',
};
/** Numbers the stand-in answers for: refused for good, or an error it does not explain (retried). */
const REFUSED = '13900139001';
const BROKEN = '13900139003';

const suite = smsProviderSuite({
  env: ENV,
  checkSignature: (req) => checkAliyunSignature(req, ENV.AFTER_SALES_SMS_KEY_ID, ENV.AFTER_SALES_SMS_KEY_SECRET),
  answer: (req) => {
    if (req.query.PhoneNumbers === REFUSED) return { body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: 'r-ill' } };
    if (req.query.PhoneNumbers === BROKEN) return { body: { Code: 'isv.SOMETHING_NEW', Message: '未知错误', RequestId: 'r-new' } };
    return { body: { Code: 'OK', Message: 'OK', BizId: `biz-u-${++bizIds}`, RequestId: `r-u-${bizIds}` } };
  },
  symptom: '热水器不出热水',
});
const { http, dispatch, outboxOf, submit, itemOf } = suite;
let strapi: Core.Strapi;
let smtp: typeof suite.smtp;
let engineer: AdminSession; // technical, Chinese admin
let techHead: AdminSession; // technical head, English admin
beforeAll(async () => {
  ({ strapi, smtp } = suite);
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical', email: 'li.lei@test.local' });
  techHead = await createAdmin(strapi, 'technical-engineer', { department: 'technical', email: 'tech.lead@test.local' });
  await strapi.db.query('admin::user').update({ where: { id: engineer.id }, data: { preferedLanguage: 'zh-Hans', firstname: '磊', lastname: '李' } });
  await strapi.db.query('admin::user').update({ where: { id: techHead.id }, data: { preferedLanguage: 'en', firstname: 'Ann', lastname: 'Wu' } });
  await strapi.db.query('api::department.department').update({ where: { code: 'technical' }, data: { head: techHead.id } });
});

/** A feedback from the hotline, then moved to the technical department (who works on it when the SMS fails). */
const phoneCase = async (customer: Record<string, unknown>, assignee?: AdminSession) => {
  const sent = await submit('feedback', customer);
  expect(sent.status).toBe(201);
  const item = await itemOf('feedback', sent.body.data.reference);
  const technical = await strapi.db.query('api::department.department').findOne({ where: { code: 'technical' } });
  await strapi.db.query(FEEDBACK).update({ where: { id: item.id }, data: { department: technical.id, ...(assignee ? { assignee: assignee.id } : {}) } });
  return item as { id: number; documentId: string; reference: string };
};
const callsFor = (reference: string) => strapi.db.connection('after_sales_outbox').where({ reference, template_key: 'staff.call-customer' }).orderBy('id');
const notesOf = (documentId: string) => strapi.db.connection('after_sales_thread_entries').where({ document_id: documentId, entry_kind: 'note' }).orderBy('id');
const receipt = (bizId: string, success: boolean) => [
  {
    phone_number: '13900139002',
    send_time: '2026-12-03 10:00:00',
    report_time: '2026-12-03 10:00:05',
    success,
    err_code: success ? 'DELIVERED' : 'MOBILE_NOT_ON_SERVICE',
    err_msg: success ? '用户接收成功' : '停机',
    sms_size: '1',
    biz_id: bizId,
    out_id: '',
  },
];
const postReceipt = (body: object) => http().post(`/api/after-sales/sms/receipts/aliyun/${ENV.AFTER_SALES_SMS_RECEIPT_SECRET}`).send(body);

describe('an SMS that never reaches a phone-only customer', () => {
  it('refused for good by the provider: the department is asked to call, once, each in their language, and the case screen shows the note', async () => {
    const item = await phoneCase({ name: '周杰', phone: REFUSED });
    expect(await dispatch()).toMatchObject({ failed: 1 });
    const [ack] = await outboxOf(item.documentId);
    expect(ack).toMatchObject({ template_key: 'feedback.acknowledged', channel: 'sms', status: 'failed', fallback_message: null });
    expect(ack.last_error).toContain('isv.MOBILE_NUMBER_ILLEGAL');

    const calls = await callsFor(item.reference);
    expect(calls.map((r: any) => r.recipient).sort()).toEqual(['li.lei@test.local', 'tech.lead@test.local']);
    const toHead = calls.find((r: any) => r.recipient === 'tech.lead@test.local');
    const toEngineer = calls.find((r: any) => r.recipient === 'li.lei@test.local');
    expect(toHead).toMatchObject({ locale: 'en', channel: 'email', status: 'pending' });
    expect(toHead.subject).toBe(`[Call the customer] ${item.reference}: the automatic message cannot be sent`);
    expect(toHead.body_text).toContain('the SMS could not be sent and no other channel is left (Aliyun refused the SMS: isv.MOBILE_NUMBER_ILLEGAL');
    expect(toHead.body_text).toContain('(feedback.acknowledged)');
    expect(toEngineer).toMatchObject({ locale: 'zh-Hans', status: 'pending' });
    expect(toEngineer.subject).toBe(`【请电话联系客户】${item.reference}：自动通知无法发出`);
    expect(toEngineer.body_text).toContain('短信发送失败，没有其他渠道可用（Aliyun refused the SMS: isv.MOBILE_NUMBER_ILLEGAL');

    const notes = await notesOf(item.documentId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ visibility: 'internal', channel: 'phone', author_kind: 'system' });
    // Addressed to the team in the language of the first person told (the department's head: English).
    expect(notes[0].body_text).toContain('could not be sent');
    const screen = await http().get(`/after-sales/cases/${FEEDBACK}/${item.documentId}`).set('Authorization', `Bearer ${engineer.token}`);
    expect(screen.status).toBe(200);
    expect(screen.body.data.thread.some((t: any) => t.type === 'note' && String(t.text ?? '').includes('isv.MOBILE_NUMBER_ILLEGAL'))).toBe(true);

    // Once: the dispatcher sends each call email once and never tries the refused SMS again.
    const requests = suite.standIn.requests.length;
    await dispatch();
    await dispatch();
    expect(suite.standIn.requests.length).toBe(requests);
    expect(await callsFor(item.reference)).toHaveLength(2);
    expect(await notesOf(item.documentId)).toHaveLength(1);
    expect(
      smtp.received
        .filter((m) => m.subject.includes(item.reference))
        .map((m) => m.to.join(','))
        .sort()
    ).toEqual(['li.lei@test.local', 'tech.lead@test.local']);
  });

  it('sent, then reported undelivered: the assignee is asked to call, once however often the receipt comes', async () => {
    const item = await phoneCase({ name: '吴倩', phone: '13900139002' }, engineer);
    expect(await dispatch()).toMatchObject({ sent: 1, failed: 0 });
    const [ack] = await outboxOf(item.documentId);
    expect(ack).toMatchObject({ channel: 'sms', status: 'sent', delivery_status: 'accepted' });
    expect(await callsFor(item.reference)).toHaveLength(0);

    for (let i = 0; i < 2; i++) {
      const answered = await postReceipt(receipt(ack.provider_message_id, false));
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ code: 0, matched: 1 });
    }
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ delivery_status: 'undelivered', status: 'sent' });
    const calls = await callsFor(item.reference);
    // The assignee alone (not the whole department), in her language.
    expect(calls.map((r: any) => [r.recipient, r.locale])).toEqual([['li.lei@test.local', 'zh-Hans']]);
    expect(calls[0].body_text).toContain('短信已发出，但回执显示没有送达客户（not delivered: MOBILE_NOT_ON_SERVICE 停机）');
    expect(await notesOf(item.documentId)).toHaveLength(1);
    expect((await notesOf(item.documentId))[0].body_text).toContain('回执显示没有送达客户');
  });

  it('the retries run out: asked to call once the last attempt fails', async () => {
    const item = await phoneCase({ name: '郭涛', phone: BROKEN }, engineer);
    expect(await dispatch()).toMatchObject({ retried: 1, failed: 0 });
    expect(await callsFor(item.reference)).toHaveLength(0);
    // Four more retries are as good as waited for; the sixth attempt is the last.
    const [ack] = await outboxOf(item.documentId);
    await strapi.db.connection('after_sales_outbox').where({ id: ack.id }).update({ attempts: 5, next_attempt_at: 0 });
    expect(await dispatch()).toMatchObject({ failed: 1 });
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ status: 'failed', attempts: 6 });
    const calls = await callsFor(item.reference);
    expect(calls.map((r: any) => r.recipient)).toEqual(['li.lei@test.local']);
    expect(calls[0].body_text).toContain('isv.SOMETHING_NEW');
  });

  it('the call owed cannot be written: the failure is not recorded either, and both are, once, when it can', async () => {
    const item = await phoneCase({ name: '孙悦', phone: REFUSED }, engineer);
    const allow = await refuseInserts(strapi, 'after_sales_outbox', 'template_key', 'staff.call-customer');
    try {
      await dispatch();
      const [ack] = await outboxOf(item.documentId);
      // Refused for good, but not recorded as failed: given back to be tried again.
      expect(ack).toMatchObject({ channel: 'sms', status: 'pending', attempts: 0 });
      expect(ack.last_error).toContain('recording the failure failed');
      expect(await callsFor(item.reference)).toHaveLength(0);
      expect(await notesOf(item.documentId)).toHaveLength(0);
    } finally {
      await allow();
    }
    const [ack] = await outboxOf(item.documentId);
    await strapi.db.connection('after_sales_outbox').where({ id: ack.id }).update({ next_attempt_at: 0 });
    await dispatch();
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await callsFor(item.reference)).map((r: any) => r.recipient)).toEqual(['li.lei@test.local']);
    expect(await notesOf(item.documentId)).toHaveLength(1);

    // A receipt saying "not delivered" while the call cannot be written: not recorded, the provider is
    // answered with an error (it pushes the receipt again), and the next push records both.
    const sent = await phoneCase({ name: '钱坤', phone: '13900139006' }, engineer);
    await dispatch();
    const [sms] = await outboxOf(sent.documentId);
    expect(sms).toMatchObject({ status: 'sent', delivery_status: 'accepted' });
    const refuse = await refuseInserts(strapi, 'after_sales_outbox', 'template_key', 'staff.call-customer');
    try {
      expect((await postReceipt(receipt(sms.provider_message_id, false))).status).toBe(500);
      expect((await outboxOf(sent.documentId))[0]).toMatchObject({ delivery_status: 'accepted' });
      expect(await notesOf(sent.documentId)).toHaveLength(0);
    } finally {
      await refuse();
    }
    expect((await postReceipt(receipt(sms.provider_message_id, false))).body.matched).toBe(1);
    expect((await outboxOf(sent.documentId))[0]).toMatchObject({ delivery_status: 'undelivered' });
    expect(await callsFor(sent.reference)).toHaveLength(1);
    expect(await notesOf(sent.documentId)).toHaveLength(1);
  });

  it('a customer who also gave an email: an undelivered SMS sends the email instead, the reason recorded, and nobody is asked to call', async () => {
    const item = await phoneCase({ name: '何静', phone: '13900139004', email: 'he.jing@example.cn' }, engineer);
    await dispatch(); // (with the call emails of the tests before)
    const [sms] = await outboxOf(item.documentId);
    expect(sms).toMatchObject({ channel: 'sms', status: 'sent' });
    expect((await postReceipt(receipt(sms.provider_message_id, false))).body.matched).toBe(1);
    expect((await postReceipt(receipt(sms.provider_message_id, false))).body.matched).toBe(1);
    const rows = await outboxOf(item.documentId);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ channel: 'email', recipient: 'he.jing@example.cn', status: 'pending', requested_channel: 'sms' });
    expect(rows[1].fallback_reason).toBe('sms: not delivered: MOBILE_NOT_ON_SERVICE 停机');
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(smtp.received.some((m) => m.to.includes('he.jing@example.cn') && m.subject.includes(item.reference))).toBe(true);
    expect(await callsFor(item.reference)).toHaveLength(0);
    expect(await notesOf(item.documentId)).toHaveLength(0);
  });

  it('a delivered receipt asks nobody to call', async () => {
    const item = await phoneCase({ name: '马丽', phone: '13900139005' }, engineer);
    await dispatch();
    const [sms] = await outboxOf(item.documentId);
    expect((await postReceipt(receipt(sms.provider_message_id, true))).body.matched).toBe(1);
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ delivery_status: 'delivered' });
    expect(await callsFor(item.reference)).toHaveLength(0);
  });
});
