import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * Issue #21, with the test clock: the promise escalates when it is missed and the escalation level
 * is shown beside the severity (case screen, queue), never in it; an unanswered survey puts the item
 * in the agent's overdue queue as a phone callback; the default chains of complaints (a serious one
 * tells the after-sales head at once on breach) and of service records; the dashboard's calendar
 * warning; the monthly report's SLA figures counted from these clocks.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let technician: AdminSession;
let salesHead: AdminSession;
let techHead: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const SERVICE_RECORD = 'api::service-record.service-record';
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const shanghai = (local: string) => `${local}+08:00`;
const at = (local: string) => new Date(shanghai(local)).toISOString();
const setClock = async (local: string) =>
  expect(
    (
      await http()
        .put('/after-sales/test/clock')
        .set(as(admin))
        .send({ now: shanghai(local) })
    ).status
  ).toBe(200);
const sweepAll = async () => {
  for (let i = 0; i < 4; i += 1) if ((await http().post('/after-sales/sla/sweep').set(as(admin))).body.data.steps === 0) return;
};
/** Only these items' clocks escalate in the next sweep (the other tests' items keep still). */
const onlyEscalate = async (documentId: string, clock: string) => {
  await strapi.db.connection('after_sales_sla_clocks').whereNot({ document_id: documentId }).update({ next_escalation_at: null });
  await strapi.db.connection('after_sales_sla_clocks').where({ document_id: documentId }).whereNot({ clock }).update({ next_escalation_at: null });
};
const escalationsOf = (documentId: string) =>
  strapi.db
    .connection('after_sales_escalations')
    .where({ document_id: documentId })
    .orderBy('id')
    .select('clock', 'level', 'step')
    .then((rows: { clock: string; level: string; step: string }[]) => rows.map((r) => `${r.clock} ${r.level} ${r.step}`));
const staffMail = async (documentId: string) =>
  (await strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).whereLike('template_key', 'escalation.%').orderBy('id')).map((r: any) => `${r.template_key}→${r.recipient}`);
const clockRow = (documentId: string, clock: string) => strapi.db.connection('after_sales_sla_clocks').where({ document_id: documentId, clock }).first();
const wf = (uid: string) => adminWorkflow(strapi, admin.token, uid);

const intakeAt = async (local: string, data: Record<string, unknown> = {}) => {
  await setClock(local);
  const res = await http()
    .post('/api/after-sales/intake')
    .send({
      data: { kind: 'feedback', channel: 'hotline', severity: 'general', type: 'quality', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'The paper tray rattles a little', ...data },
    });
  expect(res.status).toBe(201);
  return strapi.db.query(res.body.data.kind === 'complaint' ? COMPLAINT : FEEDBACK).findOne({ where: { reference: res.body.data.reference } });
};
const triage = (documentId: string, extra: Record<string, unknown> = {}) =>
  wf(FEEDBACK).step(documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id, ...extra } });
/** Every field of the 客户反馈记录表 (004 表1), so the record clock is met at intake. */
const COMPLETE_RECORD = { product: { model: 'CHN-1', batch: 'B1' }, scenario: 'office', frequency: 'daily', expectedSolution: 'fix it' };

