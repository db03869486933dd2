import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSmtpSink } from '../helpers/smtp-sink';
import { freePorts, startPrivatePostgres } from './private-postgres';
import { Instance } from './instance';
import { DEFAULT_CALENDAR, addBusinessTime, businessTimeBetween } from '../../src/plugins/after-sales/server/src/domain/sla';

/**
 * Two instances of the built app (`strapi start`) on one private PostgreSQL, under a bounded intake
 * load with Idempotency-Key retries; meanwhile one instance is SIGKILLed and restarted, and the
 * database is restarted (immediate stop = a crash, then recovery). At the end one instance is
 * stopped with SIGTERM while requests are in flight. Then the counts are checked and printed.
 *
 * The business clock (test clock routes) runs `SPEED` times faster than real time from a Monday
 * 09:00 in Shanghai, so SLA escalations fall due during the run and are swept by both instances.
 */
const REQUESTS = Number(process.env.FAULTS_REQUESTS || 2000);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY || 100);
const SPEED = 600;
const T0 = Date.parse('2027-01-04T01:00:00Z'); // Monday 09:00 Asia/Shanghai
const ACK_TEMPLATES = ['feedback.acknowledged', 'complaint.registered'];
const SEVERITIES = ['urgent', 'important', 'general', 'suggestion'] as const;
/** The escalation levels of the shipped feedback policy (a longer, slower run reaches 'overdue' too). */
const FEEDBACK_LEVELS: { level: string; fraction: number; clocks: string[]; steps: string[] }[] = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/plugins/after-sales/server/src/extensions/sla/package.json'), 'utf8')).afterSales.contributes.slaPolicies as {
    id: string;
    escalation: { level: string; fraction: number; clocks: string[]; steps: string[] }[];
  }[]
).find((policy) => policy.id === 'feedback.default')!.escalation;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...args: unknown[]) => process.stdout.write(`[faults] ${args.join(' ')}\n`);

let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let db: Client;
let logDir: string;
const instances: Instance[] = [];

afterAll(async () => {
  for (const instance of instances) instance.kill('SIGKILL');
  await Promise.all(instances.map((i) => Promise.race([i.exit, sleep(5000)])));
  await db?.end().catch(() => undefined);
  await smtp?.close();
  pg?.stop();
  if (logDir && !process.env.FAULTS_KEEP_LOGS) fs.rmSync(logDir, { recursive: true, force: true });
  else if (logDir) log(`instance logs kept in ${logDir}`);
});

/** A connection for checks that reconnects after the database restart. */
const query = async (sql: string, params: unknown[] = []) => {
  for (let attempt = 0; ; attempt++) {
    try {
      if (!db) {
        db = new Client({ connectionString: pg.url });
        db.on('error', () => undefined);
        await db.connect();
      }
      return (await db.query(sql, params)).rows;
    } catch (error) {
      await db?.end().catch(() => undefined);
      db = undefined as unknown as Client;
      if (attempt > 20) throw error;
      await sleep(500);
    }
  }
};

interface Outcome {
  key: string;
  kind: 'feedback' | 'complaint';
  severity: string;
  attempts: number;
  statuses: number[];
  references: string[];
  created?: { reference: string; via: string };
  replays: number;
  error?: string;
}

