'use strict';
/**
 * The machine's limit for intake (issue 23 item 6): bare Node (node:http) and a `pg` Pool of the
 * app's size, one INSERT of the request's body per request into a scratch table. Forked by
 * bench/run.js next to the app's server and hit with the same autocannon settings as intake; the
 * table is dropped when it stops. Not meant to be run by hand.
 */
const http = require('node:http');
const { Pool } = require('pg');

const TABLE = 'bench_raw_limit';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX || 10) });

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    pool.query(`INSERT INTO ${TABLE} (body) VALUES ($1) RETURNING id`, [Buffer.concat(chunks).toString() || '{}']).then(
      ({ rows }) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { id: rows[0].id } }));
      },
      (error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error.message));
      }
    );
  });
});

process.on('SIGTERM', async () => {
  server.close();
  await pool.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => null);
  await pool.end();
  process.exit(0);
});

(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await pool.query(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send({ ready: true }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