/** A resolved item whose fix was told to the customer and whose satisfaction survey went out at 09:00 on `surveyDay`; only its survey clock escalates. */
const surveySent = async (intakeDay: string, surveyDay: string) => {
  const fb = await intakeAt(`${intakeDay}T09:00:00`, COMPLETE_RECORD);
  await wf(FEEDBACK).step(fb.documentId, 'acknowledge');
  await triage(fb.documentId, { judgement: 'update-or-part' });
  await wf(FEEDBACK).step(fb.documentId, 'start');
  await wf(FEEDBACK).step(fb.documentId, 'resolve', { data: { resolutionSummary: 'firmware updated' } });
  await strapi
    .plugin('after-sales')
    .service('thread')
    .append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'reply', channel: 'email', author: { kind: 'admin', id: admin.id, name: 'A' }, bodyText: '固件已更新,请重启设备。' });
  await setClock(`${surveyDay}T09:00:00`);
  await wf(FEEDBACK).step(fb.documentId, 'start-callback');
  await onlyEscalate(fb.documentId, 'surveyReplyBy');
  return fb;
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales', email: 'chain-agent@test.local' });
  technician = await createAdmin(strapi, 'after-sales-agent', { department: 'technical', email: 'chain-tech@test.local' });
  salesHead = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales', email: 'chain-sales-head@test.local' });
  techHead = await createAdmin(strapi, 'after-sales-manager', { department: 'technical', email: 'chain-tech-head@test.local' });
  await strapi.db.query('api::department.department').update({ where: { code: 'after-sales' }, data: { head: salesHead.id } });
  await strapi.db.query('api::department.department').update({ where: { code: 'technical' }, data: { head: techHead.id } });
  await strapi.documents('api::product.product').create({ data: { modelCode: 'CHN-1', name: 'Chain printer' } as any });
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('the manual’s clocks escalate, beside the classification', () => {
  it('a missed promise escalates to the department head; the case screen and the queue show the level, the severity stays', async () => {
    const fb = await intakeAt('2026-03-16T09:00:00');
    await wf(FEEDBACK).step(fb.documentId, 'acknowledge');
    await triage(fb.documentId);
    // 24 working hours from Monday 09:00: Wednesday 18:30.
    expect((await clockRow(fb.documentId, 'respondBy')).due_at).toBeDefined();
    expect(new Date((await strapi.db.query(FEEDBACK).findOne({ where: { documentId: fb.documentId } })).respondBy).toISOString()).toBe(at('2026-03-18T18:30:00'));
    await onlyEscalate(fb.documentId, 'respondBy');
    await setClock('2026-03-18T18:00:00');
    await sweepAll();
    expect(await escalationsOf(fb.documentId)).toEqual(['respondBy at-risk notify-assignee']);
    await setClock('2026-03-19T09:30:00');
    await sweepAll();
    expect(await escalationsOf(fb.documentId)).toEqual(['respondBy at-risk notify-assignee', 'respondBy breached notify-head']);
    expect(await staffMail(fb.documentId)).toEqual(['escalation.at-risk→chain-agent@test.local', 'escalation.breached→chain-sales-head@test.local']);
    const breached = await strapi.db.connection('after_sales_outbox').where({ document_id: fb.documentId, template_key: 'escalation.breached' }).first();
    expect(breached.subject).toBe(`【已超时】${fb.reference}：承诺答复期限`);

    const screen = await http().get(`/after-sales/cases/${FEEDBACK}/${fb.documentId}`).set(as(agent));
    expect(screen.status).toBe(200);
    expect(screen.body.data).toMatchObject({ escalationLevel: 'breached' });
    expect((await strapi.db.query(FEEDBACK).findOne({ where: { documentId: fb.documentId } })).severity).toBe('general');
    const queue = await http().get('/after-sales/queues/items').query({ view: 'mine' }).set(as(agent));
    expect(queue.body.data.find((r: { documentId: string }) => r.documentId === fb.documentId)).toMatchObject({ severity: 'general', escalationLevel: 'breached' });
  });

  it('an unanswered survey puts a phone callback in the agent’s overdue queue until the call is logged', async () => {
    const fb = await surveySent('2026-04-13', '2026-04-14');
    const overdue = async () => (await http().get('/after-sales/queues/items').query({ view: 'overdue' }).set(as(agent))).body.data.find((r: { documentId: string }) => r.documentId === fb.documentId);
    expect(await overdue()).toBeUndefined();
    await setClock('2026-04-17T09:00:00');
    await sweepAll();
    expect(await escalationsOf(fb.documentId)).toEqual(['surveyReplyBy breached queue-phone-callback']);
    expect(await overdue()).toMatchObject({ state: 'callback', assignee: { id: agent.id }, nextDue: { clock: 'surveyReplyBy', breached: true } });
    await wf(FEEDBACK).step(fb.documentId, 'log-callback', { note: '已电话回访', data: { callbackOutcome: 'solved' } });
    expect(await overdue()).toBeUndefined();
  });

  it('an unanswered survey of an item nobody is assigned to asks the department head for the call', async () => {
    const fb = await surveySent('2026-04-20', '2026-04-21');
    // The agent's account was removed meanwhile: the item has no assignee.
    await strapi.db.query(FEEDBACK).update({ where: { documentId: fb.documentId }, data: { assignee: null } });
    await setClock('2026-04-24T09:00:00');
    await sweepAll();
    expect(await escalationsOf(fb.documentId)).toEqual(['surveyReplyBy breached queue-phone-callback']);
    const mail = await strapi.db.connection('after_sales_outbox').where({ document_id: fb.documentId, template_key: 'escalation.phone-callback' });
    expect(mail.map((m: { recipient: string; status: string }) => [m.recipient, m.status])).toEqual([['chain-sales-head@test.local', 'pending']]);
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: fb.documentId }).andWhere('note', 'like', '%phone callback queued for%');
    expect(audit.map((e: { note: string }) => e.note)).toEqual([expect.stringContaining('(department head: the item has no assignee)')]);
  });

  it('a serious complaint in another department tells its head and the after-sales head at once on breach', async () => {
    await setClock('2026-05-11T09:00:00');
    const complaint = await strapi
      .documents(COMPLAINT)
      .create({ data: { description: '售后人员上门后设备仍起火冒烟', cause: 'quality', seriousness: 'serious', department: departments.technical.documentId } as any });
    // Serious: answered within 8 h (calendar time, our default).
    expect(new Date((await clockRow(complaint.documentId, 'respondBy')).due_at).toISOString()).toBe(at('2026-05-11T17:00:00'));
    await onlyEscalate(complaint.documentId, 'respondBy');
    await setClock('2026-05-11T17:05:00');
    await sweepAll();
    expect(await escalationsOf(complaint.documentId)).toEqual(['respondBy at-risk notify-assignee', 'respondBy breached notify-head', 'respondBy breached notify-after-sales-head']);
    expect((await staffMail(complaint.documentId)).filter((m) => m.startsWith('escalation.breached'))).toEqual([
      'escalation.breached→chain-tech-head@test.local',
      'escalation.breached→chain-sales-head@test.local',
    ]);
    expect((await strapi.db.query(COMPLAINT).findOne({ where: { documentId: complaint.documentId } })).seriousness).toBe('serious');
  });

  it('a service record not archived in 5 working days tells the technician and the head, at twice that the after-sales head', async () => {
    await setClock('2026-06-01T10:00:00'); // a Monday
    const sr = await strapi.documents(SERVICE_RECORD).create({ data: { kind: 'onsite-repair', department: departments.technical.documentId, technician: technician.id } as any });
    await wf(SERVICE_RECORD).step(sr.documentId, 'start');
    await wf(SERVICE_RECORD).step(sr.documentId, 'complete', { data: { findings: 'worn belt', result: 'belt replaced' } });
    // 5 working days from Monday 10:00: Monday 8 June 10:00.
    expect(new Date((await clockRow(sr.documentId, 'archiveBy')).due_at).toISOString()).toBe(at('2026-06-08T10:00:00'));
    await onlyEscalate(sr.documentId, 'archiveBy');
    await setClock('2026-06-08T11:00:00');
    await sweepAll();
    expect(await escalationsOf(sr.documentId)).toEqual(['archiveBy at-risk notify-assignee', 'archiveBy breached notify-assignee', 'archiveBy breached notify-head']);
    // Twice the target (10 working days): Monday 15 June 10:00.
    await setClock('2026-06-15T09:00:00');
    await sweepAll();
    expect(await escalationsOf(sr.documentId)).toHaveLength(3);
    await setClock('2026-06-15T10:30:00');
    await sweepAll();
    expect((await escalationsOf(sr.documentId)).at(-1)).toBe('archiveBy overdue notify-after-sales-head');
    expect((await staffMail(sr.documentId)).at(-1)).toBe('escalation.breached→chain-sales-head@test.local');
  });
});

