import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';
import { installGracefulShutdown } from '../../src/plugins/after-sales/server/src/shutdown';

// better-sqlite3 ships no type declarations; the two calls used here are typed locally.
type SqliteFile = { prepare(sql: string): { all(...params: unknown[]): any[] }; close(): void };
const Database: new (file: string, options?: { readonly?: boolean }) => SqliteFile = require('better-sqlite3');

/**
 * Graceful shutdown (what SIGTERM does in production), driven in-process: a request whose body is
 * still arriving when the shutdown starts is finished and answered, a new connection is refused,
 * this instance's outbox leases are given back, Strapi is destroyed and the exit code is 0.
 * The signal handlers are not installed here (jest owns the process's signals); the test calls the
 * same `shutdown` the SIGTERM handler calls.
 */
let strapi: Core.Strapi;
let port: number;
const INTAKE = '/api/after-sales/intake';
const payload = (symptom: string) => JSON.stringify({ data: { kind: 'feedback', channel: 'website', customer: { name: 'Jonas', email: 'jonas@example.de' }, symptom } });

/** The database as another process would see it, once Strapi's pool is closed. */
const readAfterwards = async (sql: string, params: unknown[]): Promise<any[]> => {
  if (isPostgres()) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${process.env.DATABASE_SCHEMA}"`);
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params
        )
      ).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Database(process.env.DATABASE_FILENAME as string, { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
};

/** Starts a POST whose body is sent in two halves; `finish()` sends the rest; `response` is the answer. */
const slowPost = (path: string, body: string) => {
  let resolveAnswer: (answer: { status: number; headers: http.IncomingHttpHeaders; body: string }) => void;
  let rejectAnswer: (error: Error) => void;
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    resolveAnswer = resolve;
    rejectAnswer = reject;
  });
  const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
  });
  req.on('error', (error) => rejectAnswer(error));
  req.write(body.slice(0, 20));
  return { response, finish: () => req.end(body.slice(20)) };
};

const connectionRefused = () =>
  new Promise<string>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/after-sales/health', agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });

beforeAll(async () => {
  // Email configured (nothing is sent: the dispatcher is off), so the acknowledgement waits in the
  // outbox to be leased instead of failing at once for want of a channel.
  strapi = await bootStrapi({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: '2', SMTP_FROM: 'service@example.cn', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' },
  });
  const server = strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  // Strapi was destroyed by the shutdown; only the test database is left to drop.
  await stopStrapi(undefined);
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_DISPATCHER', 'AFTER_SALES_SCHEDULER']) delete process.env[key];
});

it('SIGTERM: the request in flight is answered, new connections are refused, leases are released, exit code 0', async () => {
  // A message leased by this instance, as if the dispatcher were sending it when the signal came.
  const before = slowPost(INTAKE, payload('first, before the shutdown'));
  before.finish();
  const first = await before.response;
  expect(first.status).toBe(201);
  const firstReference = JSON.parse(first.body).data.reference as string;
  const leased = await strapi.plugin('after-sales').service('outbox').claim(100);
  expect(leased.map((row: any) => row.reference)).toContain(firstReference);

  const exits: number[] = [];
  const graceful = installGracefulShutdown(strapi, { exit: (code) => exits.push(code), handleSignals: false });
  expect(graceful).not.toBeNull();

  const inFlight = slowPost(INTAKE, payload('second, in flight during the shutdown'));
  for (let i = 0; i < 100 && graceful!.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(graceful!.inFlight()).toBe(1);

  const stopping = graceful!.shutdown('SIGTERM');
  expect(await connectionRefused()).toBe('ECONNREFUSED');
  expect(exits).toEqual([]);

  inFlight.finish();
  const answer = await inFlight.response;
  expect(answer.status).toBe(201);
  expect(answer.headers.connection).toBe('close');
  const secondReference = JSON.parse(answer.body).data.reference as string;

  await stopping;
  expect(exits).toEqual([0]);

  const items = await readAfterwards('SELECT reference FROM feedbacks WHERE reference IN (?, ?) ORDER BY reference', [firstReference, secondReference]);
  expect(items.map((r) => r.reference).sort()).toEqual([firstReference, secondReference].sort());
  const [outbox] = await readAfterwards('SELECT status, lease_owner FROM after_sales_outbox WHERE reference = ?', [firstReference]);
  expect(outbox).toEqual({ status: 'pending', lease_owner: null });
});
