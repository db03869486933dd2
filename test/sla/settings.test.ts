import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let head: AdminSession;
let engineer: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });

const setClock = (now: string | null) => http().put('/after-sales/test/clock').set(as(admin)).send({ now });
const sweep = () => http().post('/after-sales/sla/sweep').set(as(admin));
const get = (path: string, session = admin) => http().get(`/after-sales${path}`).set(as(session));
const put = (path: string, body: unknown) =>
  http()
    .put(`/after-sales${path}`)
    .set(as(admin))
    .send(body as object);
const post = (path: string, body: unknown) =>
  http()
    .post(`/after-sales${path}`)
    .set(as(admin))
    .send(body as object);
const paths = (res: request.Response) => (res.body.error?.details?.errors ?? []).map((e: { path: (string | number)[] }) => e.path.join('.'));
const iso = (value: unknown) => new Date(value as string).toISOString();

const BERLIN = {
  id: 'eu-berlin',
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: [
      { start: '09:00', end: '12:30' },
      { start: '13:00', end: '17:30' },
    ],
    tue: [
      { start: '09:00', end: '12:30' },
      { start: '13:00', end: '17:30' },
    ],
    wed: [
      { start: '09:00', end: '12:30' },
      { start: '13:00', end: '17:30' },
    ],
    thu: [
      { start: '09:00', end: '12:30' },
      { start: '13:00', end: '17:30' },
    ],
    fri: [
      { start: '09:00', end: '12:30' },
      { start: '13:00', end: '17:30' },
    ],
  },
  holidays: [{ date: '2026-04-03', name: 'Karfreitag' }],
  workingDays: [],
  source: 'test',
};

const intakeAt = async (local: string, severity: string) => {
  expect((await setClock(shanghai(local))).status).toBe(200);
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'hotline', severity, type: 'quality', customer: { name: 'C', email: 'c@example.cn' }, symptom: 'does not start' } });
  expect(res.status).toBe(201);
  return strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference } });
};
const stored = (documentId: string) => strapi.db.query('api::feedback.feedback').findOne({ where: { documentId }, populate: { assignee: true } });

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales', email: 'sla-assignee@test.local' });
  head = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales', email: 'sla-head@test.local' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical', email: 'sla-engineer@test.local' });
  await strapi.db.query('api::department.department').update({ where: { code: 'after-sales' }, data: { head: head.id } });
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

/** The policies the usable extensions contribute (each extension with an item kind may bring its own), by id. */
const contributedPolicies = () => (strapi.plugin('after-sales').service('extension-host').contributions('slaPolicies') as { value: { id: string } }[]).map((c) => c.value.id).sort();

