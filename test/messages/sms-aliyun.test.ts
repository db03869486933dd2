import type { Core } from '@strapi/strapi';
import { adminWorkflow } from '../helpers/workflow';
import { createAdmin } from '../helpers/auth';
import { checkAliyunSignature } from '../helpers/sms-stand-in';
import { smsProviderSuite } from '../helpers/sms-provider';

/**
 * SMS through Aliyun's official SDK (@alicloud/dysmsapi20170525) against a local stand-in for
 * dysmsapi.aliyuncs.com: the signed request, our template-code mapping, success, throttling and a
 * rejected template; email for customers without a mobile number; the choice recorded.
 */
let bizIds = 0;
const TEMPLATES = {
  'feedback.acknowledged': { code: 'SMS_100001', params: { ref: 'item.reference', due: 'item.respondBy' } },
  'feedback.survey': { code: 'SMS_100002', params: { ref: 'item.reference', link: 'links.survey' } },
  'complaint.registered': { code: 'SMS_REJECTED', params: { ref: 'item.reference' } },
};
const ENV = {
  AFTER_SALES_SMS_PROVIDER: 'aliyun',
  AFTER_SALES_SMS_KEY_ID: 'LTAI-test-key',
  AFTER_SALES_SMS_KEY_SECRET: 'aliyun-test-secret',
  AFTER_SALES_SMS_SIGNATURE: '星辰售后',
  AFTER_SALES_SMS_PROTOCOL: 'http',
  AFTER_SALES_SMS_TEMPLATES: JSON.stringify(TEMPLATES),
  AFTER_SALES_SMS_RECEIPT_SECRET: 'receipt-secret-1',
};

