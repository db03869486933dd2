import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

/**
 * A reply from the case screen chooses its channel as automatic messages do: the messages
 * extension's `channelFallback` order, a channel counting only when it is configured. Here SMS is
 * set up (the log provider) and email is not (no SMTP): the reply box never promises email.
 */
const FEEDBACK = 'api::feedback.feedback';
let strapi: Core.Strapi;
let admin: AdminSession;
let documentId: string;
const http = () => request(strapi.server.httpServer);
const auth = () => ({ Authorization: `Bearer ${admin.token}` });
const casePath = (id = documentId) => `/after-sales/cases/${FEEDBACK}/${id}`;
const setOrder = async (order: string[]) => {
  const res = await http()
    .put('/after-sales/extensions/after-sales.messages/configuration')
    .set(auth())
    .send({ data: { channelFallback: order } });
  expect(res.status).toBe(200);
};
const replies = () => strapi.db.connection('after_sales_outbox').where({ document_id: documentId, template_key: 'reply' }).orderBy('id');

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SMS_PROVIDER: 'log', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer: { name: '周女士', phone: '138 0013 8555', email: 'zhou@example.cn' }, symptom: '滤网报警灯常亮' } });
  expect(res.status).toBe(201);
  documentId = (await strapi.db.query(FEEDBACK).findOne({ where: { reference: res.body.data.reference } })).documentId;
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_SMS_PROVIDER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('the reply channel', () => {
  it('skips email when it is not configured, even when the order puts it first', async () => {
    expect(strapi.plugin('after-sales').service('outbox').channelStatus('email')).toBe('not-configured');
    await setOrder(['email', 'sms']);
    const screen = await http().get(casePath()).set(auth());
    expect(screen.status).toBe(200);
    expect(screen.body.data.reply).toEqual({ reachable: true, channel: 'sms' });
    const preview = await http().post(`${casePath()}/replies/preview`).set(auth()).send({ text: '您好' });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ channel: 'sms', unreachable: null });
    const sent = await http().post(`${casePath()}/replies`).set(auth()).send({ text: '您好,滤网需要更换。' });
    expect(sent.status).toBe(201);
    const [reply] = await replies();
    expect(reply).toMatchObject({ channel: 'sms', recipient: '+8613800138555', fallback_reason: 'email: not configured' });
  });

  it('follows the configured order when both channels can carry it', async () => {
    // Email set up at runtime (the email channel reads the provider on each choice); nothing is dispatched here.
    const before = strapi.config.get('plugin::email.provider');
    strapi.config.set('plugin::email.provider', 'nodemailer');
    try {
      await setOrder(['email', 'sms']);
      expect((await http().get(casePath()).set(auth())).body.data.reply).toEqual({ reachable: true, channel: 'email' });
      expect((await http().post(`${casePath()}/replies`).set(auth()).send({ text: '邮件回复' })).status).toBe(201);
      await setOrder(['sms', 'email']);
      expect((await http().get(casePath()).set(auth())).body.data.reply).toEqual({ reachable: true, channel: 'sms' });
      expect((await http().post(`${casePath()}/replies`).set(auth()).send({ text: '短信回复' })).status).toBe(201);
      const rows = await replies();
      expect(rows.slice(1).map((r: any) => [r.channel, r.recipient, r.fallback_reason])).toEqual([
        ['email', 'zhou@example.cn', null],
        ['sms', '+8613800138555', null],
      ]);
    } finally {
      strapi.config.set('plugin::email.provider', before);
    }
  });

  it('an email-only customer cannot be replied to while email is not set up: 400 naming the customer, nothing queued', async () => {
    const res = await http()
      .post('/api/after-sales/intake')
      .send({ data: { kind: 'feedback', channel: 'website', customer: { name: '吴先生', email: 'wu@example.cn' }, symptom: '遥控器失灵' } });
    const other = (await strapi.db.query(FEEDBACK).findOne({ where: { reference: res.body.data.reference } })).documentId;
    expect((await http().get(casePath(other)).set(auth())).body.data.reply).toMatchObject({ reachable: false, reason: expect.stringContaining('email: not configured') });
    const refused = await http()
      .post(`${casePath(other)}/replies`)
      .set(auth())
      .send({ text: '您好' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['customer']);
    expect(await strapi.db.connection('after_sales_outbox').where({ document_id: other, template_key: 'reply' })).toHaveLength(0);
  });
});