describe('the acknowledgement says how the promise is counted, as the active policy counts it', () => {
  const acknowledgement = (documentId: string, channel = 'email') =>
    strapi.db.connection('after_sales_outbox').where({ document_id: documentId, template_key: 'feedback.acknowledged', channel }).first();
  const policyPath = '/after-sales/sla/policies/feedback.default';

  it('in English too: working hours, 24 for a general issue and 48 for a complex one', async () => {
    const general = await intakeAt('2026-09-07T09:00:00', { customer: { name: 'Jane', email: 'jane@example.com', locale: 'en' } });
    const ack = await acknowledgement(general.documentId);
    expect(ack.locale).toBe('en');
    expect(ack.body_text).toMatch(/We will get back to you within 24 working hours, that is by September 9, 2026 at 6:30\sPM\./);
    const complex = await intakeAt('2026-09-07T09:00:00', { complex: true, customer: { name: 'Jane', email: 'jane@example.com', locale: 'en' } });
    expect((await acknowledgement(complex.documentId)).body_text).toContain('We will get back to you within 48 working hours, that is by');
  });

  it('a promise edited to calendar hours is worded in calendar hours (Chinese, English, SMS), and in working hours again once restored', async () => {
    const current = (await http().get(policyPath).set(as(admin))).body.data;
    const original = current.policy;
    const edited = JSON.parse(JSON.stringify(original));
    const promise = edited.clocks.find((c: { field: string }) => c.field === 'respondBy');
    for (const rule of promise.rules) rule.target.unit = 'hours';
    const saved = await http().put(policyPath).set(as(admin)).send({ data: edited, revision: current.revision });
    expect(saved.status).toBe(200);
    try {
      // Monday 09:00 + 24 calendar hours: Tuesday 09:00.
      const zh = await intakeAt('2026-09-14T09:00:00', { customer: { name: '王芳', email: 'wang.fang@example.cn', locale: 'zh-Hans' } });
      expect(new Date(zh.respondBy).toISOString()).toBe(at('2026-09-15T09:00:00'));
      const zhAck = await acknowledgement(zh.documentId);
      expect(zhAck.body_text).toContain('我们将在 24 小时内（即 2026年9月15日 09:00 前）给您答复。');
      expect(zhAck.body_text).not.toContain('工作小时');
      // The SMS text too (the template editor's preview of the SMS variant against this item).
      const sms = await http().post('/after-sales/messages/preview').set(as(admin)).send({ key: 'feedback.acknowledged', locale: 'zh-Hans', channel: 'sms', uid: FEEDBACK, documentId: zh.documentId });
      expect(sms.status).toBe(200);
      expect(sms.body.data.text).toContain('我们将在 24 小时内（2026年9月15日 09:00 前）答复。');
      const en = await intakeAt('2026-09-14T09:00:00', { complex: true, customer: { name: 'Jane', email: 'jane.calendar@example.com', locale: 'en' } });
      const enAck = await acknowledgement(en.documentId);
      expect(enAck.body_text).toMatch(/We will get back to you within 48 hours, that is by September 16, 2026 at 9:00\sAM\./);
      expect(enAck.body_text).not.toContain('working');
    } finally {
      const latest = (await http().get(policyPath).set(as(admin))).body.data;
      expect((await http().put(policyPath).set(as(admin)).send({ data: original, revision: latest.revision })).status).toBe(200);
    }
    const restored = await intakeAt('2026-09-14T09:00:00');
    expect((await acknowledgement(restored.documentId)).body_text).toContain('我们将在 24 个工作小时内（即 2026年9月16日 18:30 前）给您答复。');
  });
});

