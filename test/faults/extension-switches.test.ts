import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, startPrivatePostgres } from './private-postgres';
import { Instance } from './instance';

/**
 * Extension on/off switches reach every instance: two instances of the built app on one private
 * PostgreSQL; an extension switched off through the admin of one is off on the other within one
 * poll interval (`AFTER_SALES_EXTENSION_POLL_MS`), and switched back on the same way.
 */
const POLL_MS = 1000;
/** Time for the requests themselves, on top of the poll interval (2 shared cores). */
const SLACK_MS = 1000;
const EXTENSION = 'after-sales.complaint-workflow';
const COMPLAINT = 'api::complaint.complaint';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
let logDir: string;
const instances: Instance[] = [];

afterAll(async () => {
  for (const instance of instances) instance.kill('SIGKILL');
  await Promise.all(instances.map((i) => Promise.race([i.exit, sleep(5000)])));
  pg?.stop();
  if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
});

it('an extension switched off on one instance is off on the other within one poll interval, and back on', async () => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-sales-switches-logs-'));
  pg = await startPrivatePostgres(Number(process.env.FAULTS_PG_PORT || 55432) + 50);
  const env = {
    NODE_ENV: 'development',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: pg.url,
    DATABASE_POOL_MAX: '4',
    AFTER_SALES_EXTENSION_POLL_MS: String(POLL_MS),
    AFTER_SALES_DISPATCHER: 'off',
    AFTER_SALES_SCHEDULER: 'off',
    AFTER_SALES_RETENTION_JOB: 'off',
  };
  const basePort = await freePorts(pg.port + 1100);
  const a = new Instance('a', basePort, env, logDir);
  const b = new Instance('b', basePort + 1, env, logDir);
  instances.push(a, b);
  a.start();
  await a.ready();
  b.start();
  await b.ready();

  const register = await fetch(`${a.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstname: 'Switch', lastname: 'Test', email: 'switches@example.test', password: 'Switches1234!' }),
  });
  expect([200, 201]).toContain(register.status);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${(await register.json()).data.token}` };

  const stateOn = async (instance: Instance) => {
    const res = await fetch(`${instance.url}/after-sales/extensions`, { headers });
    expect(res.status).toBe(200);
    return ((await res.json()).data as { id: string; state: string }[]).find((e) => e.id === EXTENSION)!.state;
  };
  const actionsStatus = async (instance: Instance, documentId: string) => (await fetch(`${instance.url}/after-sales/workflows/${COMPLAINT}/${documentId}/actions`, { headers })).status;
  /** Polls `instance` until `state` shows; returns how long it took from `since`. */
  const waitFor = async (instance: Instance, state: (s: string) => boolean, since: number) => {
    while (Date.now() - since < 10 * POLL_MS) {
      if (state(await stateOn(instance))) return Date.now() - since;
      await sleep(50);
    }
    throw new Error(`${instance.name} did not show the switch within ${10 * POLL_MS} ms`);
  };

  const intake = await fetch(`${a.url}/api/after-sales/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: { kind: 'complaint', channel: 'website', severity: 'general', customer: { name: 'Switch Customer', email: 'switch@customers.example' }, symptom: 'The switch test hums' },
    }),
  });
  expect(intake.status).toBe(201);
  const reference = (await intake.json()).data.reference as string;
  const db = new Client({ connectionString: pg.url });
  await db.connect();
  const { rows } = await db.query('SELECT document_id FROM complaints WHERE reference = $1', [reference]);
  await db.end();
  const documentId = rows[0].document_id as string;

  expect(await stateOn(b)).toMatch(/^(active|inactive)$/);
  expect(await actionsStatus(b, documentId)).toBe(200);

  // Off on A: B refuses the workflow's actions within one interval.
  const offAt = Date.now();
  const off = await fetch(`${a.url}/after-sales/extensions/${EXTENSION}`, { method: 'PUT', headers, body: JSON.stringify({ enabled: false }) });
  expect(off.status).toBe(200);
  expect((await off.json()).data.state).toBe('disabled');
  const offTook = await waitFor(b, (s) => s === 'disabled', offAt);
  expect(offTook).toBeLessThanOrEqual(POLL_MS + SLACK_MS);
  expect(await actionsStatus(b, documentId)).toBe(404);

  // On again, this time on B: A offers the actions again within one interval.
  const onAt = Date.now();
  const on = await fetch(`${b.url}/after-sales/extensions/${EXTENSION}`, { method: 'PUT', headers, body: JSON.stringify({ enabled: true }) });
  expect(on.status).toBe(200);
  const onTook = await waitFor(a, (s) => s !== 'disabled', onAt);
  expect(onTook).toBeLessThanOrEqual(POLL_MS + SLACK_MS);
  expect(await actionsStatus(a, documentId)).toBe(200);
  process.stdout.write(`[switches] off reached the other instance after ${offTook} ms, on after ${onTook} ms (poll ${POLL_MS} ms)\n`);
});
