import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { createStrapi } from '@strapi/strapi';
import { Client } from 'pg';

export const APP_DIR = path.resolve(__dirname, '..', '..');
export const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

let schemaName: string | null = null;

/** A fresh database for one test file: a new SQLite file, or a new PostgreSQL schema. */
const prepareDatabase = async () => {
  const id = `${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (isPostgres()) {
    schemaName = `${process.env.TEST_SCHEMA_PREFIX ?? 'test'}_${id}`;
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schemaName}"`);
    await client.end();
    process.env.DATABASE_SCHEMA = schemaName;
  } else {
    const dir = path.join(APP_DIR, '.tmp', 'test');
    fs.mkdirSync(dir, { recursive: true });
    process.env.DATABASE_FILENAME = path.join(dir, `${id}.db`);
  }
};

const dropDatabase = async () => {
  if (isPostgres() && schemaName) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schemaName}" CASCADE`);
    await client.end();
    schemaName = null;
  } else if (process.env.DATABASE_FILENAME) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${process.env.DATABASE_FILENAME}${suffix}`, { force: true });
  }
};

export interface BootOptions {
  env?: Record<string, string>;
}

/** Boots the compiled app (run `npm run build:server` and the plugin build first; `npm test` does). */
export const bootStrapi = async (options: BootOptions = {}): Promise<Core.Strapi> => {
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';
  Object.assign(process.env, options.env ?? {});
  await prepareDatabase();
  const app = await createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') }).load();
  app.server.mount();
  return app;
};

export const stopStrapi = async (app: Core.Strapi | undefined) => {
  if (app) await app.destroy();
  await dropDatabase();
};