describe('the dashboard warns before the holiday calendar runs out', () => {
  const widget = async () => {
    const res = await http().get('/after-sales/dashboard/widgets').set(as(agent));
    expect(res.status).toBe(200);
    return res.body.data.find((w: { id: string }) => w.id === 'after-sales.sla.calendar-coverage');
  };
  it('from 60 days before the last date the notices list, naming the calendar and the date', async () => {
    await setClock('2026-10-31T12:00:00');
    const early = await widget();
    expect(early).toMatchObject({ extensionId: 'after-sales.sla', status: 'ok', title: { 'zh-Hans': '节假日日历' } });
    const row = (w: any) => w.data.rows.find((r: { calendar: string }) => r.calendar.startsWith('中国大陆工作日历'));
    expect(row(early)).toMatchObject({ lastListedDate: '2026-12-31', daysLeft: 61, needsNotice: false, provisionalAfter: true });
    expect(early.data.note['zh-Hans']).toBe('所有日历的节假日都已列到 60 天以后。');
    await setClock('2026-11-01T12:00:00');
    const warned = await widget();
    expect(row(warned)).toMatchObject({ lastListedDate: '2026-12-31', daysLeft: 60, needsNotice: true });
    expect(warned.data.note['zh-Hans']).toContain('节假日仅列到 2026-12-31（还剩 60 天），之后按法定规则推算的暂定假日计算');
    expect(warned.data.note.en).toContain('holidays are listed only up to 2026-12-31 (60 days left)');
  });
});

