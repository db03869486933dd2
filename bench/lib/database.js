'use strict';
/**
 * The benchmark's own database: on PostgreSQL a database of its own (bench_after_sales by default,
 * recreated schema `public`), on SQLite a file under .tmp/bench. Never the development database.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const APP_DIR = path.resolve(__dirname, '..', '..');

const postgresUrl = (database) => {
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bench_after_sales');
  if (database) url.pathname = `/${database}`;
  return url.toString();
};

const target = (dialect) =>
  dialect === 'postgres'
    ? { dialect, url: postgresUrl(), env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: 'public' } }
    : { dialect, filename: path.join(APP_DIR, '.tmp', 'bench', 'bench.db'), env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(APP_DIR, '.tmp', 'bench', 'bench.db') } };

/** Creates the database if needed and empties it, so every run starts from the same state. */
const resetDatabase = async (db) => {
  if (db.dialect === 'postgres') {
    const name = new URL(db.url).pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
    const admin = new Client({ connectionString: postgresUrl('postgres') });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.end();
  } else {
    fs.mkdirSync(path.dirname(db.filename), { recursive: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${db.filename}${suffix}`, { force: true });
  }
};

/** Drops the big data when the run is over (the database itself stays, empty). */
const dropData = async (db) => {
  if (db.dialect === 'postgres') {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.end();
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${db.filename}${suffix}`, { force: true });
  }
};

module.exports = { APP_DIR, target, resetDatabase, dropData };
