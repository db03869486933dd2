import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { startSmtpSink } from '../helpers/smtp-sink';

/**
 * Issue #19's "Done when": no customer is left without an acknowledgement because of the channel
 * they gave. A customer who leaves only a landline (SMS reaches mobiles only) and no email cannot be
 * written to: the acknowledgement becomes a phone call owed to them, as an internal note on the case
 * and an email to the people of the item's department, each in their admin language, once.
 */
const FEEDBACK = 'api::feedback.feedback';
let strapi: Core.Strapi;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let engineer: AdminSession; // technical, Chinese admin
let techHead: AdminSession; // technical head, English admin
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  smtp = await startSmtpSink();
  strapi = await bootStrapi({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'service@example.cn',
      AFTER_SALES_SMS_PROVIDER: 'log',
      AFTER_SALES_DISPATCHER: 'off',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
    },
  });
  await ensureDepartments(strapi);
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical', email: 'wang.fang@test.local' });
  techHead = await createAdmin(strapi, 'technical-engineer', { department: 'technical', email: 'tech.head@test.local' });
  await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales', email: 'agent@test.local' }); // another department: not told
  await strapi.db.query('admin::user').update({ where: { id: engineer.id }, data: { preferedLanguage: 'zh-Hans', firstname: '芳', lastname: '王' } });
  await strapi.db.query('admin::user').update({ where: { id: techHead.id }, data: { preferedLanguage: 'en', firstname: 'Tom', lastname: 'Lee' } });
  await strapi.db.query('api::department.department').update({ where: { code: 'technical' }, data: { head: techHead.id } });
});
afterAll(async () => {
  await stopStrapi(strapi);
  await smtp.close();
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_SMS_PROVIDER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

const intake = async (customer: Record<string, unknown>, symptom = '设备无法开机 does not start') => {
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'hotline', type: 'quality', severity: 'important', customer, symptom } });
  expect({ status: res.status, error: res.body.error ?? null }).toEqual({ status: 201, error: null });
  return strapi.db.query(FEEDBACK).findOne({ where: { reference: res.body.data.reference }, populate: ['department'] });
};
const outboxOf = async (documentId: string) => {
  const item = await strapi.db.query(FEEDBACK).findOne({ where: { documentId } });
  return strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).orWhere({ reference: item.reference, template_key: 'staff.call-customer' }).orderBy('id');
};
const notesOf = (documentId: string) => strapi.db.connection('after_sales_thread_entries').where({ document_id: documentId, entry_kind: 'note' }).orderBy('id');

describe('a customer no message can reach', () => {
  it('landline only, no email: the acknowledgement is not sent, and the technical department is asked to call, once, each in their language', async () => {
    const item = await intake({ name: '赵先生', phone: '010-6552 9988' });
    expect(item.department?.code).toBe('technical'); // classified to technical
    const rows = await outboxOf(item.documentId);
    const ack = rows.find((r: any) => r.template_key === 'feedback.acknowledged');
    expect(ack).toMatchObject({ status: 'failed' });
    expect(ack.last_error).toContain('landline');

    const calls = rows.filter((r: any) => r.template_key === 'staff.call-customer');
    expect(calls.map((r: any) => r.recipient).sort()).toEqual(['tech.head@test.local', 'wang.fang@test.local']);
    const toHead = calls.find((r: any) => r.recipient === 'tech.head@test.local');
    const toEngineer = calls.find((r: any) => r.recipient === 'wang.fang@test.local');
    expect(toHead).toMatchObject({ locale: 'en', channel: 'email' });
    expect(toHead.subject).toBe(`[Call the customer] ${item.reference}: the automatic message cannot be sent`);
    expect(toHead.body_text).toContain('the customer left only a landline number (SMS reaches mobile phones only) and no email address');
    expect(toEngineer).toMatchObject({ locale: 'zh-Hans' });
    expect(toEngineer.subject).toBe(`【请电话联系客户】${item.reference}：自动通知无法发出`);
    expect(toEngineer.body_text).toContain('客户只留了固定电话（短信只能发到手机），没有电子邮箱');
    expect(toEngineer.body_text).toContain('芳');

    // The note in the thread, in the head's language (the first person told), internal, by phone.
    const notes = await notesOf(item.documentId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ visibility: 'internal', channel: 'phone' });
    expect(notes[0].body_text).toContain('only a landline');

    // The case screen shows it, and the reply box says why nobody can be written to.
    const screen = await http().get(`/after-sales/cases/${FEEDBACK}/${item.documentId}`).set('Authorization', `Bearer ${engineer.token}`);
    expect(screen.status).toBe(200);
    expect(screen.body.data.thread.some((t: any) => t.type === 'note' && String(t.text ?? '').includes('only a landline'))).toBe(true);
    expect(screen.body.data.reply).toMatchObject({ reachable: false, reason: expect.stringContaining('landline') });
    // The staff emails are not messages to the customer: the case's message history has the acknowledgement alone.
    expect(screen.body.data.thread.filter((t: any) => t.type === 'message-out').map((t: any) => t.templateKey)).toEqual(['feedback.acknowledged']);

    // Sent once: the dispatcher delivers each call email once; the after-sales agent is not told.
    await strapi.plugin('after-sales').service('outbox').dispatch(100);
    await strapi.plugin('after-sales').service('outbox').dispatch(100);
    expect(
      smtp.received
        .filter((m) => m.subject.includes(item.reference))
        .map((m) => m.to.join(','))
        .sort()
    ).toEqual(['tech.head@test.local', 'wang.fang@test.local']);
    expect(smtp.received.some((m) => m.to.includes('agent@test.local'))).toBe(false);
  });

  it('landline only, on a case nobody holds (no department, assignee or owner): the intake’s department (after-sales) is asked to call', async () => {
    const item = await intake({ name: '冯先生', phone: '0571-8702 1234' }, '遥控器按键褪色');
    expect(item.department).toBeNull(); // the classifier places it nowhere
    const rows = await outboxOf(item.documentId);
    expect(rows.find((r: any) => r.template_key === 'feedback.acknowledged')).toMatchObject({ status: 'failed' });
    expect(rows.filter((r: any) => r.template_key === 'staff.call-customer').map((r: any) => r.recipient)).toEqual(['agent@test.local']);
    const notes = await notesOf(item.documentId);
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0].meta).notified).toHaveLength(1);
  });

  it('a mobile number gets the acknowledgement by SMS and nobody is asked to call', async () => {
    const item = await intake({ name: '钱女士', phone: '138 0013 8123' });
    const rows = await outboxOf(item.documentId);
    expect(rows.find((r: any) => r.template_key === 'feedback.acknowledged')).toMatchObject({ channel: 'sms', recipient: '+8613800138123' });
    expect(rows.filter((r: any) => r.template_key === 'staff.call-customer')).toHaveLength(0);
    expect(await notesOf(item.documentId)).toHaveLength(0);
  });

  it('a landline and an email: the acknowledgement goes by email, the landline recorded as the reason', async () => {
    const item = await intake({ name: '孙先生', phone: '021 6258 0000', email: 'sun@example.cn' });
    const rows = await outboxOf(item.documentId);
    const ack = rows.find((r: any) => r.template_key === 'feedback.acknowledged');
    expect(ack).toMatchObject({ channel: 'email', recipient: 'sun@example.cn' });
    expect(ack.fallback_reason).toContain('landline');
    expect(rows.filter((r: any) => r.template_key === 'staff.call-customer')).toHaveLength(0);
  });
});