describe('SLA calendars and policies in the database', () => {
  it('are seeded from the calendars and slaPolicies contributions of after-sales.sla', async () => {
    const calendars = await get('/sla/calendars');
    expect(calendars.status).toBe(200);
    expect(calendars.body.data).toEqual([expect.objectContaining({ id: 'cn-mainland', isDefault: true, contributedBy: 'after-sales.sla', edited: false, revision: 1 })]);
    expect(calendars.body.data[0].calendar.holidays).toHaveLength(33);
    const policies = await get('/sla/policies');
    expect(policies.body.data.map((p: { id: string; active: boolean }) => `${p.id}:${p.active}`)).toEqual(contributedPolicies().map((id) => `${id}:true`));
    expect(contributedPolicies()).toEqual(expect.arrayContaining(['complaint.default', 'feedback.default', 'improvement.default', 'service-record.default']));
    expect(policies.body.steps).toEqual(['notify-assignee', 'notify-head', 'notify-after-sales-head', 'reassign', 'queue-phone-callback']);
    // What a clock's lifecycle may name, for the admin form: each workflow's states and actions.
    expect(policies.body.workflows.feedback.states).toEqual(expect.arrayContaining(['received', 'waiting', 'resolved', 'closed']));
    expect(policies.body.workflows.feedback.actions).toEqual(expect.arrayContaining(['triage', 'resolve', 'reopen']));
    expect(policies.body.workflows['service-record'].states.length).toBeGreaterThan(1);
  });

  it('only admins holding sla.settings.read / manage reach them', async () => {
    expect((await get('/sla/calendars', agent)).status).toBe(403);
    expect((await http().put('/after-sales/sla/calendars/cn-mainland').set(as(agent)).send({ data: BERLIN })).status).toBe(403);
  });

  it('refuses an invalid calendar or policy with a 400 naming the field', async () => {
    const current = (await get('/sla/calendars/cn-mainland')).body.data.calendar;
    const badHours = await put('/sla/calendars/cn-mainland', {
      data: {
        ...current,
        weeklyHours: {
          ...current.weeklyHours,
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '13:30', end: '12:00' },
          ],
        },
      },
    });
    expect(badHours.status).toBe(400);
    expect(paths(badHours)).toEqual(['data.weeklyHours.mon.1.end']);
    const both = await put('/sla/calendars/cn-mainland', { data: { ...current, workingDays: [...current.workingDays, { date: '2026-10-01', name: 'x' }] } });
    expect(paths(both)).toEqual([`data.workingDays.${current.workingDays.length}.date`]);
    expect(paths(await put('/sla/calendars/cn-mainland', { data: { ...current, timeZone: 'Mars/Olympus' } }))).toEqual(['data.timeZone']);
    expect(paths(await put('/sla/calendars/cn-mainland', { data: { ...current, id: 'other' } }))).toEqual(['data.id']);

    const policy = (await get('/sla/policies/feedback.default')).body.data.policy;
    const badUnit = JSON.parse(JSON.stringify(policy));
    badUnit.clocks[3].rules[0].target.unit = 'weeks';
    const res = await put('/sla/policies/feedback.default', { data: badUnit });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['data.clocks.3.rules.0.target.unit']);
    expect(paths(await put('/sla/policies/feedback.default', { data: { ...policy, escalation: [{ level: 'late', fraction: 1, steps: ['fax-the-ceo'] }] } }))).toEqual(['data.escalation.0.steps.0']);
    expect(paths(await put('/sla/policies/feedback.default', { data: policy, active: false }))).toEqual(['active']);
    // Clock lifecycles: states and actions are the workflow's.
    const badLifecycle = JSON.parse(JSON.stringify(policy));
    badLifecycle.clocks[2].stop[0] = { enter: 'nowhere' };
    badLifecycle.clocks[3].pause = ['napping'];
    badLifecycle.clocks[4].start = [{ action: 'teleport' }];
    expect(paths(await put('/sla/policies/feedback.default', { data: badLifecycle }))).toEqual(['data.clocks.2.stop.0.enter', 'data.clocks.3.pause.0', 'data.clocks.4.start.0.action']);
    expect((await put('/sla/policies/feedback.default', { data: policy, revision: 99 })).status).toBe(409);
    // nothing was written
    expect((await get('/sla/calendars/cn-mainland')).body.data.revision).toBe(1);
    expect((await get('/sla/policies/feedback.default')).body.data.revision).toBe(1);
  });

  it('exports a calendar as JSON and as .ics, and imports both', async () => {
    const json = await get('/sla/calendars/cn-mainland/export?format=json');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    expect(json.headers['content-disposition']).toBe('attachment; filename="cn-mainland.json"');
    expect(JSON.parse(json.text)).toEqual((await get('/sla/calendars/cn-mainland')).body.data.calendar);
    const ics = await get('/sla/calendars/cn-mainland/export?format=ics');
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain('CATEGORIES:WORKING-DAY');
    expect((await get('/sla/calendars/cn-mainland/export?format=pdf')).status).toBe(400);

    // JSON import creates the Berlin calendar.
    const created = await post('/sla/calendars/import', { format: 'json', content: JSON.stringify(BERLIN) });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ id: 'eu-berlin', isDefault: false, contributedBy: null, edited: true });
    expect(paths(await post('/sla/calendars/import', { format: 'json', content: '{"id":"x","name":"x","weeklyHours":{"mon":[{"start":"25:00","end":"26:00"}]}}' }))).toEqual([
      'content.weeklyHours.mon.0.start',
      'content.weeklyHours.mon.0.end',
    ]);
    expect(paths(await post('/sla/calendars/import', { format: 'xml', content: 'x' }))).toEqual(['format']);

    // .ics import merges next year's dates into cn-mainland (an imported date replaces the same date).
    const next = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:1',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270102',
      'SUMMARY:元旦',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:2',
      'DTSTART;VALUE=DATE:20270206',
      'SUMMARY:春节调休上班',
      'CATEGORIES:WORKING-DAY',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const merged = await post('/sla/calendars/import', { format: 'ics', id: 'cn-mainland', content: next });
    expect(merged.status).toBe(200);
    expect(merged.body.data.calendar.holidays).toHaveLength(34);
    expect(merged.body.data.calendar.holidays.at(-1)).toEqual({ date: '2027-01-01', name: '元旦' });
    expect(merged.body.data.calendar.workingDays.at(-1)).toEqual({ date: '2027-02-06', name: '春节调休上班' });
    expect(merged.body.data.calendar.weeklyHours.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '18:30' },
    ]);
    expect(merged.body.data).toMatchObject({ isDefault: true, edited: true, revision: 2 });
    // Round trip: the exported .ics re-imported with replace gives the same dated days.
    const exported = (await get('/sla/calendars/cn-mainland/export?format=ics')).text;
    const replaced = await post('/sla/calendars/import', { format: 'ics', id: 'cn-mainland', mode: 'replace', content: exported });
    expect(replaced.body.data.calendar).toEqual(merged.body.data.calendar);
    // A new calendar from .ics needs its hours.
    expect(paths(await post('/sla/calendars/import', { format: 'ics', id: 'new-one', content: next }))).toEqual(['base.name', 'base.weeklyHours']);
    expect(paths(await post('/sla/calendars/import', { format: 'ics', id: 'cn-mainland', content: 'BEGIN:VEVENT\r\nDTSTART:2027\r\nEND:VEVENT\r\n' }))).toEqual([
      'content.ics.VEVENT.0.DTSTART',
      'content.ics',
    ]);
  });

  it('maps departments to calendars: a technical item runs on the Berlin calendar', async () => {
    expect(paths(await put('/sla/department-calendars', { data: { technical: 'nowhere', nobody: 'eu-berlin' } }))).toEqual(['data.technical', 'data.nobody']);
    const mapped = await put('/sla/department-calendars', { data: { technical: 'eu-berlin' } });
    expect(mapped.status).toBe(200);
    expect(mapped.body.data.find((d: { department: string }) => d.department === 'technical').calendar).toBe('eu-berlin');
    expect((await get('/sla/calendars/eu-berlin')).body.data.departments).toEqual(['technical']);
    expect((await http().delete('/after-sales/sla/calendars/eu-berlin').set(as(admin))).status).toBe(409);
    expect((await http().delete('/after-sales/sla/calendars/cn-mainland').set(as(admin))).status).toBe(409);

    const item = await intakeAt('2026-03-10T09:00:00', 'general'); // Tue 02:00 in Berlin
    const wf = adminWorkflow(strapi, admin.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments.technical.documentId, assignee: engineer.id } });
    // 5 Berlin working days from Tue 10 Mar 09:00 CET end Mon 16 Mar 17:30 CET.
    expect(iso((await stored(item.documentId)).resolveBy)).toBe('2026-03-16T16:30:00.000Z');
    const clocks = await get(`/sla/api::feedback.feedback/${item.documentId}`);
    expect(clocks.body.data.filter((c: { clock: string }) => c.clock === 'resolveBy')).toEqual([
      expect.objectContaining({ clock: 'resolveBy', calendar: 'eu-berlin', paused: false, breached: false, remainingWorkingMs: 5 * 8 * 3600_000, workingDayMs: 8 * 3600_000 }),
    ]);
    // null returns the department to the default calendar.
    const unmapped = await put('/sla/department-calendars', { data: { technical: null } });
    expect(unmapped.body.data.find((d: { department: string }) => d.department === 'technical').calendar).toBeNull();
    expect((await get(`/sla/api::feedback.feedback/${item.documentId}`)).body.data.find((c: { clock: string }) => c.clock === 'resolveBy').calendar).toBe('cn-mainland');
  });

  it('reassigns an item to the department head once the resolve clock is 50 % overdue, once', async () => {
    const item = await intakeAt('2026-03-10T09:00:00', 'important');
    const wf = adminWorkflow(strapi, admin.token, 'api::feedback.feedback');
    await wf.step(item.documentId, 'acknowledge');
    await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'important', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(item.documentId, 'start');
    // This test follows the resolve clock alone (the record, promise and judgement clocks escalate too).
    await strapi.db.connection('after_sales_sla_clocks').where({ document_id: item.documentId }).whereNot({ clock: 'resolveBy' }).update({ next_escalation_at: null });
    // 3 working days (24 h) due Thu 12 Mar 18:30; 150 % (36 h) is Mon 16 Mar 14:30.
    await setClock(shanghai('2026-03-16T14:00:00'));
    expect((await sweep()).body.data.steps).toBeGreaterThanOrEqual(3);
    expect((await stored(item.documentId)).assignee.id).toBe(agent.id);
    await setClock(shanghai('2026-03-16T15:00:00'));
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(first.body.data.steps + second.body.data.steps).toBe(1);
    expect((await sweep()).body.data.steps).toBe(0);
    const after = await stored(item.documentId);
    expect(after.assignee.id).toBe(head.id);
    // Every step of every level done: the clock is off the sweep.
    expect((await strapi.db.connection('after_sales_sla_clocks').where({ document_id: item.documentId, clock: 'resolveBy' }).first()).next_escalation_at).toBeNull();
    const escalations = (await strapi.plugin('after-sales').service('workflow').timeline('feedback', item.documentId)).filter((e: { action: string }) => e.action === 'escalate');
    expect(escalations.map((e: { note: string }) => e.note.split(':')[0])).toEqual(['resolveBy at-risk', 'resolveBy breached', 'resolveBy overdue']);
    expect(escalations[2].note).toMatch(/^resolveBy overdue: reassigned from .+ to department head /);
    expect(escalations[2].changedFields).toEqual(['assignee']);
  });

  it('a policy change applies to new clocks; a calendar change also counts running clocks again', async () => {
    const before = await intakeAt('2026-03-20T10:00:00', 'general'); // Friday
    expect(iso(before.acknowledgeBy)).toBe(shanghai('2026-03-23T10:00:00'));

    const policy = (await get('/sla/policies/feedback.default')).body.data;
    policy.policy.clocks[0].rules[1].target = { amount: 2, unit: 'businessDays' };
    const saved = await put('/sla/policies/feedback.default', { data: policy.policy, revision: policy.revision });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ edited: true, revision: 2, active: true });
    const later = await intakeAt('2026-03-20T10:00:00', 'general');
    expect(iso(later.acknowledgeBy)).toBe(shanghai('2026-03-24T10:00:00'));
    expect(iso((await stored(before.documentId)).acknowledgeBy)).toBe(shanghai('2026-03-23T10:00:00'));

    // Monday 23 March becomes a holiday.
    const calendar = (await get('/sla/calendars/cn-mainland')).body.data.calendar;
    const withHoliday = await put('/sla/calendars/cn-mainland', { data: { ...calendar, holidays: [...calendar.holidays, { date: '2026-03-23', name: 'Company day' }] } });
    expect(withHoliday.status).toBe(200);
    const newest = await intakeAt('2026-03-20T10:00:00', 'general');
    expect(iso(newest.acknowledgeBy)).toBe(shanghai('2026-03-25T10:00:00'));
    // The running clock is counted again on the new calendar (the holiday moves it a working day on),
    // with the old and new due dates in the audit.
    expect(iso((await stored(before.documentId)).acknowledgeBy)).toBe(shanghai('2026-03-24T10:00:00'));
    const clocks = await get(`/sla/api::feedback.feedback/${before.documentId}`);
    expect(clocks.body.data.find((c: { clock: string }) => c.clock === 'acknowledgeBy')).toMatchObject({
      dueAt: shanghai('2026-03-24T10:00:00'),
      remainingWorkingMs: 8 * 3600_000,
      calendar: 'cn-mainland',
    });
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: before.documentId, action: 'sla-recompute' });
    expect(audit.map((a: { note: string }) => a.note)).toContain(
      `acknowledgeBy recomputed: due ${shanghai('2026-03-23T10:00:00')} → ${shanghai('2026-03-24T10:00:00')} (calendar "cn-mainland" changed)`
    );
    // The policy's own change still applies only to new clocks.
    expect(iso((await stored(later.documentId)).acknowledgeBy)).toBe(shanghai('2026-03-25T10:00:00'));
  });

  it('creates, activates, exports, imports and deletes policies', async () => {
    const current = (await get('/sla/policies/feedback.default')).body.data.policy;
    const strict = { ...current, id: 'feedback.strict', name: 'Strict' };
    const created = await post('/sla/policies', { data: strict });
    expect(created.status).toBe(201);
    expect(created.body.data.active).toBe(false);
    expect((await post('/sla/policies', { data: strict })).status).toBe(409);
    const activated = await put('/sla/policies/feedback.strict', { data: strict, active: true });
    expect(activated.body.data.active).toBe(true);
    expect((await get('/sla/policies/feedback.default')).body.data.active).toBe(false);
    expect((await http().delete('/after-sales/sla/policies/feedback.strict').set(as(admin))).status).toBe(409);

    const exported = await get('/sla/policies/feedback.strict/export');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="feedback.strict.json"');
    const imported = await post('/sla/policies/import', { content: exported.text.replace('"Strict"', '"Strict, imported"') });
    expect(imported.status).toBe(200);
    expect(imported.body.data).toMatchObject({ id: 'feedback.strict', active: true, policy: { name: 'Strict, imported' } });
    expect(paths(await post('/sla/policies/import', { content: '{ nope' }))).toEqual(['content']);

    await put('/sla/policies/feedback.default', { data: current, active: true });
    expect((await http().delete('/after-sales/sla/policies/feedback.strict').set(as(admin))).status).toBe(200);
    expect((await get('/sla/policies')).body.data.map((p: { id: string }) => p.id)).toEqual(contributedPolicies());
  });

  it('a restart does not overwrite what an admin edited', async () => {
    await strapi.plugin('after-sales').service('sla-settings').seedFromContributions();
    const calendar = (await get('/sla/calendars/cn-mainland')).body.data;
    expect(calendar.calendar.holidays.some((h: { date: string }) => h.date === '2026-03-23')).toBe(true);
    expect(calendar.edited).toBe(true);
  });
});
