import type { Core } from '@strapi/strapi';
import { adminWorkflow } from '../helpers/workflow';
import { checkTencentSignature } from '../helpers/sms-stand-in';
import { smsProviderSuite } from '../helpers/sms-provider';

/**
 * SMS through Tencent Cloud's official SDK (tencentcloud-sdk-nodejs-sms, SendSms 2021-01-11)
 * against a local stand-in for sms.tencentcloudapi.com: the TC3-signed request, positional template
 * parameters, success, throttling (an API error) and a rejected template (a per-number status).
 */
let serials = 0;
const ENV = {
  AFTER_SALES_SMS_PROVIDER: 'tencent',
  AFTER_SALES_SMS_KEY_ID: 'AKIDtest',
  AFTER_SALES_SMS_KEY_SECRET: 'tencent-test-secret',
  AFTER_SALES_SMS_SIGNATURE: '星辰售后',
  AFTER_SALES_SMS_APP_ID: '1400987654',
  AFTER_SALES_SMS_PROTOCOL: 'http',
  AFTER_SALES_SMS_TEMPLATES: JSON.stringify({
    'feedback.acknowledged': { code: '2001001', params: { '1': 'item.reference', '2': 'item.respondBy' } },
    'feedback.survey': { code: '2001002', params: { '2': 'links.survey', '1': 'item.reference' } },
    'complaint.registered': { code: '2009999', params: { '1': 'item.reference' } },
  }),
  AFTER_SALES_SMS_RECEIPT_SECRET: 'tc-receipts',
};
const ok = (phone: string) => ({
  body: {
    Response: { SendStatusSet: [{ SerialNo: `serial-${++serials}`, PhoneNumber: phone, Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: `r-${serials}` },
  },
});

const suite = smsProviderSuite({
  env: ENV,
  checkSignature: (req) => checkTencentSignature(req, ENV.AFTER_SALES_SMS_KEY_ID, ENV.AFTER_SALES_SMS_KEY_SECRET),
  answer: (req) => {
    const phone = req.json?.PhoneNumberSet?.[0];
    if (req.json?.TemplateId === '2009999') {
      return {
        body: {
          Response: {
            SendStatusSet: [{ SerialNo: '', PhoneNumber: phone, Fee: 0, Code: 'FailedOperation.TemplateIncorrectOrUnapproved', Message: 'template is not approved or not exist', IsoCode: 'CN' }],
            RequestId: 'r-rej',
          },
        },
      };
    }
    return ok(phone);
  },
  symptom: '洗碗机不出热水',
});
const { script, http, dispatch, outboxOf, submit, itemOf } = suite;
let strapi: Core.Strapi;
let tencent: typeof suite.standIn;
let agent: typeof suite.agent;
let smtp: typeof suite.smtp;
let departments: typeof suite.departments;
beforeAll(() => void ({ strapi, standIn: tencent, agent, smtp, departments } = suite));

describe('SMS through Tencent Cloud', () => {
  it('a phone-only customer gets the acknowledgement and the survey by SMS: a TC3-signed SendSms with app id, signature, template id and parameters in order', async () => {
    const sent = await submit('feedback', { name: '刘洋', phone: '+86 139 0000 1111' });
    const reference = sent.body.data.reference as string;
    const item = await itemOf('feedback', reference);
    const before = tencent.requests.length;
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const call = tencent.requests[before];
    expect(call.signatureProblem).toBeNull();
    expect(call.headers['x-tc-action']).toBe('SendSms');
    expect(call.headers['x-tc-version']).toBe('2021-01-11');
    expect(call.json).toMatchObject({ PhoneNumberSet: ['+8613900001111'], SmsSdkAppId: '1400987654', SignName: '星辰售后', TemplateId: '2001001' });
    expect(call.json.TemplateParamSet[0]).toBe(reference);
    expect(call.json.TemplateParamSet[1]).toMatch(/^2\d{3}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const [ack] = await outboxOf(item.documentId);
    expect(ack).toMatchObject({ channel: 'sms', status: 'sent', provider_message_id: `serial-${serials}`, fallback_reason: null });

    const wf = adminWorkflow(strapi, agent.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: '更换了加热管' } });
    await wf.step(item.documentId, 'start-callback');
    await dispatch();
    const survey = tencent.requests.filter((r) => r.json?.TemplateId === '2001002').at(-1)!;
    expect(survey.signatureProblem).toBeNull();
    // {1} is the reference, {2} the link, whatever the order they were written in.
    expect(survey.json.TemplateParamSet[0]).toBe(reference);
    const token = /surveys?\/([A-Za-z0-9_-]+)/.exec(survey.json.TemplateParamSet[1])![1];
    expect((await http().get(`/api/after-sales/surveys/${token}`)).status).toBe(200);
  });

  it('an email-only customer gets email with the fallback recorded', async () => {
    const sent = await submit('feedback', { name: '陈静', email: 'chen.tc@example.cn' });
    const item = await itemOf('feedback', sent.body.data.reference);
    const before = tencent.requests.length;
    await dispatch();
    expect(tencent.requests.length).toBe(before);
    expect(smtp.received.find((m) => m.to.includes('chen.tc@example.cn'))!.subject).toBe(`我们已收到您的反馈 ${sent.body.data.reference}`);
    expect((await outboxOf(item.documentId))[0]).toMatchObject({ channel: 'email', status: 'sent', fallback_reason: 'sms: the customer has no address' });
  });

  it('throttling (RequestLimitExceeded) retries later; an unapproved template fails at once and falls back to email', async () => {
    script.push(() => ({ body: { Response: { Error: { Code: 'RequestLimitExceeded', Message: '请求的次数超过了频率限制' }, RequestId: 'r-limit' } } }));
    const sent = await submit('feedback', { name: '杨帆', phone: '13900002222' });
    const item = await itemOf('feedback', sent.body.data.reference);
    expect(await dispatch()).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await outboxOf(item.documentId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('RequestLimitExceeded');
    await strapi.db.connection('after_sales_outbox').where({ id: row.id }).update({ next_attempt_at: 0 });
    expect(await dispatch()).toMatchObject({ sent: 1 });
    [row] = await outboxOf(item.documentId);
    expect(row.status).toBe('sent');

    const complaint = await submit('complaint', { name: '黄磊', phone: '13900003333', email: 'huang@example.cn' }, '安装师傅迟到三小时');
    const complaintItem = await itemOf('complaint', complaint.body.data.reference);
    expect(await dispatch()).toMatchObject({ failed: 1 });
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const rows = await outboxOf(complaintItem.documentId);
    expect(rows.map((r: any) => [r.channel, r.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(rows[0].last_error).toContain('FailedOperation.TemplateIncorrectOrUnapproved');
    expect(rows[1].fallback_reason).toMatch(/^sms: Tencent Cloud refused the SMS: FailedOperation\.TemplateIncorrectOrUnapproved/);
  });

  it('delivery receipts (Tencent callback) set the delivery status', async () => {
    const sent = await submit('feedback', { name: '吴迪', phone: '13900004444' });
    const item = await itemOf('feedback', sent.body.data.reference);
    await dispatch();
    const [row] = await outboxOf(item.documentId);
    const res = await http()
      .post('/api/after-sales/sms/receipts/tencent/tc-receipts')
      .send([
        {
          user_receive_time: '2026-12-03 10:00:05',
          nationcode: '86',
          mobile: '13900004444',
          report_status: 'SUCCESS',
          errmsg: 'DELIVRD',
          description: '用户短信接收成功',
          sid: row.provider_message_id,
        },
      ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 0, matched: 1 });
    expect((await outboxOf(item.documentId))[0].delivery_status).toBe('delivered');
  });
});
