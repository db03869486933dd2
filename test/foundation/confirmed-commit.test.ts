/**
 * A transaction whose COMMIT fails must fail. knex resolves `trx.commit()` even then (the error
 * only rejects the transaction's execution promise), and Strapi's `db.transaction` returned as if
 * all was stored: the fault test once saw an intake answered 201 whose item was never written (the
 * database restarted at the COMMIT). A deferred constraint makes a COMMIT fail on demand; it exists
 * on PostgreSQL, the database where a connection can be cut at the COMMIT. On SQLite the test checks
 * that ordinary and nested transactions still commit and return their result.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
/** Deferred constraints exist on PostgreSQL only: these tests are skipped (and shown so) on SQLite. */
const onPostgres = process.env.DATABASE_CLIENT === 'postgres' ? it : it.skip;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const intake = (symptom: string) => ({
  data: { kind: 'feedback', channel: 'website', customer: { name: '王伟', email: 'wang.wei@example.cn', locale: 'zh-Hans' }, symptom },
});

it('a transaction returns its result when it commits, and a nested one shares the outer commit', async () => {
  const knex = strapi.db.connection;
  await knex.schema.createTable('commit_probe', (t) => {
    t.integer('n');
  });
  try {
    const result = await strapi.db.transaction(async ({ trx }) => {
      await trx('commit_probe').insert({ n: 1 });
      const inner = await strapi.db.transaction(async ({ trx: same }) => {
        await same('commit_probe').insert({ n: 2 });
        return 'inner';
      });
      return `outer+${inner}`;
    });
    expect(result).toBe('outer+inner');
    expect((await knex('commit_probe').orderBy('n')).map((r: { n: number }) => r.n)).toEqual([1, 2]);
    await expect(
      strapi.db.transaction(async ({ trx }) => {
        await trx('commit_probe').insert({ n: 3 });
        throw new Error('changed my mind');
      })
    ).rejects.toThrow('changed my mind');
    expect(await knex('commit_probe').where({ n: 3 }).first()).toBeUndefined();
  } finally {
    await knex.schema.dropTable('commit_probe');
  }
});

onPostgres('a failed COMMIT throws instead of reporting success (PostgreSQL)', async () => {
  const knex = strapi.db.connection;
  await knex.raw('CREATE TABLE commit_probe_unique (n integer, CONSTRAINT commit_probe_n UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)');
  try {
    await expect(
      strapi.db.transaction(async ({ trx }) => {
        // Both rows go in; the duplicate is only checked at COMMIT, which fails.
        await trx('commit_probe_unique').insert([{ n: 7 }, { n: 7 }]);
        return 'stored?';
      })
    ).rejects.toThrow(/commit_probe_n|duplicate key/);
    expect(await knex('commit_probe_unique').count({ n: '*' })).toEqual([{ n: '0' }]);
  } finally {
    await knex.raw('DROP TABLE commit_probe_unique');
  }
});

onPostgres('an intake whose COMMIT fails answers 5xx, stores nothing, and a retry with its Idempotency-Key is stored once (PostgreSQL)', async () => {
  const knex = strapi.db.connection;
  // A deferred constraint trigger that refuses, at COMMIT, any feedback whose symptom asks for it:
  // the COMMIT fails after every statement of the intake succeeded, as when the connection is cut then.
  // What the client sees end to end: no 201, nothing stored, and its retry stored once.
  await knex.raw(`CREATE FUNCTION commit_probe_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.symptom LIKE '%refuse at commit%' THEN RAISE EXCEPTION 'commit_probe: refused at COMMIT'; END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE CONSTRAINT TRIGGER commit_probe_refuse AFTER INSERT OR UPDATE ON feedbacks DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION commit_probe_refuse()`);
  const count = async (table: string) => Number((await knex(table).count({ n: '*' }))[0].n);
  const before = await count('feedbacks');
  const outboxBefore = await count('after_sales_outbox');
  try {
    const refused = await http().post('/api/after-sales/intake').set('Idempotency-Key', 'commit-probe-1').send(intake('插座冒烟 refuse at commit'));
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(refused.body.data?.reference).toBeUndefined();
    expect(await count('feedbacks')).toBe(before);
    // The acknowledgement was written in the same transaction: gone with it.
    expect(await count('after_sales_outbox')).toBe(outboxBefore);
  } finally {
    await knex.raw('DROP TRIGGER commit_probe_refuse ON feedbacks');
    await knex.raw('DROP FUNCTION commit_probe_refuse()');
  }
  // The client retries with the same key once the database takes writes again: one item, its own reference.
  const retried = await http().post('/api/after-sales/intake').set('Idempotency-Key', 'commit-probe-1').send(intake('插座冒烟 refuse at commit'));
  expect(retried.status).toBe(201);
  expect(await count('feedbacks')).toBe(before + 1);
  expect(await count('after_sales_outbox')).toBeGreaterThan(outboxBefore);
  expect(await knex('feedbacks').where({ reference: retried.body.data.reference }).count({ n: '*' })).toEqual([{ n: '1' }]);
});
