import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi, isPostgres } from '../helpers/strapi';
import { createAdmin } from '../helpers/auth';
import { INDEXES } from '../../database/migrations/2026.11.22T00.00.00.hot-query-indexes';

let strapi: Core.Strapi;
beforeAll(async () => {
  // DATABASE_PARALLEL_WORKERS and …_SETUP_COST: config/database.ts passes them to every PostgreSQL connection (checked below).
  strapi = await bootStrapi({ env: { DATABASE_PARALLEL_WORKERS: '0', DATABASE_PARALLEL_SETUP_COST: '12345' } });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('after-sales plugin', () => {
  it('is loaded from its compiled dist and answers on its admin route', async () => {
    expect(strapi.plugin('after-sales')).toBeDefined();
    const admin = await createAdmin(strapi, 'super-admin');
    const res = await request(strapi.server.httpServer).get('/after-sales/info').set('Authorization', `Bearer ${admin.token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.plugin).toBe('after-sales');
  });

  it('refuses its admin route without an admin token', async () => {
    const res = await request(strapi.server.httpServer).get('/after-sales/info');
    expect(res.status).toBe(401);
  });
});

describe('database migrations', () => {
  const indexNames = async (): Promise<string[]> => {
    const knex = strapi.db.connection;
    if (isPostgres()) {
      const { rows } = await knex.raw('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()');
      return rows.map((r: { indexname: string }) => r.indexname);
    }
    const rows = await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index'");
    return rows.map((r: { name: string }) => r.name);
  };

  it('created every index and unique constraint the hot queries need', async () => {
    const names = await indexNames();
    for (const index of INDEXES) {
      expect(names).toContain(index.name);
    }
    // The plugin's own (migrations/index.ts): a customer's loyalty invitations (0770).
    expect(names).toContain('after_sales_nps_invitations_customer_idx');
  });

  it('recorded each app migration once, and a second run changes nothing', async () => {
    const migrations = strapi.plugin('after-sales').service('migrations');
    const applied = async () => (await strapi.db.connection('after_sales_app_migrations').select('name').orderBy('id')).map((r: { name: string }) => r.name);
    const files = require('node:fs')
      .readdirSync(require('node:path').join(__dirname, '..', '..', 'database', 'migrations'))
      .map((f: string) => f.replace(/\.ts$/, ''))
      .sort();
    expect(await applied()).toEqual(files);
    await migrations.migrateApp();
    expect(await applied()).toEqual(files);
  });

  it('has no feedbacks.next_escalation_at (nor its index); migration 0070 drops both from a database that still has them', async () => {
    const knex = strapi.db.connection;
    const hasIndex = async () => (await indexNames()).includes('feedbacks_next_escalation_at_idx');
    expect(await knex.schema.hasColumn('feedbacks', 'next_escalation_at')).toBe(false);
    expect(await hasIndex()).toBe(false);
    expect(Object.keys(strapi.getModel('api::feedback.feedback').attributes)).not.toContain('nextEscalationAt');

    // A database of before: the column, its index, a row using it, and 0070 not yet applied.
    await knex.schema.alterTable('feedbacks', (t) => t.datetime('next_escalation_at'));
    await knex.schema.alterTable('feedbacks', (t) => t.index(['next_escalation_at'], 'feedbacks_next_escalation_at_idx'));
    await knex('feedbacks').insert({ document_id: 'old1', reference: 'FB-20250101-0001', channel: 'email', symptom: 's', state: 'received', version: 1, next_escalation_at: new Date() });
    await knex('after_sales_plugin_migrations').where({ name: '0070-drop-feedback-next-escalation-at' }).del();
    expect(await hasIndex()).toBe(true);

    await strapi.plugin('after-sales').service('migrations').migratePlugin();
    expect(await knex.schema.hasColumn('feedbacks', 'next_escalation_at')).toBe(false);
    expect(await hasIndex()).toBe(false);
    expect(await knex('feedbacks').where({ document_id: 'old1' }).select('reference')).toEqual([{ reference: 'FB-20250101-0001' }]);
    await knex('feedbacks').where({ document_id: 'old1' }).del();
  });

  it('enforces unique references in the database itself', async () => {
    const knex = strapi.db.connection;
    const row = { document_id: 'x1', reference: 'FB-20260101-0001', channel: 'email', symptom: 's', state: 'received', version: 1 };
    await knex('feedbacks').insert(row);
    let error: unknown = null;
    try {
      await knex('feedbacks').insert({ ...row, document_id: 'x2' });
    } catch (e) {
      error = e;
    }
    const rows = await knex('feedbacks').where({ reference: row.reference }).select('document_id');
    expect(rows.map((r: { document_id: string }) => r.document_id)).toEqual(['x1']);
    expect(String(error)).toMatch(/unique|UNIQUE/);
    await knex('feedbacks').where({ document_id: 'x1' }).del();
  });
});

describe('database connections', () => {
  // config/database.ts: DATABASE_PARALLEL_WORKERS (here 0) sets PostgreSQL's max_parallel_workers_per_gather and
  // DATABASE_PARALLEL_SETUP_COST (here 12345) its parallel_setup_cost on every connection of the pool (bench/README.md:
  // what they change at a million items).
  (isPostgres() ? it : it.skip)("take DATABASE_PARALLEL_WORKERS and …_SETUP_COST as PostgreSQL's parallel settings, on every connection of the pool", async () => {
    const knex = strapi.db.connection;
    // Four transactions held open together: four connections of the pool.
    let arrived = 0;
    let allArrived: () => void = () => undefined;
    const together = new Promise<void>((resolve) => (allArrived = resolve));
    const settings = await Promise.all(
      Array.from({ length: 4 }, () =>
        knex.transaction(async (trx) => {
          const { rows } = await trx.raw('SHOW max_parallel_workers_per_gather');
          const { rows: cost } = await trx.raw('SHOW parallel_setup_cost');
          const { rows: pid } = await trx.raw('SELECT pg_backend_pid() AS pid');
          arrived += 1;
          if (arrived === 4) allArrived();
          await together;
          return { value: rows[0].max_parallel_workers_per_gather as string, cost: cost[0].parallel_setup_cost as string, pid: pid[0].pid as number };
        })
      )
    );
    expect(new Set(settings.map((s) => s.pid)).size).toBe(4);
    expect(settings.map((s) => s.value)).toEqual(['0', '0', '0', '0']);
    expect(settings.map((s) => s.cost)).toEqual(['12345', '12345', '12345', '12345']);
  });
});
