import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

/**
 * A calendar that never runs out: years after the last imported notice skip provisional holidays
 * computed from the statutory rules, the calendars API warns 60 days ahead, and importing a notice
 * counts the running clocks again (item field, clock row and an audit event with both dates).
 */
let strapi: Core.Strapi;
let admin: AdminSession;
const http = () => request(strapi.server.httpServer);
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const setClock = (now: string | null) => http().put('/after-sales/test/clock').set(as(admin)).send({ now });
const iso = (value: unknown) => new Date(value as string).toISOString();

const NOTICE_2027 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//notice 2027//ZH',
  'BEGIN:VEVENT',
  'UID:spring-2027@test',
  'DTSTART;VALUE=DATE:20270206',
  'DTEND;VALUE=DATE:20270214',
  'SUMMARY:春节',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const intake = async () => {
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'hotline', severity: 'general', type: 'quality', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'does not start' } });
  expect(res.status).toBe(201);
  return strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference } });
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('the shipped calendar after its last notice', () => {
  it('warns from 60 days before the end of 2026 and lists the provisional holidays of 2027', async () => {
    expect((await setClock(shanghai('2026-10-15T10:00:00'))).status).toBe(200);
    let res = await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin));
    expect(res.status).toBe(200);
    expect(res.body.data.coverage).toEqual({ lastListedDate: '2026-12-31', warn: false, provisionalAfter: true });

    expect((await setClock(shanghai('2026-12-02T10:00:00'))).status).toBe(200);
    res = await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin));
    expect(res.body.data.coverage.warn).toBe(true);
    const provisional = res.body.data.provisionalHolidays.map((h: { date: string }) => h.date);
    expect(provisional).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-08', '2027-02-10', '2027-10-01']));
    expect(res.body.data.provisionalHolidays.every((h: { provisional: boolean }) => h.provisional)).toBe(true);
  });

  it('a 2027 deadline skips the provisional Spring Festival; importing the notice moves it and audits both dates', async () => {
    // Thursday 4 Feb 2027 17:00: 1 working day to acknowledge. Fri 5 – Wed 10 Feb are provisional
    // holidays, so it is due Thursday 11 Feb 17:00 (not Friday 5 Feb 17:00).
    expect((await setClock(shanghai('2027-02-04T17:00:00'))).status).toBe(200);
    const item = await intake();
    expect(iso(item.acknowledgeBy)).toBe(shanghai('2027-02-11T17:00:00'));
    const before = await strapi.db.connection('after_sales_audit_events').where({ document_id: item.documentId, action: 'sla-recompute' });
    expect(before).toHaveLength(0);

    // The notice gives 6–13 Feb: Friday 5 Feb is worked after all.
    const imported = await http().post('/after-sales/sla/calendars/import').set(as(admin)).send({ format: 'ics', id: 'cn-mainland', content: NOTICE_2027 });
    expect(imported.status).toBe(200);
    expect(imported.body.data.calendar.provisionalRules).toBe('cn-mainland-statutory');
    expect(imported.body.data.coverage.lastListedDate).toBe('2027-12-31');
    expect(imported.body.data.provisionalHolidays.some((h: { date: string }) => h.date.startsWith('2027'))).toBe(false);

    const after = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId } });
    expect(iso(after.acknowledgeBy)).toBe(shanghai('2027-02-05T17:00:00'));
    const row = await strapi.db.connection('after_sales_sla_clocks').where({ document_id: item.documentId, clock: 'acknowledgeBy' }).first();
    expect(new Date(Number.isFinite(Number(row.due_at)) ? Number(row.due_at) : row.due_at).toISOString()).toBe(shanghai('2027-02-05T17:00:00'));
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: item.documentId, action: 'sla-recompute' });
    const notes = audit.map((a: { note: string }) => a.note);
    expect(notes).toEqual(expect.arrayContaining([`acknowledgeBy recomputed: due ${shanghai('2027-02-11T17:00:00')} → ${shanghai('2027-02-05T17:00:00')} (calendar "cn-mainland" changed)`]));
    // Nothing left to do: the job row is gone, and a second pass moves nothing.
    expect(await strapi.db.connection('after_sales_job_claims').where('job', 'like', 'sla-recompute:%')).toHaveLength(0);
    expect(await strapi.plugin('after-sales').service('sla').recomputeDueDates()).toBe(0);
  });

  it('a calendar change counts more running clocks than one batch (200) again, each with its audit, and finishes a job left over', async () => {
    expect((await setClock(shanghai('2026-03-13T12:00:00'))).status).toBe(200);
    const base = (await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin))).body.data.calendar;
    const created = await http()
      .post('/after-sales/sla/calendars')
      .set(as(admin))
      .send({ data: { ...base, id: 'batch-test', name: 'Batch test', provisionalRules: undefined } });
    expect(created.status).toBe(201);
    // 450 running acknowledgement clocks on that calendar: 1 working day from Monday 16 March 09:00
    // → due Monday 18:30; one already stopped and one paused, which are left alone.
    const time = (local: string) => (strapi.db.dialect.client === 'sqlite' ? new Date(shanghai(local)).getTime() : shanghai(local));
    const row = (i: number, extra: Record<string, unknown> = {}) => ({
      content_type: 'api::feedback.feedback',
      document_id: `batch-${String(i).padStart(4, '0')}`,
      clock: 'acknowledgeBy',
      calendar_id: 'batch-test',
      measure: 'business',
      budget_ms: 8 * 3_600_000,
      started_at: time('2026-03-16T09:00:00'),
      paused_at: null,
      paused_ms: 0,
      due_at: time('2026-03-16T18:30:00'),
      stopped_at: null,
      used_ms: null,
      met: null,
      next_escalation_at: null,
      created_at: time('2026-03-13T12:00:00'),
      updated_at: time('2026-03-13T12:00:00'),
      ...extra,
    });
    const rows = Array.from({ length: 450 }, (_, i) => row(i));
    rows.push(row(450, { stopped_at: time('2026-03-16T10:00:00'), used_ms: 3_600_000, met: true }));
    rows.push(row(451, { paused_at: time('2026-03-16T10:00:00') }));
    for (let i = 0; i < rows.length; i += 100) await strapi.db.connection('after_sales_sla_clocks').insert(rows.slice(i, i + 100));

    // The company closes on Monday 16 March: each running clock is due a working day later.
    const current = (await http().get('/after-sales/sla/calendars/batch-test').set(as(admin))).body.data;
    const saved = await http()
      .put('/after-sales/sla/calendars/batch-test')
      .set(as(admin))
      .send({ data: { ...current.calendar, holidays: [{ date: '2026-03-16', name: 'Company day' }] }, revision: current.revision });
    expect(saved.status).toBe(200);
    // What the request left (it works 5 s at most) the sweep finishes.
    await strapi.plugin('after-sales').service('sla').recomputeDueDates();
    const after = await strapi.db.connection('after_sales_sla_clocks').where({ calendar_id: 'batch-test' }).orderBy('document_id');
    const dueOf = (r: { due_at: unknown }) => iso(typeof r.due_at === 'string' && /^\d+$/.test(r.due_at) ? Number(r.due_at) : r.due_at);
    expect(after.slice(0, 450).map(dueOf)).toEqual(Array(450).fill(shanghai('2026-03-17T18:30:00')));
    expect(dueOf(after[450])).toBe(shanghai('2026-03-16T18:30:00')); // stopped
    expect(dueOf(after[451])).toBe(shanghai('2026-03-16T18:30:00')); // paused: counted when it resumes
    const audits = await strapi.db.connection('after_sales_audit_events').where({ action: 'sla-recompute' }).where('document_id', 'like', 'batch-%');
    expect(audits).toHaveLength(450);
    expect(audits[0].note).toBe(`acknowledgeBy recomputed: due ${shanghai('2026-03-16T18:30:00')} → ${shanghai('2026-03-17T18:30:00')} (calendar "batch-test" changed)`);
    expect(await strapi.db.connection('after_sales_job_claims').where('job', 'like', 'sla-recompute:%')).toHaveLength(0);

    // A job an instance left half done (its time ran out) is finished by the next run, batch by batch.
    await strapi.db
      .connection('after_sales_sla_clocks')
      .where({ calendar_id: 'batch-test' })
      .whereNull('stopped_at')
      .whereNull('paused_at')
      .update({ due_at: time('2026-03-16T18:30:00') });
    await strapi.db.connection('after_sales_job_claims').insert({ job: 'sla-recompute:batch-test', lease_until: 0 });
    expect(await strapi.plugin('after-sales').service('sla').recomputeDueDates({ timeBudgetMs: 0 })).toBe(0);
    expect(await strapi.db.connection('after_sales_job_claims').where({ job: 'sla-recompute:batch-test' })).toHaveLength(1);
    expect(await strapi.plugin('after-sales').service('sla').recomputeDueDates()).toBe(450);
    expect(await strapi.db.connection('after_sales_job_claims').where({ job: 'sla-recompute:batch-test' })).toHaveLength(0);
  });

  it('an unknown rule set is refused, naming the field', async () => {
    const current = (await http().get('/after-sales/sla/calendars/cn-mainland').set(as(admin))).body.data;
    const refused = await http()
      .put('/after-sales/sla/calendars/cn-mainland')
      .set(as(admin))
      .send({ data: { ...current.calendar, provisionalRules: 'cn-hongkong' }, revision: current.revision });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.provisionalRules']);
  });
});
