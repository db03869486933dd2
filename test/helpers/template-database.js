/**
 * A template database for the API tests: the compiled app booted once on an empty database (schema,
 * migrations, built-in seeds), so each test file starts from a copy instead of building the schema
 * again (20–30 s on PostgreSQL, 5–9 s on SQLite, per file).
 *
 *   node test/helpers/template-database.js create   (prints the template's name)
 *   node test/helpers/template-database.js drop <name>
 *
 * SQLite: a file under .tmp/test/. PostgreSQL (DATABASE_CLIENT=postgres): a database named after
 * TEST_SCHEMA_PREFIX on the server of DATABASE_URL, copied per file with CREATE DATABASE … TEMPLATE.
 * Run from jest's globalSetup/globalTeardown (test/helpers/jest-global.js); plain JavaScript so it
 * runs in its own Node process on the compiled app (dist), as `npm test` builds it.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { Client } = require('pg');

const APP_DIR = path.resolve(__dirname, '..', '..');
const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';
const serverUrl = () => process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const withDatabase = (name) => {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

/** Rows a boot leaves that belong to that boot only (job leases, rate counters); a copy starts without them. */
const VOLATILE_TABLES = ['after_sales_job_claims', 'after_sales_rate_limits', 'after_sales_idempotency_keys'];

const pgQuery = async (url, sql, params) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
};

const create = async () => {
  const id = `${process.env.TEST_SCHEMA_PREFIX ?? 'test'}_tpl_${crypto.randomBytes(3).toString('hex')}`.toLowerCase();
  const env = { NODE_ENV: 'test', SEED_DEMO: 'false', LOG_LEVEL: 'error', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RETENTION_JOB: 'off' };
  let target;
  if (isPostgres()) {
    await pgQuery(serverUrl(), `CREATE DATABASE "${id}"`);
    target = id;
    Object.assign(env, { DATABASE_URL: withDatabase(id), DATABASE_SCHEMA: 'public' });
  } else {
    const dir = path.join(APP_DIR, '.tmp', 'test');
    fs.mkdirSync(dir, { recursive: true });
    target = path.join(dir, `${id}.db`);
    env.DATABASE_FILENAME = target;
  }
  Object.assign(process.env, env);
  const { createStrapi } = require('@strapi/strapi');
  const app = await createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') }).load();
  for (const table of VOLATILE_TABLES) if (await app.db.connection.schema.hasTable(table)) await app.db.connection(table).del();
  await app.destroy();
  if (!isPostgres()) {
    // One self-contained file: fold the write-ahead log in before it is copied.
    const Database = require('better-sqlite3');
    const db = new Database(target);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  return target;
};

const drop = async (name) => {
  if (!name) return;
  if (isPostgres()) await pgQuery(serverUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  else for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${name}${suffix}`, { force: true });
};

module.exports = { create, drop, withDatabase };

if (require.main === module) {
  const [command, name] = process.argv.slice(2);
  (command === 'create' ? create().then((target) => process.stdout.write(`TEMPLATE=${target}\n`)) : drop(name))
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
