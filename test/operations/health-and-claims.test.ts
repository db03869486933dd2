import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { startSmtpSink } from '../helpers/smtp-sink';

/**
 * Running several instances: the public health and readiness probes, Idempotency-Key claims that
 * survive a dead instance, and outbox leases on the wall clock with a stable Message-ID.
 */
let strapi: Core.Strapi;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const http = () => request(strapi.server.httpServer);
const service = (name: string) => strapi.plugin('after-sales').service(name);
const INTAKE = '/api/after-sales/intake';
const body = (symptom = 'The purifier hums') => ({ data: { kind: 'feedback', channel: 'website', customer: { name: 'Anna', email: 'anna@example.de' }, symptom } });
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await strapi.db.connection(table).where(where).count({ n: '*' }))[0].n);

beforeAll(async () => {
  smtp = await startSmtpSink();
  strapi = await bootStrapi({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'service@example.cn',
      AFTER_SALES_DISPATCHER: 'off',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
      AFTER_SALES_IDEMPOTENCY_IN_FLIGHT_MS: '5000',
    },
  });
});
afterAll(async () => {
  await stopStrapi(strapi);
  await smtp.close();
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_DISPATCHER', 'AFTER_SALES_IDEMPOTENCY_IN_FLIGHT_MS']) delete process.env[key];
});