it('two instances under load survive a SIGKILL, a database restart and a SIGTERM, and nothing is lost or done twice', async () => {
  const started = Date.now();
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-sales-faults-logs-'));
  pg = await startPrivatePostgres();
  smtp = await startSmtpSink();
  log(`private PostgreSQL 15 on 127.0.0.1:${pg.port}, SMTP sink on 127.0.0.1:${smtp.port}`);

  const env = {
    NODE_ENV: 'development',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: pg.url,
    DATABASE_POOL_MAX: '8',
    DATABASE_CONNECTION_TIMEOUT: '10000',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_IGNORE_TLS: 'true',
    SMTP_FROM: 'service@faults.example',
    AFTER_SALES_TEST_CLOCK: '1',
    AFTER_SALES_DISPATCH_INTERVAL_MS: '300',
    AFTER_SALES_DISPATCH_CONCURRENCY: '4',
    AFTER_SALES_SWEEP_INTERVAL_MS: '500',
    AFTER_SALES_IDEMPOTENCY_IN_FLIGHT_MS: '5000',
    AFTER_SALES_SHUTDOWN_TIMEOUT_MS: '20000',
    AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000000',
    AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN: '1000000',
  };
  const basePort = await freePorts(pg.port + 1000);
  const a = new Instance('a', basePort, env, logDir);
  const b = new Instance('b', basePort + 1, env, logDir);
  instances.push(a, b);

  // The first instance creates the schema; the second starts on a migrated database.
  a.start();
  await a.ready();
  a.up = true;
  b.start();
  await b.ready();
  b.up = true;
  log(`instances up on ports ${a.port} and ${b.port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const register = await fetch(`${a.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstname: 'Fault', lastname: 'Test', email: 'faults@example.test', password: 'Faults1234!' }),
  });
  expect([200, 201]).toContain(register.status);
  const adminToken: string = (await register.json()).data.token;

  // The business clock: both instances are told the same time several times a second.
  const loadStarted = Date.now();
  let clockValue = T0;
  let clockRunning = true;
  const setClock = async (instance: Instance, at: number) => {
    const res = await fetch(`${instance.url}/after-sales/test/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ now: new Date(at).toISOString() }),
      signal: AbortSignal.timeout(5000),
    });
    if (res.status !== 200) throw new Error(`clock on ${instance.name}: ${res.status}`);
  };
  await Promise.all([setClock(a, T0), setClock(b, T0)]);
  const ticker = (async () => {
    while (clockRunning) {
      clockValue = T0 + (Date.now() - loadStarted) * SPEED;
      await Promise.all(instances.filter((i) => i.up).map((i) => setClock(i, clockValue).catch(() => undefined)));
      await sleep(400);
    }
  })();

  // The load: every logical request has its own Idempotency-Key and is retried, alternating
  // instances (as a load balancer would), until it gets an answer that is not a transient failure.
  const outcomes: Outcome[] = [];
  let completed = 0;
  const pickInstance = (n: number) => {
    const live = instances.filter((i) => i.up);
    return (live.length ? live : instances)[n % (live.length || instances.length)];
  };
  const send = async (instance: Instance, key: string, body: unknown) => {
    const res = await fetch(`${instance.url}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  const submit = async (outcome: Outcome, body: unknown, index: number) => {
    const deadline = Date.now() + 120_000;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const instance = pickInstance(index + attempt);
      outcome.attempts += 1;
      try {
        const { status, json } = await send(instance, outcome.key, body);
        outcome.statuses.push(status);
        if (status === 201) {
          outcome.references.push(json.data.reference);
          return json.data.reference as string;
        }
        if (![409, 500, 502, 503, 504].includes(status)) {
          outcome.error = `${status} ${JSON.stringify(json)}`;
          return null;
        }
      } catch (error) {
        outcome.statuses.push(0);
      }
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
    outcome.error = 'gave up after 120 s of retries';
    return null;
  };

  const one = async (i: number) => {
    const kind = i % 10 === 9 ? 'complaint' : 'feedback';
    const severity = SEVERITIES[i % SEVERITIES.length];
    const key = `faults-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const body = {
      data: {
        kind,
        channel: 'website',
        severity,
        ...(kind === 'feedback' ? { type: 'quality' } : {}),
        customer: { name: `Customer ${i}`, email: `c${i}@customers.example`, locale: i % 2 ? 'en' : 'zh-Hans' },
        symptom: `Fault run item ${i}: it hums`,
      },
    };
    const outcome: Outcome = { key, kind, severity, attempts: 0, statuses: [], references: [], replays: 0 };
    outcomes.push(outcome);
    // One in twenty is sent twice at once, to both instances: a client that double-submits.
    const reference = i % 20 === 7 ? (await Promise.all([submit(outcome, body, i), submit(outcome, body, i + 1)]))[0] : await submit(outcome, body, i);
    if (reference) outcome.created = { reference, via: 'load' };
    // One in seven repeats the request after its answer (a client that did not get it).
    if (reference && i % 7 === 3) {
      outcome.replays += 1;
      await submit(outcome, body, i + 1);
    }
    completed += 1;
  };

  let next = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) await one(next++);
  });

  // The faults, at fixed points of the progress.
  const faults = (async () => {
    const at = async (fraction: number) => {
      while (completed < REQUESTS * fraction) await sleep(100);
    };
    await at(0.15);
    const rows = await query("SELECT count(*)::int AS n FROM after_sales_outbox WHERE status = 'sending' AND lease_owner LIKE $1", [`%:${b.pid}:%`]);
    const bPid = b.pid;
    b.kill('SIGKILL');
    const killedAt = Date.now();
    // Rows leased by the killed instance: sent or not, nobody knows: the only ones allowed a repeat.
    const inDoubt = (await query("SELECT id FROM after_sales_outbox WHERE status = 'sending' AND lease_owner LIKE $1", [`%:${bPid}:%`])).map((r) => Number(r.id));
    log(`SIGKILL b (pid ${bPid}) at ${completed}/${REQUESTS} answered; ${inDoubt.length} outbox row(s) leased by it (${rows[0].n} a moment before)`);
    await b.exit;
    await sleep(1000);
    b.start();
    await b.ready();
    await setClock(b, T0 + (Date.now() - loadStarted) * SPEED);
    b.up = true;
    log(`b restarted (pid ${b.pid}) ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    await at(0.55);
    const restartStarted = Date.now();
    pg.restart();
    const restartEnded = Date.now();
    // Rows still leased once the database is back: a message whose SMTP transaction had completed while the
    // database was down could not be recorded as sent, and goes out again when its lease runs out (in doubt
    // as a killed sender's are; rows leased since the restart are counted too, which only allows a repeat).
    // Such a row may already have been given back by then; the copies that reached the SMTP sink while the
    // database was down (between restartStarted and restartEnded) are in doubt too (`sentWhileDatabaseDown` below).
    const inDoubtAtRestart = (await query("SELECT id FROM after_sales_outbox WHERE status = 'sending'")).map((r) => Number(r.id));
    log(
      `PostgreSQL restarted (immediate stop, crash recovery) at ${completed}/${REQUESTS} answered, in ${((Date.now() - restartStarted) / 1000).toFixed(1)} s; ${inDoubtAtRestart.length} outbox row(s) leased then`
    );
    return { inDoubt: new Set(inDoubt), inDoubtAtRestart: new Set(inDoubtAtRestart), bKilledPid: bPid, killedAt, restartStarted, restartEnded };
  })();

  await Promise.all(workers);
  const { inDoubt, inDoubtAtRestart, killedAt, restartStarted, restartEnded } = await faults;
  log(`load done: ${REQUESTS} requests, ${outcomes.reduce((n, o) => n + o.attempts, 0)} attempts, in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

  // Graceful shutdown: SIGTERM a while requests are in flight on it; clients retry on b.
  const burst = Array.from({ length: 40 }, (_, k) => REQUESTS + k);
  const aPid = a.pid;
  const aExit = a.exit!;
  const burstDone = Promise.all(burst.map((i) => one(i)));
  await sleep(150);
  const termAt = Date.now();
  a.kill('SIGTERM');
  const aResult = await aExit;
  const aStopMs = Date.now() - termAt;
  await burstDone;
  const aLeft = await query("SELECT count(*)::int AS n FROM after_sales_outbox WHERE status = 'sending' AND lease_owner LIKE $1", [`%:${aPid}:%`]);
  log(`SIGTERM a: exited with code ${aResult.code} after ${aStopMs} ms; outbox rows still leased by it: ${aLeft[0].n}`);
  expect(aResult).toEqual({ code: 0, signal: null });
  expect(aLeft[0].n).toBe(0);

  // Let the clock run out the window, then let b sweep and dispatch everything due.
  clockRunning = false;
  await ticker;
  const windowEnd = clockValue + 10 * 60_000;
  await setClock(b, windowEnd);
  const settleDeadline = Date.now() + 180_000;
  let pending: { outbox: number; due: number } = { outbox: -1, due: -1 };
  while (Date.now() < settleDeadline) {
    const [o] = await query("SELECT count(*)::int AS n FROM after_sales_outbox WHERE status IN ('pending', 'sending', 'held')");
    const [d] = await query('SELECT count(*)::int AS n FROM after_sales_sla_clocks WHERE next_escalation_at <= $1', [new Date(windowEnd).toISOString()]);
    pending = { outbox: o.n, due: d.n };
    if (!o.n && !d.n) break;
    await sleep(500);
  }
  log(`settled: outbox rows not final ${pending.outbox}, escalations still due ${pending.due}`);

  // ---- the counts ----
  const all = outcomes;
  const failed = all.filter((o) => !o.created);
  const createdRefs = all.filter((o) => o.created).map((o) => o.created!.reference);
  const inconsistent = all.filter((o) => new Set(o.references).size > 1);
  const retriedKeys = all.filter((o) => o.attempts > 1);
  const items = await query('SELECT reference, count(*)::int AS n FROM (SELECT reference FROM feedbacks UNION ALL SELECT reference FROM complaints) r GROUP BY reference');
  const inDb = new Map(items.map((r) => [r.reference as string, r.n as number]));
  const missing = createdRefs.filter((r) => !inDb.has(r));
  const twice = [...inDb.entries()].filter(([, n]) => n > 1);
  const orphans = [...inDb.keys()].filter((r) => !createdRefs.includes(r));

  const acks = await query(`SELECT id, reference, status, attempts FROM after_sales_outbox WHERE template_key = ANY($1)`, [ACK_TEMPLATES]);
  const sentRows = await query("SELECT id, template_key FROM after_sales_outbox WHERE status = 'sent'");
  // The outbox row a delivered message came from (its Message-ID names it), or 0.
  const outboxIdOf = (mail: { raw: string }) => Number(/^Message-ID: <outbox\.(\d+)\./im.exec(mail.raw)?.[1] ?? 0);
  const deliveries = new Map<number, number>();
  // When a message's first copy reached the sink (to tell those sent while the database was down).
  const firstArrival = new Map<number, number>();
  for (const mail of smtp.received) {
    const id = outboxIdOf(mail);
    if (!id) continue;
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    if (!(firstArrival.get(id)! <= mail.at)) firstArrival.set(id, mail.at);
  }
  const acksPerItem = new Map<string, number>();
  for (const row of acks) acksPerItem.set(row.reference, (acksPerItem.get(row.reference) ?? 0) + 1);
  const ackNotSent = acks.filter((r) => r.status !== 'sent');
  const ackNotDelivered = acks.filter((r) => !deliveries.get(Number(r.id)));
  const repeated = [...deliveries.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  // A message's first copy that reached the sink while the database was down: its sender could not record it.
  const sentWhileDatabaseDown = (id: number) => firstArrival.get(id)! >= restartStarted && firstArrival.get(id)! <= restartEnded;
  const notLeasedAtFaults = repeated.filter((id) => !inDoubt.has(id) && !inDoubtAtRestart.has(id));
  const unexplained = notLeasedAtFaults.filter((id) => !sentWhileDatabaseDown(id));
  const sentNotDelivered = sentRows.filter((r) => !deliveries.get(Number(r.id)));

  // SLA: the oracle recomputes, from each stored item, which escalation steps fell due by the window end.
  const feedbacks = await query('SELECT document_id, reference, state, severity, created_at, acknowledge_by, acknowledged_at, resolve_by, resolved_at, sla_paused_at FROM feedbacks');
  // The two clocks this run predicts (the manual's other clocks escalate by their own rules, tested in
  // test/sla/manual-clocks.test.ts); every marker row is unique by construction either way.
  const markers = await query("SELECT document_id, clock, level, step FROM after_sales_escalations WHERE content_type = 'api::feedback.feedback' AND clock IN ('acknowledgeBy', 'resolveBy')");
  const audits = await query("SELECT document_id, note, count(*)::int AS n FROM after_sales_audit_events WHERE action = 'escalate' GROUP BY document_id, note");
  const severityOf = new Map(all.filter((o) => o.created).map((o) => [o.created!.reference, o.severity]));
  const expected = new Set<string>();
  for (const f of feedbacks) {
    const created = new Date(f.created_at);
    const clocks: [string, Date | null, boolean][] = [
      ['acknowledgeBy', f.acknowledge_by ? new Date(f.acknowledge_by) : null, !f.acknowledged_at],
      ['resolveBy', f.resolve_by ? new Date(f.resolve_by) : null, !f.resolved_at && !f.sla_paused_at],
    ];
    for (const [clock, due, running] of clocks) {
      if (!due || !running) continue;
      const budget = businessTimeBetween(DEFAULT_CALENDAR, created, due);
      // Each level of the shipped policy: before the due time at its fraction of the budget, at or after it from there on.
      for (const level of FEEDBACK_LEVELS.filter((l) => l.clocks.includes(clock))) {
        const atFraction = budget > 0 ? addBusinessTime(DEFAULT_CALENDAR, created, budget * level.fraction).getTime() : due.getTime();
        const at = level.fraction === 1 ? due.getTime() : level.fraction < 1 ? Math.min(atFraction, due.getTime()) : Math.max(atFraction, due.getTime());
        if (at <= windowEnd) for (const step of level.steps) expected.add(`${f.document_id}:${clock}:${level.level}:${step}`);
      }
    }
  }
  const done = new Set(markers.map((m) => `${m.document_id}:${m.clock}:${m.level}:${m.step}`));
  const escalationMissing = [...expected].filter((k) => !done.has(k));
  const escalationExtra = [...done].filter((k) => !expected.has(k));
  const auditTwice = audits.filter((r) => r.n > 1);
  // Escalation never changes the classification: every item keeps the severity it came in with.
  const wrongSeverity = feedbacks.filter((f) => {
    const original = severityOf.get(f.reference);
    return original && f.severity !== original;
  });
  const escalationAudits = audits.reduce((n, r) => n + r.n, 0);

  const counts = {
    requests: all.length,
    attempts: all.reduce((n, o) => n + o.attempts, 0),
    transientFailuresRetried: all.reduce((n, o) => n + o.statuses.filter((s) => s !== 201 && s !== 409).length, 0),
    conflicts409: all.reduce((n, o) => n + o.statuses.filter((s) => s === 409).length, 0),
    answered201: createdRefs.length,
    failedRequests: failed.length,
    keysRetried: retriedKeys.length,
    keysRepeatedAfterAnswer: all.filter((o) => o.replays).length,
    keysWithDifferentAnswers: inconsistent.length,
    itemsInDb: inDb.size,
    answeredButMissing: missing.length,
    storedTwice: twice.length,
    storedWithoutAnswer: orphans.length,
    acknowledgements: acks.length,
    itemsWithoutOneAck: createdRefs.filter((r) => acksPerItem.get(r) !== 1).length,
    acksNotSent: ackNotSent.length,
    acksNotDelivered: ackNotDelivered.length,
    outboxSent: sentRows.length,
    sentNotDelivered: sentNotDelivered.length,
    smtpMessages: smtp.received.length,
    deliveredMoreThanOnce: repeated.length,
    inDoubtAtKill: inDoubt.size,
    inDoubtAtDatabaseRestart: inDoubtAtRestart.size,
    repeatsFirstSentWhileDatabaseDown: notLeasedAtFaults.length - unexplained.length,
    repeatsNotExplained: unexplained.length,
    escalationsDue: expected.size,
    escalationsDone: done.size,
    escalationsMissing: escalationMissing.length,
    escalationsNotDue: escalationExtra.length,
    escalationAuditEvents: escalationAudits,
    escalationAuditedTwice: auditTwice.length,
    severityWrong: wrongSeverity.length,
    windowEnd: new Date(windowEnd).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  log(`counts ${JSON.stringify(counts, null, 2)}`);
  if (unexplained.length) {
    // What the next look needs: each such row as stored, and when each copy arrived, next to the faults' times.
    const rows = await query('SELECT id, status, attempts, last_error, sent_at, lease_owner FROM after_sales_outbox WHERE id = ANY($1)', [unexplained]);
    const arrivals = smtp.received
      .filter((mail) => unexplained.includes(outboxIdOf(mail)))
      .map((mail) => ({ id: outboxIdOf(mail), sinceKillMs: mail.at - killedAt, sinceRestartMs: mail.at - restartStarted, sinceTermMs: mail.at - termAt }));
    log(`repeats not explained: rows ${JSON.stringify(rows)}; arrivals ${JSON.stringify(arrivals)}`);
  }
  if (failed.length) log(`failed examples: ${JSON.stringify(failed.slice(0, 5).map((o) => ({ key: o.key, statuses: o.statuses, error: o.error })))}`);
  // Two answers naming one reference: an answered item was lost and its number handed out again.
  const shared = all.filter((o) => o.created && createdRefs.indexOf(o.created.reference) !== createdRefs.lastIndexOf(o.created.reference));
  if (shared.length) log(`references answered twice: ${JSON.stringify(shared.map((o) => ({ key: o.key, reference: o.created!.reference, statuses: o.statuses })))}`);
  if (escalationMissing.length || escalationExtra.length) log(`escalation differences: missing ${escalationMissing.slice(0, 5)} extra ${escalationExtra.slice(0, 5)}`);

  expect(pending).toEqual({ outbox: 0, due: 0 });
  expect(failed.map((o) => ({ key: o.key, error: o.error }))).toEqual([]);
  expect(inconsistent).toEqual([]);
  expect(missing).toEqual([]);
  expect(twice).toEqual([]);
  expect(orphans).toEqual([]);
  expect(shared).toEqual([]);
  expect(inDb.size).toBe(createdRefs.length);
  expect(counts.itemsWithoutOneAck).toBe(0);
  expect(ackNotSent).toEqual([]);
  expect(ackNotDelivered).toEqual([]);
  expect(sentNotDelivered).toEqual([]);
  expect(unexplained).toEqual([]);
  expect(expected.size).toBeGreaterThan(0);
  expect(escalationMissing).toEqual([]);
  expect(escalationExtra).toEqual([]);
  expect(auditTwice).toEqual([]);
  expect(wrongSeverity.map((f) => f.reference)).toEqual([]);

  // The last instance stops cleanly too.
  const bExit = b.exit!;
  b.kill('SIGTERM');
  const bResult = await bExit;
  log(`SIGTERM b: exited with code ${bResult.code}`);
  expect(bResult).toEqual({ code: 0, signal: null });
});
