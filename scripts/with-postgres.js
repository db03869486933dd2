#!/usr/bin/env node
/**
 * Runs a command against PostgreSQL: DATABASE_CLIENT=postgres, DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test). Each test file creates its own schema under a prefix
 * unique to this run (a copy of the run's template database, or a schema); whatever is left under that
 * prefix is dropped afterwards.
 *   node scripts/with-postgres.js <command> [args...]
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const { Client } = require('pg');

const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const prefix = `t${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;

const dropRunSchemas = async () => {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${prefix}%`]);
  for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  // Test files copy the run's template database (test/helpers/template-database.js), both named after the prefix.
  const databases = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
  for (const { datname } of databases.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
  return rows.length + databases.rows.length;
};

(async () => {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    console.error(`PostgreSQL is not reachable at ${url}: ${error.message}`);
    console.error('Start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start) or set DATABASE_URL.');
    process.exit(1);
  }
  const [command, ...args] = process.argv.slice(2);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, DATABASE_CLIENT: 'postgres', DATABASE_URL: url, TEST_SCHEMA_PREFIX: prefix },
  });
  const dropped = await dropRunSchemas();
  if (dropped) console.log(`dropped ${dropped} leftover test database(s) and schema(s)`);
  process.exit(result.status ?? 1);
})();