describe('health and readiness probes', () => {
  it('liveness answers 200 without credentials, and says nothing else', async () => {
    const res = await http().get('/api/after-sales/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { status: 'ok' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('readiness answers 200 with its checks when the database is reachable, migrated and the extensions loaded', async () => {
    const res = await http().get('/api/after-sales/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { status: 'ready', checks: { database: 'ok', migrations: 'ok', extensions: 'ok' } } });
  });

  it('readiness answers 503 when a migration is not applied, and 200 again once it is', async () => {
    const table = 'after_sales_plugin_migrations';
    const row = await strapi.db.connection(table).where({ name: '0014-idempotency-claims' }).first();
    expect(row).toBeDefined();
    await strapi.db.connection(table).where({ id: row.id }).del();
    try {
      const res = await http().get('/api/after-sales/ready');
      expect(res.status).toBe(503);
      expect(res.body.data).toEqual({ status: 'not-ready', checks: { database: 'ok', migrations: 'pending', extensions: 'ok' } });
    } finally {
      await strapi.db.connection(table).insert(row);
    }
    expect((await http().get('/api/after-sales/ready')).status).toBe(200);
  });

  it('an app migration not applied also makes the instance not ready', async () => {
    const table = 'after_sales_app_migrations';
    const row = await strapi.db.connection(table).orderBy('id', 'desc').first();
    expect(row).toBeDefined();
    await strapi.db.connection(table).where({ id: row.id }).del();
    try {
      expect((await http().get('/api/after-sales/ready')).body.data.checks.migrations).toBe('pending');
    } finally {
      await strapi.db.connection(table).insert(row);
    }
  });
});

describe('Idempotency-Key claims survive a dead instance', () => {
  it('a claim left in flight by a dead instance is taken over once it is stale; the item is created once', async () => {
    const key = `stale-${Date.now()}`;
    const crypto = require('node:crypto');
    await strapi.db.connection('after_sales_idempotency_keys').insert({
      scope: 'intake:public',
      key,
      request_hash: crypto.createHash('sha256').update(JSON.stringify(body())).digest('hex'),
      status: 'in-flight',
      created_at: new Date().toISOString(),
      claim: 'dead-instance-claim',
      claimed_at: Date.now() - 6000,
    });
    const items = await count('feedbacks');
    const first = await http().post(INTAKE).set('Idempotency-Key', key).send(body());
    expect(first.status).toBe(201);
    const again = await http().post(INTAKE).set('Idempotency-Key', key).send(body());
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await count('feedbacks')).toBe(items + 1);
  });

  it('a request whose claim was taken over rolls its creation back (no item without its stored answer)', async () => {
    const idempotency = service('idempotency');
    const key = `lost-${Date.now()}`;
    const first = await idempotency.begin('intake:public', key, 'h');
    expect(first.kind).toBe('new');
    expect((await idempotency.begin('intake:public', key, 'h')).kind).toBe('in-flight');
    await strapi.db
      .connection('after_sales_idempotency_keys')
      .where({ key })
      .update({ claimed_at: Date.now() - 6000 });
    const second = await idempotency.begin('intake:public', key, 'h');
    expect(second.kind).toBe('new');
    expect(second.claim).not.toBe(first.claim);
    const audits = await count('after_sales_audit_events', { reference: key });
    await expect(
      strapi.db.transaction(async ({ trx }: { trx: any }) => {
        await trx('after_sales_audit_events').insert({ content_type: 'x', document_id: key, reference: key, action: 'probe', actor_kind: 'system', created_at: new Date().toISOString() });
        await idempotency.complete('intake:public', key, first.claim, 201, { data: 'first' }, trx);
      })
    ).rejects.toThrow(/taken over/);
    expect(await count('after_sales_audit_events', { reference: key })).toBe(audits);
    await idempotency.complete('intake:public', key, second.claim, 201, { data: 'second' });
    expect(await idempotency.begin('intake:public', key, 'h')).toEqual({ kind: 'replay', status: 201, body: { data: 'second' } });
  });
});

describe('outbox leases are wall-clock time, deliveries carry a stable Message-ID', () => {
  const outboxRow = async (reference: string) => strapi.db.connection('after_sales_outbox').where({ reference }).first();

  it('a live lease is not taken away when the business clock jumps; an expired one is, and the message goes out once', async () => {
    const res = await http().post(INTAKE).send(body('lease probe'));
    expect(res.status).toBe(201);
    const { reference } = res.body.data;
    const row = await outboxRow(reference);
    const clock = service('clock');
    // Another instance holds a live lease (wall clock), while this instance's business clock is days ahead.
    await strapi.db
      .connection('after_sales_outbox')
      .where({ id: row.id })
      .update({ status: 'sending', lease_owner: 'other-instance', lease_until: Date.now() + 60_000 });
    clock.set(new Date(Date.now() + 3 * 24 * 3600 * 1000));
    try {
      await service('outbox').dispatch(100);
      expect(smtp.received.filter((m) => m.raw.includes(reference))).toHaveLength(0);
      expect((await outboxRow(reference)).lease_owner).toBe('other-instance');
      // That instance died: its lease runs out and the row is delivered here, once.
      await strapi.db
        .connection('after_sales_outbox')
        .where({ id: row.id })
        .update({ lease_until: Date.now() - 1 });
      await service('outbox').dispatch(100);
      await service('outbox').dispatch(100);
    } finally {
      clock.set(null);
    }
    const delivered = smtp.received.filter((m) => m.raw.includes(reference));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].raw).toMatch(new RegExp(`^Message-ID: <outbox\\.${row.id}\\.[0-9a-f]{16}@example\\.cn>`, 'mi'));
    expect(await outboxRow(reference)).toMatchObject({ status: 'sent', lease_owner: null });
  });

  it('release() gives back only this instance’s leases', async () => {
    const res = await http().post(INTAKE).send(body('release probe'));
    const { reference } = res.body.data;
    const row = await outboxRow(reference);
    await strapi.db
      .connection('after_sales_outbox')
      .where({ id: row.id })
      .update({ status: 'sending', lease_owner: 'other-instance', lease_until: Date.now() + 60_000 });
    await service('outbox').release();
    expect((await outboxRow(reference)).status).toBe('sending');
    await strapi.db.connection('after_sales_outbox').where({ id: row.id }).update({ status: 'pending', lease_owner: null, lease_until: null });
  });
});

describe('a database failure while checking the public role is a 503, not a 401', () => {
  it('an anonymous intake answers 503 with Retry-After while the permissions cannot be read, and 201 once they can', async () => {
    const knex = strapi.db.connection;
    await knex.schema.renameTable('up_permissions', 'up_permissions_away');
    let during: request.Response;
    try {
      during = await http().post(INTAKE).send(body('while the permissions table is away'));
    } finally {
      await knex.schema.renameTable('up_permissions_away', 'up_permissions');
    }
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('1');
    expect(during.body.error).toMatchObject({ status: 503, name: 'ServiceUnavailableError' });
    const after = await http().post(INTAKE).send(body('after the permissions table is back'));
    expect(after.status).toBe(201);
  });

  it('a route the public role may not use still answers 403 to an anonymous caller', async () => {
    const res = await http().get('/api/after-sales/staff/feedbacks');
    expect(res.status).toBe(403);
  });
});
