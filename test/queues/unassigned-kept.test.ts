import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { intakeInDepartment } from '../helpers/intake';
import { adminWorkflow } from '../helpers/workflow';

/**
 * "Unassigned" kept by the database (migration 0790, services/unassigned-items.ts): on PostgreSQL, triggers keep
 * each item kind's unassigned items and their state, whatever path writes the item or its assignee (intake, the
 * Content Manager's form, the queue's bulk assign, a workflow action, a delete, SQL); the view reads them from
 * there. On SQLite nothing is kept and the view finds them as before. Either way the view answers the same.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let colleague: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const onPostgres = () => ['postgres', 'pg'].includes(String(strapi.db.connection.client.config.client));

/** The view's references for a session (every page). */
const unassignedView = async (session: AdminSession): Promise<string[]> => {
  const res = await http().get('/after-sales/queues/items').query({ view: 'unassigned' }).set(as(session));
  if (res.status !== 200) throw new Error(`unassigned → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.map((r: any) => r.reference).sort();
};

/** For a kind: the rows kept, and what they should be (its items without an assignee link, with their state and department). */
const keptAndTruth = async (uid: string) => {
  const knex = strapi.db.connection;
  const meta = strapi.db.metadata.get(uid as any) as any;
  const link = meta.attributes.assignee.joinTable;
  const department = meta.attributes.department.joinTable;
  const truth = await knex(`${meta.tableName} as t`)
    .whereNotExists(
      knex(`${link.name} as l`)
        .whereRaw('?? = t.id', [`l.${link.joinColumn.name}`])
        .whereNotNull(`l.${link.inverseJoinColumn.name}`)
    )
    .select('t.id', 't.state', knex(department.name).min(department.inverseJoinColumn.name).whereRaw('?? = t.id', [department.joinColumn.name]).as('department'))
    .orderBy('t.id');
  const kept = await knex('after_sales_unassigned_items').where('item_table', meta.tableName).select('item_id as id', 'state', 'department_id as department').orderBy('item_id');
  const plain = (rows: { id: unknown; state: unknown; department: unknown }[]) => rows.map((r) => `${Number(r.id)}:${String(r.state)}:${r.department ?? '-'}`);
  return { kept: plain(kept), truth: plain(truth) };
};
const expectKept = async (uid: string) => {
  const { kept, truth } = await keptAndTruth(uid);
  expect(kept).toEqual(truth);
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  colleague = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
  await stopStrapi(strapi);
});

describe('unassigned items kept by the database', () => {
  it('on PostgreSQL keeps the kinds with a state and an assignee link; on SQLite keeps none', async () => {
    const service = strapi.plugin('after-sales').service('unassigned-items');
    if (!onPostgres()) {
      expect(service.candidates('feedbacks', ['new'])).toBeNull();
      expect(await service.install()).toEqual({ installed: [], kept: [] });
      return;
    }
    const tables = (await strapi.db.connection('after_sales_unassigned_tables').select('*')).sort((a: any, b: any) => a.item_table.localeCompare(b.item_table));
    expect(tables).toEqual(
      expect.arrayContaining([
        {
          item_table: 'complaints',
          link_table: 'complaints_assignee_lnk',
          item_column: 'complaint_id',
          target_column: 'user_id',
          department_table: 'complaints_department_lnk',
          department_item_column: 'complaint_id',
          department_column: 'department_id',
        },
        {
          item_table: 'feedbacks',
          link_table: 'feedbacks_assignee_lnk',
          item_column: 'feedback_id',
          target_column: 'user_id',
          department_table: 'feedbacks_department_lnk',
          department_item_column: 'feedback_id',
          department_column: 'department_id',
        },
      ])
    );
    // A second start finds the triggers in place: nothing installed again, the same tables kept.
    const again = await service.install();
    expect(again.installed).toEqual([]);
    expect(again.kept).toEqual(expect.arrayContaining(['feedbacks', 'complaints']));
  });

  it('follows intake, the Content Manager form, bulk assign, a workflow action, a delete and SQL; the view answers the same', async () => {
    const open = await intakeInDepartment(strapi, '屏幕闪烁', { department: 'after-sales' });
    const mine = await intakeInDepartment(strapi, '打印机卡纸', { department: 'after-sales', assignee: agent.id });
    const complaint = await intakeInDepartment(strapi, '送货太慢', { kind: 'complaint', department: 'after-sales' });
    const check = async (expected: string[]) => {
      if (onPostgres()) {
        await expectKept(FEEDBACK);
        await expectKept(COMPLAINT);
      }
      expect(await unassignedView(agent)).toEqual([...expected].sort());
    };
    await check([open.reference, complaint.reference]);

    // The Content Manager's form assigns the open one, then takes the assignee away again.
    const assigned = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${open.documentId}`)
      .set(as(admin))
      .send({ assignee: { connect: [{ id: colleague.id }] } });
    expect(assigned.status).toBe(200);
    await check([complaint.reference]);
    const cleared = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${open.documentId}`)
      .set(as(admin))
      .send({ assignee: { connect: [], disconnect: [{ id: colleague.id }] } });
    expect(cleared.status).toBe(200);
    await check([open.reference, complaint.reference]);

    // Reassigned from one person to another in one form: still assigned.
    const moved = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${mine.documentId}`)
      .set(as(admin))
      .send({ assignee: { connect: [{ id: colleague.id }], disconnect: [{ id: agent.id }] } });
    expect(moved.status).toBe(200);
    await check([open.reference, complaint.reference]);

    // Moved to another department in the form: out of this agent's view, back when moved back.
    const technical = await strapi.db.query('api::department.department').findOne({ where: { code: 'technical' }, select: ['id'] });
    const afterSales = await strapi.db.query('api::department.department').findOne({ where: { code: 'after-sales' }, select: ['id'] });
    const toTechnical = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${open.documentId}`)
      .set(as(admin))
      .send({ department: { connect: [{ id: technical.id }], disconnect: [{ id: afterSales.id }] } });
    expect(toTechnical.status).toBe(200);
    await check([complaint.reference]);
    const back = await http()
      .put(`/content-manager/collection-types/${FEEDBACK}/${open.documentId}`)
      .set(as(admin))
      .send({ department: { connect: [{ id: afterSales.id }], disconnect: [{ id: technical.id }] } });
    expect(back.status).toBe(200);
    await check([open.reference, complaint.reference]);

    // The queue's bulk assign.
    const bulk = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({ action: 'assign', assignee: agent.id, items: [{ contentType: COMPLAINT, documentId: complaint.documentId }] });
    expect(bulk.body.data).toMatchObject({ done: 1, refused: 0 });
    await check([open.reference]);

    // A workflow action moves the unassigned one to another state: the kept row follows its state, and a closed
    // state leaves the view.
    const workflow = adminWorkflow(strapi, admin.token, FEEDBACK);
    const acknowledged = await workflow.step(open.documentId, 'acknowledge', { note: '已受理' });
    expect(acknowledged.state).toBe('acknowledged');
    await check([open.reference]);
    expect((await workflow.step(open.documentId, 'reject', { note: '不属于售后范围', data: { rejectionReason: '不属于售后范围' } })).state).toBe('rejected');
    await check([]);

    // Written in SQL, past Strapi: the link row deleted, then the item.
    const meta = strapi.db.metadata.get(FEEDBACK as any) as any;
    const link = meta.attributes.assignee.joinTable;
    await strapi.db.connection(link.name).where(link.joinColumn.name, mine.id).delete();
    if (onPostgres()) await expectKept(FEEDBACK);
    expect(await unassignedView(agent)).toContain(mine.reference);
    const removed = await http().delete(`/content-manager/collection-types/${FEEDBACK}/${mine.documentId}`).set(as(admin));
    expect(removed.status).toBe(200);
    if (onPostgres()) await expectKept(FEEDBACK);
    expect(await unassignedView(agent)).not.toContain(mine.reference);
  });

  it('on PostgreSQL, a change of state and the assignee taken away at the same time leave the set as the rows are', async () => {
    if (!onPostgres()) return;
    const knex = strapi.db.connection;
    const item = await intakeInDepartment(strapi, '电源指示灯不亮', { department: 'after-sales', assignee: agent.id });
    const meta = strapi.db.metadata.get(FEEDBACK as any) as any;
    const link = meta.attributes.assignee.joinTable;
    // One transaction moves the item to another state and holds it; the other takes its assignee away meanwhile (its
    // trigger waits for the item's row), then both commit: the kept row has the new state.
    const moving = await knex.transaction();
    const unassigning = await knex.transaction();
    try {
      await moving(meta.tableName).where({ id: item.id }).update({ state: 'triaged' });
      const taken = unassigning(link.name).where(link.joinColumn.name, item.id).delete();
      const waited = await Promise.race([taken.then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
      expect(waited).toBe('waiting');
      await moving.commit();
      await taken;
      await unassigning.commit();
    } finally {
      if (!moving.isCompleted()) await moving.rollback();
      if (!unassigning.isCompleted()) await unassigning.rollback();
    }
    await expectKept(FEEDBACK);
    expect(await knex('after_sales_unassigned_items').where({ item_table: meta.tableName, item_id: item.id }).first('state')).toEqual({ state: 'triaged' });
  });

  it('on PostgreSQL, a load that bypassed the triggers is read again by after_sales_unassigned_refresh', async () => {
    if (!onPostgres()) return;
    const knex = strapi.db.connection;
    await intakeInDepartment(strapi, '电机异响', { department: 'after-sales' });
    await knex('after_sales_unassigned_items').where('item_table', 'feedbacks').delete();
    expect((await keptAndTruth(FEEDBACK)).kept).toEqual([]);
    const { rows } = await knex.raw("SELECT after_sales_unassigned_refresh('feedbacks') AS n");
    const { kept, truth } = await keptAndTruth(FEEDBACK);
    expect(kept).toEqual(truth);
    expect(Number(rows[0].n)).toBe(truth.length);
    await expect(knex.raw("SELECT after_sales_unassigned_refresh('customers')")).rejects.toThrow(/not kept/);
  });
});
