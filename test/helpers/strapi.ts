import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { Client } from 'pg';
import { nativeRequire, realProcess } from './worker-realm';

// Strapi through Node's own require, compiled once per jest worker (test/helpers/worker-realm.js).
const { createStrapi } = nativeRequire('@strapi/strapi') as typeof import('@strapi/strapi');

export const APP_DIR = path.resolve(__dirname, '..', '..');
export const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

let schemaName: string | null = null;
let databaseName: string | null = null;

/** Environment that changes what the first boot writes: such a file boots on an empty database. */
const FIRST_BOOT_ENV = ['SEED_DEMO', 'AFTER_SALES_EXTENSIONS'];

/** The PostgreSQL server's own database (DATABASE_URL as the run gave it; a file's copy changes DATABASE_URL). */
const serverUrl = () => (process.env.TEST_DATABASE_SERVER_URL ??= process.env.DATABASE_URL as string);

const pgQuery = async (sql: string) => {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/**
 * A fresh database for one test file: a copy of the run's template database (jest globalSetup,
 * test/helpers/template-database.js) when there is one, else a new SQLite file or PostgreSQL schema.
 */
const prepareDatabase = async (options: BootOptions) => {
  const id = `${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const template = process.env.AFTER_SALES_TEST_TEMPLATE;
  const useTemplate = !!template && template !== 'off' && !options.emptyDatabase && !FIRST_BOOT_ENV.some((name) => options.env?.[name] !== undefined);
  if (isPostgres() && useTemplate) {
    databaseName = `${process.env.TEST_SCHEMA_PREFIX ?? 'test'}_${id}`.toLowerCase();
    await pgQuery(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
    const url = new URL(serverUrl());
    url.pathname = `/${databaseName}`;
    process.env.DATABASE_URL = url.toString();
    process.env.DATABASE_SCHEMA = 'public';
  } else if (isPostgres()) {
    schemaName = `${process.env.TEST_SCHEMA_PREFIX ?? 'test'}_${id}`;
    await pgQuery(`CREATE SCHEMA "${schemaName}"`);
    process.env.DATABASE_SCHEMA = schemaName;
  } else {
    const dir = path.join(APP_DIR, '.tmp', 'test');
    fs.mkdirSync(dir, { recursive: true });
    process.env.DATABASE_FILENAME = path.join(dir, `${id}.db`);
    if (useTemplate) fs.copyFileSync(template as string, process.env.DATABASE_FILENAME);
  }
};

const dropDatabase = async () => {
  if (isPostgres() && databaseName) {
    await pgQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    databaseName = null;
  } else if (isPostgres() && schemaName) {
    await pgQuery(`DROP SCHEMA IF EXISTS "${schemaName}" CASCADE`);
    schemaName = null;
  } else if (process.env.DATABASE_FILENAME) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${process.env.DATABASE_FILENAME}${suffix}`, { force: true });
  }
};

export interface BootOptions {
  env?: Record<string, string>;
  /** Boot on an empty database rather than a copy of the run's template (a first boot is tested). */
  emptyDatabase?: boolean;
}

/** Boots the compiled app (run `npm run build:server` and the plugin build first; `npm test` does). */
export const bootStrapi = async (options: BootOptions = {}): Promise<Core.Strapi> => {
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';
  // The dashboard keeps figures that took 200 ms or more (stale-while-revalidate): tests read figures right
  // after writing them, and a loaded machine can take that long over a small count. Kept figures are tested
  // on their own (test/admin/dashboard-figures.test.ts).
  process.env.AFTER_SALES_DASHBOARD_CACHE_FROM_MS = process.env.AFTER_SALES_DASHBOARD_CACHE_FROM_MS || '600000';
  Object.assign(process.env, options.env ?? {});
  await prepareDatabase(options);
  noteWorkerListeners();
  const app = await createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') }).load();
  // However the test ends it (stopStrapi, or a shutdown it drives itself), the worker keeps its own listeners.
  const destroy = app.destroy.bind(app);
  app.destroy = () => destroyKeepingWorkerListeners(destroy);
  app.server.mount();
  return app;
};

type Listener = (...args: unknown[]) => void;

/**
 * `strapi.destroy()` ends with `process.removeAllListeners()`, on the jest worker's own process since Strapi is
 * loaded with Node's require (worker-realm.js): that took away the worker's IPC listener and the worker exited
 * ("crashed … exitCode=0"). While it runs, a call without an event name takes away only what was added after the
 * worker's listeners were noted, at the file's first boot.
 */
const workerListeners = new Map<string | symbol, Listener[]>();
const noteWorkerListeners = () => {
  if (workerListeners.size) return;
  for (const name of realProcess.eventNames()) workerListeners.set(name, realProcess.rawListeners(name) as Listener[]);
};
const destroyKeepingWorkerListeners = async (destroy: () => Promise<void>) => {
  const removeAll = realProcess.removeAllListeners;
  realProcess.removeAllListeners = function (this: NodeJS.Process, event?: string | symbol) {
    if (event !== undefined) return removeAll.call(this, event);
    for (const name of this.eventNames()) {
      const kept = workerListeners.get(name) ?? [];
      for (const listener of this.rawListeners(name) as Listener[]) if (!kept.includes(listener)) this.removeListener(name, listener);
    }
    return this;
  } as typeof realProcess.removeAllListeners;
  try {
    await destroy();
  } finally {
    realProcess.removeAllListeners = removeAll;
  }
};

/** The knex pool's connections in use and acquires waiting (tarn's counters), or null when there is no pool. */
const poolActivity = (app: Core.Strapi): number | null => {
  const pool = (app.db?.connection?.client as { pool?: { numUsed(): number; numPendingAcquires(): number } } | undefined)?.pool;
  return pool ? pool.numUsed() + pool.numPendingAcquires() : null;
};

/**
 * Stops the app once the work it still has in flight (an after-commit step, a job's tick, a kept figure being
 * refreshed) has let go of the database, for at most 10 s: destroying the pool under it aborts that work's
 * waiting acquire, whose rejection then fails the whole file ("aborted"), as it did on a loaded CI machine.
 */
export const stopStrapi = async (app: Core.Strapi | undefined) => {
  if (app) {
    const until = Date.now() + 10_000;
    while ((poolActivity(app) ?? 0) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    await app.destroy();
  }
  await dropDatabase();
};
