import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, startPrivatePostgres } from './private-postgres';
import { Instance } from './instance';

/**
 * Staff notifications with two instances of the built app on one private PostgreSQL: a colleague is
 * assigned a case on one instance and mentioned in notes written on both at the same time; both
 * instances sweep the SLA at the same moment and both run the digest job. Each notification is
 * stored once, the hourly email limit holds across the instances (one email, the rest wait), the
 * digest is sent once, and everything the colleague receives is in her admin language (English).
 * Then the other four kinds, each driven on both instances at once: new items in her department
 * (intakes on both), her customer replying twice (the portal on both), and one plan proposed and one
 * minor complaint recorded, each sent to both instances at the same version (one wins): each
 * reaches her once.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';

let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
let logDir: string;
let db: Client;
const instances: Instance[] = [];

afterAll(async () => {
  for (const instance of instances) instance.kill('SIGKILL');
  await Promise.all(instances.map((i) => Promise.race([i.exit, sleep(5000)])));
  await db?.end().catch(() => undefined);
  pg?.stop();
  if (logDir && !process.env.FAULTS_KEEP_LOGS) fs.rmSync(logDir, { recursive: true, force: true });
});

const call = async (instance: Instance, token: string | null, method: string, url: string, body?: unknown) => {
  const res = await fetch(`${instance.url}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

/** Waits until `check` holds (or fails with its last error). */
const eventually = async (check: () => Promise<void>, ms: number) => {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(500);
    }
  }
};

