import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { intakeInDepartment } from '../helpers/intake';

/**
 * The monthly figures' feedback facts (migration 0800, services/feedback-facts.ts): on PostgreSQL, triggers keep one
 * row per feedback item with the fields the monthly report counts and the ids of its product, department, office and
 * knowledge article, whatever path writes the item or its links (intake, the Content Manager's form, the query layer,
 * a delete, SQL, a product deleted); the report reads feedback from there. On SQLite nothing is kept and the report
 * joins the feedback table to its links as before. Either way the report's figures follow the items.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const FEEDBACK = 'api::feedback.feedback';
const onPostgres = () => ['postgres', 'pg'].includes(String(strapi.db.connection.client.config.client));
const COLUMNS = ['id', 'document_id', 'reference', 'created_at', 'closed_at', 'resolved_at', 'type', 'severity', 'channel', 'satisfaction_score', 'reopen_count', 'root_cause', 'batch'];
const LINKS: [column: string, table: string, target: string][] = [
  ['product_id', 'feedbacks_product_lnk', 'product_id'],
  ['department_id', 'feedbacks_department_lnk', 'department_id'],
  ['office_id', 'feedbacks_office_lnk', 'office_id'],
  ['knowledge_article_id', 'feedbacks_knowledge_article_lnk', 'knowledge_article_id'],
];

/** The kept rows and what they should be: every feedback row's columns and the lowest id of each link. */
const keptAndTruth = async () => {
  const knex = strapi.db.connection;
  const truth = await knex('feedbacks as f')
    .select(...COLUMNS.map((c) => `f.${c}`), ...LINKS.map(([column, table, target]) => knex(table).min(target).whereRaw('feedback_id = f.id').as(column)))
    .orderBy('f.id');
  const kept = await knex('after_sales_feedback_facts')
    .select(...COLUMNS, ...LINKS.map(([column]) => column))
    .orderBy('id');
  const plain = (rows: Record<string, unknown>[]) =>
    rows.map((r) => JSON.stringify([...COLUMNS, ...LINKS.map(([c]) => c)].map((c) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : (r[c] ?? null)))));
  return { kept: plain(kept), truth: plain(truth) };
};
const expectKept = async () => {
  if (!onPostgres()) return;
  const { kept, truth } = await keptAndTruth();
  expect(kept).toEqual(truth);
};
const facts = async (id: number) => strapi.db.connection('after_sales_feedback_facts').where({ id }).first();
const month = () => new Date().toISOString().slice(0, 7);
/** The month's report as the manager's screen asks for it, in the scope given. */
const report = async (scope: Record<string, string> = {}) => {
  const res = await http()
    .get('/after-sales/reports/monthly')
    .query({ month: month(), ...scope })
    .set(as(admin));
  if (res.status !== 200) throw new Error(`report → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
  await stopStrapi(strapi);
});

describe('feedback facts kept by the database', () => {
  it('are kept on PostgreSQL (a second start finds the triggers in place) and not on SQLite', async () => {
    const service = strapi.plugin('after-sales').service('feedback-facts');
    if (!onPostgres()) {
      expect(service.kept()).toBe(false);
      expect(await service.install()).toEqual({ refreshed: null });
      return;
    }
    expect(service.kept()).toBe(true);
    expect(await service.install()).toEqual({ refreshed: 0 });
    expect(service.kept()).toBe(true);
  });

  it('follow intake, the Content Manager form, the query layer, SQL and deletes; the report counts what the items say', async () => {
    const product = await createProduct(strapi, { modelCode: 'FACTS-P1' });
    const other = await createProduct(strapi, { modelCode: 'FACTS-P2' });
    const office = await strapi.documents('api::office.office').create({ data: { code: 'facts-east', name: '华东服务站', region: '华东' } as any });
    const first = await intakeInDepartment(strapi, '屏幕闪烁', { department: 'after-sales' });
    const second = await intakeInDepartment(strapi, '打印机卡纸', { department: 'technical' });
    await expectKept();
    if (onPostgres()) expect(await facts(first.id)).toMatchObject({ type: 'quality', channel: 'hotline', product_id: null, department_id: expect.any(Number) });

    // The Content Manager's form: a product, an office and another type.
    const edited = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${first.documentId}`)
      .set(as(admin))
      .send({ type: 'suggestion', batch: 'B-07', product: { connect: [{ id: product.id }] }, office: { connect: [{ id: office.id }] } });
    expect(edited.status).toBe(200);
    await expectKept();
    let figures = await report({ product: 'FACTS-P1' });
    expect(figures.volume.total).toBe(1);
    expect(figures.volume.byType).toEqual([{ key: 'suggestion', count: 1 }]);
    expect(figures.offices.find((o: any) => o.office?.code === 'facts-east')).toMatchObject({ volume: { feedback: 1 } });

    // The form moves it to another product: the old product's scope has none, the new one has it.
    const moved = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${first.documentId}`)
      .set(as(admin))
      .send({ product: { connect: [{ id: other.id }], disconnect: [{ id: product.id }] } });
    expect(moved.status).toBe(200);
    await expectKept();
    expect((await report({ product: 'FACTS-P1' })).volume.total).toBe(0);
    expect((await report({ product: 'FACTS-P2' })).volume.total).toBe(1);

    // The query layer (as the workflow writes): resolved with a root cause, closed with a score.
    const now = new Date();
    await strapi.db.query(FEEDBACK).update({ where: { id: second.id }, data: { product: other.id, rootCause: '进纸辊磨损', resolvedAt: now, closedAt: now, satisfactionScore: 4 } });
    await expectKept();
    figures = await report({ product: 'FACTS-P2' });
    expect(figures.volume.total).toBe(2);
    expect(figures.topRootCauses).toEqual([{ key: '进纸辊磨损', count: 1 }]);
    expect(figures.satisfaction).toMatchObject({ responses: 1, average: 4 });
    expect((await report({ product: 'FACTS-P2', department: 'technical' })).volume.total).toBe(1);

    // SQL past Strapi: the department link deleted.
    await strapi.db.connection('feedbacks_department_lnk').where({ feedback_id: second.id }).delete();
    await expectKept();
    expect((await report({ product: 'FACTS-P2', department: 'technical' })).volume.total).toBe(0);

    // The office deleted (its links go with it), then an item deleted.
    await strapi.documents('api::office.office').delete({ documentId: office.documentId });
    await expectKept();
    if (onPostgres()) expect(await facts(first.id)).toMatchObject({ office_id: null });
    const removed = await http().delete(`/content-manager/collection-types/${FEEDBACK}/${first.documentId}`).set(as(admin));
    expect(removed.status).toBe(200);
    await expectKept();
    if (onPostgres()) expect(await facts(first.id)).toBeUndefined();
    expect((await report({ product: 'FACTS-P2' })).volume.total).toBe(1);
  });

  it('on PostgreSQL, a load that bypassed the triggers is read again by after_sales_feedback_facts_refresh, and a start puts missing triggers back', async () => {
    if (!onPostgres()) return;
    const knex = strapi.db.connection;
    const missed = await intakeInDepartment(strapi, '电机异响', { department: 'after-sales' });
    // A row the table had lost comes back, with its links, at the item's next update.
    await knex('after_sales_feedback_facts').where({ id: missed.id }).delete();
    await strapi.db.query(FEEDBACK).update({ where: { id: missed.id }, data: { severity: 'important' } });
    expect(await facts(missed.id)).toMatchObject({ severity: 'important', department_id: expect.any(Number) });
    await expectKept();
    await knex('after_sales_feedback_facts').delete();
    expect((await keptAndTruth()).kept).toEqual([]);
    const { rows } = await knex.raw('SELECT after_sales_feedback_facts_refresh() AS n');
    const { kept, truth } = await keptAndTruth();
    expect(kept).toEqual(truth);
    expect(Number(rows[0].n)).toBe(truth.length);

    // A trigger dropped (a table rebuilt, say) while an item was written: the next start installs it and reads the
    // table again.
    await knex.raw('DROP TRIGGER after_sales_feedback_facts_link ON feedbacks_product_lnk');
    const product = await createProduct(strapi, { modelCode: 'FACTS-P3' });
    const item = await intakeInDepartment(strapi, '指示灯不亮', { department: 'after-sales' });
    await strapi.db.query(FEEDBACK).update({ where: { id: item.id }, data: { product: product.id } });
    expect(await facts(item.id)).toMatchObject({ product_id: null });
    const installed = await strapi.plugin('after-sales').service('feedback-facts').install();
    expect(installed.refreshed).toBe(truth.length + 1);
    expect(await facts(item.id)).toMatchObject({ product_id: product.id });
    await expectKept();
  });
});