describe('the monthly report counts these clocks', () => {
  it('the promise met by a reply, missed without one; the severity figures keep the customer’s classification', async () => {
    await strapi.db.connection('after_sales_sla_clocks').update({ next_escalation_at: null });
    const replied = await intakeAt('2026-07-06T09:00:00', { severity: 'important', ...COMPLETE_RECORD });
    const silent = await intakeAt('2026-07-06T09:00:00', { severity: 'important' });
    await setClock('2026-07-06T11:00:00');
    await strapi
      .plugin('after-sales')
      .service('thread')
      .append({ contentType: FEEDBACK, documentId: replied.documentId, kind: 'reply', channel: 'email', author: { kind: 'admin', id: admin.id, name: 'A' }, bodyText: '我们正在处理。' });
    for (let i = 0; i < 50 && !(await clockRow(replied.documentId, 'respondBy')).stopped_at; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    await setClock('2026-07-20T09:00:00');
    await sweepAll(); // the silent item's clocks escalate; its severity stays
    await setClock('2026-08-15T09:00:00');
    const res = await http().get('/after-sales/reports/monthly?month=2026-07').set(as(salesHead));
    expect(res.status).toBe(200);
    const clock = (name: string) => res.body.data.sla.clocks.find((c: { contentType: string; clock: string }) => c.contentType === 'feedback' && c.clock === name);
    expect(clock('respondBy')).toMatchObject({ total: 2, met: 1, overdueOpen: 1, measured: 1, medianBusinessMs: 2 * 3_600_000 });
    expect(clock('recordBy')).toMatchObject({ total: 2, met: 1, overdueOpen: 1 });
    expect(clock('judgeBy')).toMatchObject({ total: 2, met: 0, overdueOpen: 2 });
    expect(await escalationsOf(silent.documentId)).toEqual(expect.arrayContaining(['respondBy breached notify-head']));
    const bySeverity = Object.fromEntries(res.body.data.volume.bySeverity.map((r: { key: string; count: number }) => [r.key, r.count]));
    expect(bySeverity).toMatchObject({ important: 2 });
    expect(bySeverity.urgent ?? 0).toBe(0);
  });
});

describe('a calendar change counts the running clocks again', () => {
  it('shorter working hours move a running promise later, with the old and new due dates in the audit', async () => {
    const fb = await intakeAt('2026-08-03T09:00:00'); // a Monday; no holiday that week
    // 24 working hours of 8 a day: Wednesday 18:30.
    expect(new Date((await clockRow(fb.documentId, 'respondBy')).due_at).toISOString()).toBe(at('2026-08-05T18:30:00'));
    const current = (await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin))).body.data;
    const shorter = { start: '13:30', end: '17:30' };
    const weeklyHours = Object.fromEntries(Object.entries(current.calendar.weeklyHours).map(([day, hours]: [string, any]) => [day, hours.length ? [hours[0], shorter] : []]));
    const saved = await http()
      .put('/after-sales/sla/calendars/cn-mainland')
      .set(as(admin))
      .send({ data: { ...current.calendar, weeklyHours }, revision: current.revision });
    try {
      expect(saved.status).toBe(200);
      // 7 working hours a day: 7 + 7 + 7 = 21 by Wednesday evening, 3 more on Thursday morning.
      expect(new Date((await clockRow(fb.documentId, 'respondBy')).due_at).toISOString()).toBe(at('2026-08-06T12:00:00'));
      const notes = (await strapi.db.connection('after_sales_audit_events').where({ document_id: fb.documentId, action: 'sla-recompute' })).map((a: { note: string }) => a.note);
      expect(notes).toContain(`respondBy recomputed: due ${at('2026-08-05T18:30:00')} → ${at('2026-08-06T12:00:00')} (calendar "cn-mainland" changed)`);
    } finally {
      const now = (await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin))).body.data;
      await http().put('/after-sales/sla/calendars/cn-mainland').set(as(admin)).send({ data: current.calendar, revision: now.revision });
    }
  });
});