it('two instances: each notification once, the hourly email limit across both, one digest, in the member’s language', async () => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-sales-notifications-logs-'));
  pg = await startPrivatePostgres(Number(process.env.FAULTS_PG_PORT || 55432) + 70);
  db = new Client({ connectionString: pg.url });
  const env = {
    NODE_ENV: 'development',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: pg.url,
    DATABASE_POOL_MAX: '6',
    AFTER_SALES_DISPATCHER: 'off',
    AFTER_SALES_SCHEDULER: 'off',
    AFTER_SALES_RETENTION_JOB: 'off',
    AFTER_SALES_TEST_CLOCK: '1',
    AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
  };
  const basePort = await freePorts(Number(process.env.FAULTS_APP_PORT || pg.port + 1300));
  const a = new Instance('a', basePort, env, logDir);
  const b = new Instance('b', basePort + 1, env, logDir);
  instances.push(a, b);
  a.start();
  await a.ready();
  await db.connect();

  const register = await call(a, null, 'POST', '/admin/register-admin', { firstname: 'Wei', lastname: 'Admin', email: 'admin@example.test', password: 'Notify1234!' });
  expect([200, 201]).toContain(register.status);
  const admin = register.body.data.token as string;
  // One email an hour, digests every minute: read when the extension starts, so both instances start after.
  const settings = await call(a, admin, 'PUT', '/after-sales/extensions/after-sales.notifications/configuration', { data: { emailsPerHour: 1, digestIntervalMinutes: 1 } });
  expect(settings.status).toBe(200);
  a.kill('SIGTERM');
  await a.exit;
  a.start();
  b.start();
  await Promise.all([a.ready(), b.ready()]);

  // A colleague who reads the admin in English.
  const roles = await call(a, admin, 'GET', '/admin/roles');
  const editor = (roles.body.data as { id: number; code: string }[]).find((r) => r.code === 'strapi-editor')!;
  const invited = await call(a, admin, 'POST', '/admin/users', { firstname: 'Lena', lastname: 'Park', email: 'lena@example.test', roles: [editor.id] });
  expect(invited.status).toBe(201);
  const registered = await call(b, null, 'POST', '/admin/register', {
    registrationToken: invited.body.data.registrationToken,
    userInfo: { firstname: 'Lena', lastname: 'Park', password: 'Notify1234!' },
  });
  expect(registered.status).toBe(200);
  const lena = registered.body.data.token as string;
  const lenaId = Number(registered.body.data.user.id);
  expect((await call(a, lena, 'PUT', '/admin/users/me', { preferedLanguage: 'en' })).status).toBe(200);
  expect((await call(b, lena, 'PUT', '/after-sales/notifications/preferences', { preferences: { assigned: 'admin', mentioned: 'email', 'about-to-breach': 'both' } })).status).toBe(200);

  // The same business clock on both instances: Tuesday 10 March 2026, 09:00 in Shanghai.
  const setClocks = (now: string) => Promise.all([a, b].map((i) => call(i, admin, 'PUT', '/after-sales/test/clock', { now })));
  expect((await setClocks('2026-03-10T09:00:00+08:00')).map((r) => r.status)).toEqual([200, 200]);
  const intake = await call(a, null, 'POST', '/api/after-sales/intake', {
    data: { kind: 'feedback', channel: 'hotline', severity: 'important', type: 'quality', customer: { name: '客户', email: 'customer@example.cn' }, symptom: '净化器开机后风扇异响' },
  });
  expect(intake.status).toBe(201);
  const reference = intake.body.data.reference as string;
  const trackingToken = intake.body.data.trackingToken as string;
  const [{ document_id: documentId }] = (await db.query('select document_id from feedbacks where reference = $1 limit 1', [reference])).rows;

  // Assigned on instance b: Lena is told once, in the admin only (her choice).
  const assigned = await call(b, admin, 'PUT', `/content-manager/collection-types/${FEEDBACK}/${documentId}`, { assignee: { connect: [{ id: lenaId }] } });
  expect(assigned.status).toBe(200);
  const rowsOf = async (kind: string) =>
    (await db.query('select * from after_sales_notifications where recipient_id = $1 and kind = $2 and document_id = $3 order by id', [lenaId, kind, documentId])).rows;
  await eventually(async () => expect(await rowsOf('assigned')).toHaveLength(1), 10_000);
  const unread = await call(a, lena, 'GET', '/after-sales/notifications/unread-count');
  expect(unread.body.data.count).toBe(1);

  // Six notes mentioning her, three on each instance, all at once: six notifications, one email now, five for the digest.
  const notes = await Promise.all(
    Array.from({ length: 6 }, (_, i) => call(i % 2 ? b : a, admin, 'POST', `/after-sales/cases/${FEEDBACK}/${documentId}/notes`, { text: `@Lena please check (${i + 1})` }))
  );
  expect(notes.map((n) => n.status)).toEqual([201, 201, 201, 201, 201, 201]);
  await eventually(async () => expect(await rowsOf('mentioned')).toHaveLength(6), 15_000);
  const states = (await rowsOf('mentioned')).map((r) => r.email_state).sort();
  expect(states).toEqual(['digest', 'digest', 'digest', 'digest', 'digest', 'sent']);
  const emails = (await db.query("select * from after_sales_outbox where recipient = 'lena@example.test' and template_key = 'staff.notification'")).rows;
  expect(emails).toHaveLength(1);
  expect(emails[0].locale).toBe('en');
  expect(emails[0].subject).toBe(`[After-sales] Wei Admin mentioned you in a note on ${reference}`);

  // Both instances sweep at the same moment, three times each, when the resolve clock is at risk.
  expect((await setClocks('2026-03-12T14:00:00+08:00')).map((r) => r.status)).toEqual([200, 200]);
  const sweeps = await Promise.all([a, b, a, b, a, b].map((i) => call(i, admin, 'POST', '/after-sales/sla/sweep')));
  expect(sweeps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200]);
  await eventually(async () => expect((await rowsOf('about-to-breach')).map((r) => r.dedupe_key)).toContain(`at-risk:${documentId}:resolveBy:user-${lenaId}`), 10_000);
  await Promise.all([a, b].map((i) => call(i, admin, 'POST', '/after-sales/sla/sweep')));
  await sleep(1000);
  const warnings = await rowsOf('about-to-breach');
  expect(new Set(warnings.map((r) => r.dedupe_key)).size).toBe(warnings.length);
  expect(warnings.filter((r) => r.dedupe_key.includes(':resolveBy:'))).toHaveLength(1);
  // "Both": in her list, and by email: two days on (the business clock), a new hour's one email, the rest for the digest.
  expect(warnings.every((r) => r.in_admin)).toBe(true);
  expect(warnings.filter((r) => r.email_state === 'sent')).toHaveLength(1);
  expect(warnings.filter((r) => r.email_state === 'digest')).toHaveLength(warnings.length - 1);

  // The digest job runs every minute on both instances: one digest with everything that waited, once.
  const waiting = 5 + warnings.length - 1;
  const digests = () => db.query("select * from after_sales_outbox where recipient = 'lena@example.test' and template_key = 'staff.notification-digest'").then((r) => r.rows);
  await eventually(async () => expect(await digests()).toHaveLength(1), 150_000);
  await sleep(65_000); // another tick on each instance: nothing more to send
  const [digest] = await digests();
  expect(await digests()).toHaveLength(1);
  expect(digest.locale).toBe('en');
  expect(digest.subject).toBe(`[After-sales] ${waiting} notifications`);
  expect(digest.body_text).toContain(reference);
  const left = (await db.query("select count(*)::int as n from after_sales_notifications where recipient_id = $1 and email_state = 'digest'", [lenaId])).rows[0].n;
  expect(left).toBe(0);

  // The other kinds, in her list (her choice) and in English, once each with both instances at work.
  const kinds = { 'new-in-department': 'admin', 'customer-replied': 'admin', 'approval-waiting': 'admin', 'department-informed': 'admin' };
  expect((await call(b, lena, 'PUT', '/after-sales/notifications/preferences', { preferences: kinds })).status).toBe(200);
  const technical = await call(a, admin, 'POST', '/content-manager/collection-types/api::department.department', {
    code: 'technical',
    name: 'Technical',
    head: { connect: [{ id: lenaId }] },
    members: { connect: [{ id: lenaId }] },
  });
  expect(technical.status).toBe(201);
  const technicalId = technical.body.data.documentId as string;
  const lenasRows = async (kind: string, ofDocument: string) => {
    const rows = (await db.query('select * from after_sales_notifications where kind = $1 and document_id = $2 order by id', [kind, ofDocument])).rows;
    expect(rows.map((r) => [Number(r.recipient_id), r.locale, r.in_admin, r.email_state])).toEqual(rows.map(() => [lenaId, 'en', true, null]));
    return rows;
  };
  const documentOf = async (ref: string) =>
    (await db.query('select document_id from feedbacks where reference = $1 union select document_id from complaints where reference = $1 limit 1', [ref])).rows[0].document_id as string;

  // New in her department (she is its head and a member): four intakes classified to it, two on each instance.
  const received = await Promise.all(
    [a, b, a, b].map((i, n) =>
      call(i, null, 'POST', '/api/after-sales/intake', {
        data: { kind: 'feedback', channel: 'hotline', severity: 'important', type: 'quality', customer: { name: '客户', email: `c${n}@example.cn` }, symptom: `设备无法开机 (${n + 1})` },
      })
    )
  );
  expect(received.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  for (const r of received) await eventually(async () => expect(await lenasRows('new-in-department', await documentOf(r.body.data.reference))).toHaveLength(1), 10_000);

  // Her customer replies twice on the tracking page, once through each instance at the same moment: two replies, told of each once.
  const reply = (i: Instance, message: string) => {
    const form = new FormData();
    form.set('message', message);
    return fetch(`${i.url}/after-sales/portal/track/${encodeURIComponent(reference)}/${encodeURIComponent(trackingToken)}/reply`, { method: 'POST', body: form, redirect: 'manual' });
  };
  expect((await Promise.all([reply(a, '还是有异响'), reply(b, '附上视频链接')])).map((r) => r.status)).toEqual([303, 303]);
  await eventually(async () => expect(await lenasRows('customer-replied', documentId)).toHaveLength(2), 10_000);
  expect(new Set((await lenasRows('customer-replied', documentId)).map((r) => r.dedupe_key)).size).toBe(2);

  // Two complaints (to after-sales at intake, which does not exist here: nobody told of those).
  const complaint = async (severity: string, symptom: string) => {
    const res = await call(a, null, 'POST', '/api/after-sales/intake', {
      data: { kind: 'complaint', channel: 'hotline', severity, cause: 'quality', customer: { name: '客户', email: 'complaint@example.cn' }, symptom },
    });
    expect(res.status).toBe(201);
    return documentOf(res.body.data.reference);
  };
  const [serious, minor] = await Promise.all([complaint('important', '到货即无法开机'), complaint('general', '包装破损')]);
  const act = async (i: Instance, ofDocument: string, action: string, data: Record<string, unknown> = {}, version?: number) => {
    const at = version ?? (await call(i, admin, 'GET', `/after-sales/workflows/${COMPLAINT}/${ofDocument}/actions`)).body.data.version;
    return call(i, admin, 'POST', `/after-sales/workflows/${COMPLAINT}/${ofDocument}/actions/${action}`, { version: at, data });
  };
  expect((await act(a, serious, 'verify', { orderNumber: 'SO-1', quantity: 3 })).status).toBe(200);
  expect((await act(b, serious, 'analyse')).status).toBe(200);
  const version = (await call(a, admin, 'GET', `/after-sales/workflows/${COMPLAINT}/${serious}/actions`)).body.data.version as number;
  const plan = { cause: 'quality', responsibleDepartment: technicalId, resolutionPlan: '更换整机' };
  const minorVersion = (await call(a, admin, 'GET', `/after-sales/workflows/${COMPLAINT}/${minor}/actions`)).body.data.version as number;
  const recorded = { cause: 'quality', responsibleDepartment: technicalId };
  // The plan proposed and the minor complaint recorded, each on both instances at once: one of each pair wins.
  const raced = await Promise.all([
    act(a, serious, 'propose-plan', plan, version),
    act(b, serious, 'propose-plan', plan, version),
    act(b, minor, 'record', recorded, minorVersion),
    act(a, minor, 'record', recorded, minorVersion),
  ]);
  expect([raced[0].status, raced[1].status].sort()).toEqual([200, 409]);
  expect([raced[2].status, raced[3].status].sort()).toEqual([200, 409]);
  // Waiting for her approval as technical's head; the technical department informed of the minor one.
  await eventually(async () => expect(await lenasRows('approval-waiting', serious)).toHaveLength(1), 10_000);
  await eventually(async () => expect(await lenasRows('department-informed', minor)).toHaveLength(1), 10_000);
  await sleep(1000);
  expect(await lenasRows('approval-waiting', serious)).toHaveLength(1);
  expect(await lenasRows('department-informed', minor)).toHaveLength(1);
  expect(await lenasRows('customer-replied', documentId)).toHaveLength(2);
  // Nobody else is told anything (Wei acted, and is in no department).
  const others = (await db.query('select count(*)::int as n from after_sales_notifications where recipient_id <> $1', [lenaId])).rows[0].n;
  expect(others).toBe(0);
});