const suite = smsProviderSuite({
  env: ENV,
  checkSignature: (req) => checkAliyunSignature(req, ENV.AFTER_SALES_SMS_KEY_ID, ENV.AFTER_SALES_SMS_KEY_SECRET),
  answer: (req) => {
    if (req.query.TemplateCode === 'SMS_REJECTED') return { body: { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法(不存在或被拉黑)', RequestId: 'r-rej' } };
    return { body: { Code: 'OK', Message: 'OK', BizId: `biz-${++bizIds}`, RequestId: `r-${bizIds}` } };
  },
  symptom: '净化器开机后有异响',
});
/** What the stand-in answers next (by default: accepted). */
const { script, http, dispatch, outboxOf, submit, itemOf } = suite;
/** The case screen's outgoing messages (acknowledgement, result…) with their delivery, as staff see them. */
const caseMessages = async (uid: string, documentId: string) => {
  const res = await http().get(`/after-sales/cases/${uid}/${documentId}`).set('Authorization', `Bearer ${agent.token}`);
  expect(res.status).toBe(200);
  return (res.body.data.thread as any[]).filter((item) => item.type === 'message-out');
};
let strapi: Core.Strapi;
let aliyun: typeof suite.standIn;
let agent: typeof suite.agent;
let smtp: typeof suite.smtp;
let departments: typeof suite.departments;
beforeAll(() => void ({ strapi, standIn: aliyun, agent, smtp, departments } = suite));

describe('SMS through Aliyun', () => {
  it('a phone-only customer gets the acknowledgement and the survey by SMS: a signed SendSms with our template code, signature and parameters', async () => {
    const sent = await submit('feedback', { name: '李娜', phone: '138 0013 8001' });
    expect(sent.status).toBe(201);
    const reference = sent.body.data.reference as string;
    const item = await itemOf('feedback', reference);
    const before = aliyun.requests.length;
    expect(await dispatch()).toMatchObject({ sent: 1, failed: 0 });
    const call = aliyun.requests[before];
    expect(call.signatureProblem).toBeNull();
    expect(call.headers['x-acs-action']).toBe('SendSms');
    expect(call.headers['x-acs-version']).toBe('2017-05-25');
    expect(call.query).toMatchObject({ PhoneNumbers: '13800138001', SignName: '星辰售后', TemplateCode: 'SMS_100001' });
    const params = JSON.parse(call.query.TemplateParam);
    expect(params.ref).toBe(reference);
    expect(params.due).toMatch(/^2\d{3}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const [ack] = await outboxOf(item.documentId);
    expect(ack).toMatchObject({
      channel: 'sms',
      status: 'sent',
      recipient: '+8613800138001',
      requested_channel: null,
      fallback_reason: null,
      provider_message_id: `biz-${bizIds}`,
      delivery_status: 'accepted',
    });
    expect(ack.subject).toBeNull();
    expect(ack.body_text).toContain(reference);
    // The SMS text of the template (kept and shown to staff), not the email's.
    expect(ack.body_text).toMatch(/^【After-sales】已收到您的反馈 (FB)-\d{8}-\d{4}，我们将在 24 个工作小时内（.+ 前）答复。进度：http/);

    const wf = adminWorkflow(strapi, agent.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: '更换了风扇' } });
    await wf.step(item.documentId, 'start-callback');
    await dispatch();
    const survey = aliyun.requests.filter((r) => r.query.TemplateCode === 'SMS_100002').at(-1)!;
    expect(survey.signatureProblem).toBeNull();
    const link = JSON.parse(survey.query.TemplateParam).link as string;
    const token = /surveys?\/([A-Za-z0-9_-]+)/.exec(link)![1];
    expect((await http().get(`/api/after-sales/surveys/${token}`)).body.data).toMatchObject({ reference });
    // "Resolved" has no SMS template code here and the customer no email: kept as failed, saying why.
    const resolved = (await outboxOf(item.documentId)).find((r: any) => r.template_key === 'feedback.resolved');
    expect(resolved).toMatchObject({ status: 'failed' });
    expect(resolved.last_error).toContain('sms: no aliyun template code for "feedback.resolved"');
    expect(resolved.last_error).toContain('email: the customer has no address');
    // Sent by hand, a template without a code is refused at once, saying why; nothing is queued.
    const rows = (await outboxOf(item.documentId)).length;
    const refused = await http()
      .post('/after-sales/messages/send')
      .set('Authorization', `Bearer ${agent.token}`)
      .send({ key: 'feedback.progress', uid: 'api::feedback.feedback', documentId: item.documentId });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.code).toBe('customer-unreachable');
    expect(refused.body.error.message).toContain('sms: no aliyun template code for "feedback.progress"');
    expect(await outboxOf(item.documentId)).toHaveLength(rows);
  });

  it('an email-only customer gets email, the fallback recorded; a customer with both gets email for a template without an SMS code', async () => {
    const sent = await submit('feedback', { name: 'Anna', email: 'anna.sms@example.de', locale: 'en' }, 'The purifier hums');
    const item = await itemOf('feedback', sent.body.data.reference);
    const before = aliyun.requests.length;
    await dispatch();
    expect(aliyun.requests.length).toBe(before);
    expect(smtp.received.find((m) => m.to.includes('anna.sms@example.de'))!.subject).toBe(`We have received your feedback ${sent.body.data.reference}`);
    const [row] = await outboxOf(item.documentId);
    expect(row).toMatchObject({ channel: 'email', status: 'sent', requested_channel: null, fallback_reason: 'sms: the customer has no address' });

    // Shown in the message history staff read.
    const history = await http().get(`/after-sales/messages/api::feedback.feedback/${item.documentId}`).set('Authorization', `Bearer ${agent.token}`);
    expect(history.status).toBe(200);
    expect(history.body.data[0]).toMatchObject({ channel: 'email', fallbackReason: 'sms: the customer has no address', deliveryStatus: null });
    // And in the case screen's thread: the channel taken and why the first of the order was not.
    expect((await caseMessages('api::feedback.feedback', item.documentId))[0]).toMatchObject({
      templateKey: 'feedback.acknowledged',
      delivery: { channel: 'email', status: 'sent', fallback: { from: null, reason: 'sms: the customer has no address' } },
    });

    const both = await submit('feedback', { name: '周杰', phone: '13800138002', email: 'zhou@example.cn' });
    const bothItem = await itemOf('feedback', both.body.data.reference);
    const sendByHand = await http()
      .post('/after-sales/messages/send')
      .set('Authorization', `Bearer ${agent.token}`)
      .send({ key: 'feedback.progress', uid: 'api::feedback.feedback', documentId: bothItem.documentId });
    expect(sendByHand.status).toBe(202);
    const progress = (await outboxOf(bothItem.documentId)).find((r: any) => r.template_key === 'feedback.progress');
    expect(progress).toMatchObject({ channel: 'email', recipient: 'zhou@example.cn' });
    expect(progress.fallback_reason).toMatch(/^sms: no aliyun template code for "feedback\.progress"/);
    expect(await dispatch()).toMatchObject({ sent: 2, failed: 0 });
  });

  it('a throttled SMS is tried again later; a rejected template fails at once, saying why, and the message goes by email instead', async () => {
    script.push(() => ({ body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发小时级流控Permits:5', RequestId: 'r-t' } }));
    const throttled = await submit('feedback', { name: '赵敏', phone: '13800138003' });
    const item = await itemOf('feedback', throttled.body.data.reference);
    expect(await dispatch()).toMatchObject({ sent: 0, retried: 1, failed: 0 });
    let [row] = await outboxOf(item.documentId);
    expect(row.status).toBe('pending');
    expect(row.last_error).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(Number(row.next_attempt_at)).toBeGreaterThan(Date.now() + 30_000);
    await strapi.db.connection('after_sales_outbox').where({ id: row.id }).update({ next_attempt_at: 0 });
    expect(await dispatch()).toMatchObject({ sent: 1 });
    [row] = await outboxOf(item.documentId);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

    const complaint = await submit('complaint', { name: '钱伟', phone: '13800138004', email: 'qian@example.cn' }, '维修后仍然漏水,要求退货');
    const complaintItem = await itemOf('complaint', complaint.body.data.reference);
    expect(await dispatch()).toMatchObject({ failed: 1 });
    const [failed] = await outboxOf(complaintItem.documentId);
    expect(failed).toMatchObject({ channel: 'sms', status: 'failed', attempts: 1 });
    expect(failed.last_error).toContain('isv.SMS_TEMPLATE_ILLEGAL');
    expect(aliyun.requests.filter((r) => r.query.TemplateCode === 'SMS_REJECTED')).toHaveLength(1);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const rows = await outboxOf(complaintItem.documentId);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ channel: 'email', status: 'sent', recipient: 'qian@example.cn' });
    expect(rows[1].fallback_reason).toMatch(/^sms: Aliyun refused the SMS: isv\.SMS_TEMPLATE_ILLEGAL/);
    expect(rows[1].requested_channel).toBe('sms');
    expect(smtp.received.find((m) => m.to.includes('qian@example.cn'))!.subject).toBe(`您的投诉已登记 ${complaint.body.data.reference}`);
    expect(await dispatch()).toMatchObject({ sent: 0, failed: 0 });
  });

  it('delivery receipts set the delivery status; a wrong secret or provider is a 404', async () => {
    const sent = await submit('feedback', { name: '孙丽', phone: '13800138005' });
    const item = await itemOf('feedback', sent.body.data.reference);
    await dispatch();
    const [row] = await outboxOf(item.documentId);
    const receipt = [
      {
        phone_number: '13800138005',
        send_time: '2026-12-03 10:00:00',
        report_time: '2026-12-03 10:00:05',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: row.provider_message_id,
        out_id: '',
      },
    ];
    expect((await http().post('/api/after-sales/sms/receipts/aliyun/wrong').send(receipt)).status).toBe(404);
    expect((await http().post('/api/after-sales/sms/receipts/tencent/receipt-secret-1').send(receipt)).status).toBe(404);
    const ok = await http().post('/api/after-sales/sms/receipts/aliyun/receipt-secret-1').send(receipt);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ code: 0, matched: 1 });
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ delivery_status: 'delivered' });
    const failed = await http()
      .post('/api/after-sales/sms/receipts/aliyun/receipt-secret-1')
      .send([{ ...receipt[0], success: false, err_code: 'MOBILE_NOT_ON_SERVICE', err_msg: '停机' }]);
    expect(failed.body.matched).toBe(1);
    const [after] = await outboxOf(item.documentId);
    expect(after).toMatchObject({ delivery_status: 'undelivered', status: 'sent' });
    expect(after.last_error).toContain('MOBILE_NOT_ON_SERVICE');
    // The case screen shows the receipt beside the message.
    expect((await caseMessages('api::feedback.feedback', item.documentId))[0].delivery).toMatchObject({ channel: 'sms', status: 'sent', deliveryStatus: 'undelivered', fallback: null });
  });

  it('the fallback order is a setting: with email first, a customer with both gets email and a phone-only one SMS, the reason recorded', async () => {
    const admin = await createAdmin(strapi, 'super-admin');
    const setOrder = (order: unknown) =>
      http()
        .put('/after-sales/extensions/after-sales.messages/configuration')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ data: { channelFallback: order } });
    expect((await setOrder(['email', 'sms'])).status).toBe(200);
    try {
      const both = await submit('feedback', { name: '郑爽', phone: '13800138006', email: 'zheng@example.cn' });
      const phoneOnly = await submit('feedback', { name: '冯军', phone: '13800138007' });
      const [bothItem, phoneItem] = [await itemOf('feedback', both.body.data.reference), await itemOf('feedback', phoneOnly.body.data.reference)];
      expect((await outboxOf(bothItem.documentId))[0]).toMatchObject({ channel: 'email', recipient: 'zheng@example.cn', requested_channel: null, fallback_reason: null });
      expect((await outboxOf(phoneItem.documentId))[0]).toMatchObject({ channel: 'sms', recipient: '+8613800138007', fallback_reason: 'email: the customer has no address' });
      // A customer who called the hotline (their preferred channel) gets SMS whatever the order.
      const withCustomer = await strapi.db.query('api::feedback.feedback').findOne({ where: { id: bothItem.id }, populate: ['customer'] });
      await strapi.db.query('api::customer.customer').update({ where: { id: withCustomer.customer.id }, data: { preferredChannel: 'hotline' } });
      const byHand = await http()
        .post('/after-sales/messages/send')
        .set('Authorization', `Bearer ${agent.token}`)
        .send({ key: 'feedback.acknowledged', uid: 'api::feedback.feedback', documentId: bothItem.documentId });
      expect(byHand.status).toBe(202);
      expect((await outboxOf(bothItem.documentId)).at(-1)).toMatchObject({ channel: 'sms', requested_channel: 'sms', fallback_reason: null });
      await dispatch();
    } finally {
      expect((await setOrder(['sms', 'email'])).status).toBe(200);
    }
    expect((await setOrder(['sms', 'pigeon post!'])).status).toBe(400);
  });

  it('the template codes are a setting: a bad mapping is refused naming the field and the key, nothing saved; a saved one applies at once', async () => {
    const admin = await createAdmin(strapi, 'super-admin');
    const settingsUrl = '/after-sales/extensions/after-sales.sms/configuration';
    const save = (templateCodes: unknown) => http().put(settingsUrl).set('Authorization', `Bearer ${admin.token}`).send({ data: { templateCodes } });
    const noCode = await save({ 'feedback.progress': { params: { ref: 'item.reference' } } });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.details.errors).toMatchObject([
      { path: ['data', 'templateCodes'], message: '"feedback.progress": needs "code", the provider\'s template code', code: 'sms-code-missing', values: { key: 'feedback.progress' } },
    ]);
    const badVariable = await save({ 'feedback.progress': { code: 'SMS_100009', params: { ref: 'item.mood' } } });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.error.details.errors).toMatchObject([
      { path: ['data', 'templateCodes'], code: 'sms-param-variable', values: { key: 'feedback.progress', name: 'ref', value: 'item.mood' } },
    ]);
    expect((await save('SMS_100009')).status).toBe(400); // not an object: the schema's refusal
    const stored = await http().get(settingsUrl).set('Authorization', `Bearer ${admin.token}`);
    expect(stored.body.data.values.templateCodes).toEqual({});

    expect((await save({ 'feedback.progress': { code: 'SMS_100009', params: { ref: 'item.reference' } } })).status).toBe(200);
    try {
      const both = await submit('feedback', { name: '陈晨', phone: '13800138010', email: 'chen@example.cn' });
      const item = await itemOf('feedback', both.body.data.reference);
      await dispatch();
      const byHand = await http()
        .post('/after-sales/messages/send')
        .set('Authorization', `Bearer ${agent.token}`)
        .send({ key: 'feedback.progress', uid: 'api::feedback.feedback', documentId: item.documentId });
      expect(byHand.status).toBe(202);
      expect((await outboxOf(item.documentId)).find((r: any) => r.template_key === 'feedback.progress')).toMatchObject({ channel: 'sms', recipient: '+8613800138010', fallback_reason: null });
      const before = aliyun.requests.length;
      expect(await dispatch()).toMatchObject({ sent: 1, failed: 0 });
      const call = aliyun.requests.slice(before).find((r) => r.query.TemplateCode === 'SMS_100009');
      expect(call).toBeDefined();
      expect(call!.signatureValid).toBe(true);
      expect(JSON.parse(call!.query.TemplateParam)).toEqual({ ref: item.reference });
    } finally {
      expect((await save({})).status).toBe(200);
    }
  });
});
