import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, startPrivatePostgres } from './private-postgres';
import { Instance } from './instance';
import { startDovecot, rawMail, type Dovecot } from '../helpers/dovecot';

/**
 * The inbound mailbox across instances and crashes: two instances of the built app on one private
 * PostgreSQL read one dovecot mailbox. Both run the poll job every second and are asked to poll at
 * the same time besides; a burst of 200 new emails becomes 200 items, none lost and none twice.
 * Then an instance is SIGKILLed while it holds an import between writing it and committing it
 * (`AFTER_SALES_IMAP_TEST_HOLD_MS`, test clock builds only): nothing of it is left, the message
 * is not flagged, and after the restart it is imported exactly once.
 */
const BURST = Number(process.env.FAULTS_MAILBOX_BURST || 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
let dovecot: Dovecot;
let logDir: string;
let db: Client;
const instances: Instance[] = [];

afterAll(async () => {
  for (const instance of instances) instance.kill('SIGKILL');
  await Promise.all(instances.map((i) => Promise.race([i.exit, sleep(5000)])));
  await db?.end().catch(() => undefined);
  pg?.stop();
  await dovecot?.stop();
  if (logDir && !process.env.FAULTS_KEEP_LOGS) fs.rmSync(logDir, { recursive: true, force: true });
});

it('two instances import a burst exactly once; a kill between import and commit imports the message once after restart', async () => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-sales-mailbox-logs-'));
  pg = await startPrivatePostgres(Number(process.env.FAULTS_PG_PORT || 55432) + 60);
  dovecot = await startDovecot();
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
    ...dovecot.env,
    AFTER_SALES_IMAP_POLL_SECONDS: '1',
    AFTER_SALES_IMAP_BATCH: '25',
  };
  const basePort = await freePorts(pg.port + 1200, 4);
  const a = new Instance('a', basePort, env, logDir);
  const b = new Instance('b', basePort + 1, env, logDir);
  instances.push(a, b);
  a.start();
  await a.ready();
  b.start();
  await b.ready();
  await db.connect();

  const register = await fetch(`${a.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstname: 'Mail', lastname: 'Test', email: 'mailbox@example.test', password: 'Mailbox1234!' }),
  });
  expect([200, 201]).toContain(register.status);
  const headers = { authorization: `Bearer ${(await register.json()).data.token}` };
  const poll = (instance: Instance) => fetch(`${instance.url}/after-sales/mailbox/poll`, { method: 'POST', headers }).then((r) => r.status);

  // The burst: every email a new conversation of its own.
  const ids = Array.from({ length: BURST }, (_, i) => `<burst.${i}@customers.example>`);
  const uids = await dovecot.deliverMany(
    ids.map((messageId, i) => rawMail({ from: `customer${i % 40}@customers.example`, subject: `净化器问题 ${i}`, text: `第 ${i} 封邮件:风扇有异响。`, messageId }))
  );
  expect(uids).toHaveLength(BURST);

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);
  const started = Date.now();
  // Besides their jobs, both instances are asked to poll at the same moment, again and again.
  while ((await count('SELECT count(*) AS n FROM after_sales_mailbox_messages')) < BURST) {
    if (Date.now() - started > 8 * 60_000) throw new Error(`only ${await count('SELECT count(*) AS n FROM after_sales_mailbox_messages')} of ${BURST} imported`);
    const statuses = await Promise.all([poll(a), poll(b)]);
    expect(statuses).toEqual([200, 200]);
  }
  const tookMs = Date.now() - started;

  const rows = (await db.query('SELECT uid, message_id, outcome, owner, document_id FROM after_sales_mailbox_messages')).rows as {
    uid: string;
    message_id: string;
    outcome: string;
    owner: string;
    document_id: string;
  }[];
  expect(rows).toHaveLength(BURST);
  expect(new Set(rows.map((r) => Number(r.uid)))).toEqual(new Set(uids));
  expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(ids));
  expect(rows.every((r) => r.outcome === 'created')).toBe(true);
  expect(new Set(rows.map((r) => r.document_id)).size).toBe(BURST);
  expect(await count("SELECT count(*) AS n FROM feedbacks WHERE channel = 'email'")).toBe(BURST);
  expect(await count("SELECT count(DISTINCT external_id) AS n FROM after_sales_thread_entries WHERE external_id LIKE '<burst.%'")).toBe(BURST);
  expect(await count("SELECT count(*) AS n FROM after_sales_thread_entries WHERE external_id LIKE '<burst.%'")).toBe(BURST);
  // Every item was acknowledged once.
  expect(await count("SELECT count(*) AS n FROM after_sales_outbox WHERE template_key = 'feedback.acknowledged'")).toBe(BURST);
  const owners = new Set(rows.map((r) => r.owner.split(':').slice(0, 2).join(':')));
  process.stdout.write(`[mailbox] ${BURST} messages imported in ${tookMs} ms by ${owners.size} instance(s)\n`);
  // Flags follow the commits (the next polls flag what a poll had imported).
  await Promise.all([poll(a), poll(b)]);
  const flags = await dovecot.flags();
  expect(uids.filter((uid) => !flags.get(uid)?.includes('\\Seen'))).toEqual([]);

  // The kill: B stops; A restarts holding each import 60 s before its commit, and is killed there.
  b.kill('SIGKILL');
  a.kill('SIGKILL');
  await Promise.all([a.exit, b.exit]);
  const held = new Instance('a-held', basePort + 2, { ...env, AFTER_SALES_IMAP_POLL_SECONDS: '3600', AFTER_SALES_IMAP_TEST_HOLD_MS: '60000' }, logDir);
  instances.push(held);
  held.start();
  await held.ready();
  const [victimUid] = await dovecot.deliverMany([rawMail({ from: 'victim@customers.example', subject: '被中断的导入', text: '这封邮件在提交前被中断。', messageId: '<victim@customers.example>' })]);
  void poll(held).catch(() => undefined);
  const holdDeadline = Date.now() + 60_000;
  while (!/holding UID \d+ before commit/.test(held.logTail(200))) {
    if (Date.now() > holdDeadline) throw new Error(`the held instance never reached the commit: ${held.logTail()}`);
    await sleep(100);
  }
  held.kill('SIGKILL');
  expect((await held.exit)?.signal).toBe('SIGKILL');
  // Nothing of the interrupted import is left, and the message is not flagged.
  expect(await count('SELECT count(*) AS n FROM after_sales_mailbox_messages WHERE uid = $1', [victimUid])).toBe(0);
  expect(await count("SELECT count(*) AS n FROM after_sales_thread_entries WHERE external_id = '<victim@customers.example>'")).toBe(0);
  expect(await count("SELECT count(*) AS n FROM feedbacks WHERE channel = 'email'")).toBe(BURST);
  expect((await dovecot.flags()).get(victimUid)).not.toContain('\\Seen');

  const restarted = new Instance('a-restarted', basePort + 3, { ...env, AFTER_SALES_IMAP_POLL_SECONDS: '3600' }, logDir);
  instances.push(restarted);
  restarted.start();
  await restarted.ready();
  expect(await poll(restarted)).toBe(200);
  expect(await poll(restarted)).toBe(200);
  expect(await count('SELECT count(*) AS n FROM after_sales_mailbox_messages WHERE uid = $1', [victimUid])).toBe(1);
  expect(await count("SELECT count(*) AS n FROM after_sales_thread_entries WHERE external_id = '<victim@customers.example>'")).toBe(1);
  expect(await count("SELECT count(*) AS n FROM feedbacks WHERE channel = 'email'")).toBe(BURST + 1);
  expect((await dovecot.flags()).get(victimUid)).toContain('\\Seen');
  restarted.kill('SIGTERM');
});
