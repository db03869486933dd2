import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { auditCount } from '../helpers/workflow';
import { intakeInDepartment } from '../helpers/intake';

let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let colleague: AdminSession;
let engineer: AdminSession;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
const setClock = (now: string) => http().put('/after-sales/test/clock').set(as(admin)).send({ now });

const items = (session: AdminSession, query: Record<string, string | number>) => http().get('/after-sales/queues/items').query(query).set(as(session));
const refs = (res: request.Response) => res.body.data.map((r: any) => r.reference);

let mine: any;
let unassigned: any;
let technical: any;
let complaint: any;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  colleague = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  expect((await setClock(shanghai('2026-03-10T10:00:00'))).status).toBe(200);
  mine = await intakeInDepartment(strapi, '打印机卡纸,每天都会发生', { department: 'after-sales', assignee: agent.id, phone: '+86 138 0013 8000', name: '王伟' });
  unassigned = await intakeInDepartment(strapi, 'The screen flickers after the update', { department: 'after-sales' });
  technical = await intakeInDepartment(strapi, '电机异响', { department: 'technical' });
  complaint = await intakeInDepartment(strapi, '送货太慢,包装破损', { kind: 'complaint', department: 'after-sales', assignee: agent.id });
  await strapi
    .plugin('after-sales')
    .service('thread')
    .append({
      contentType: FEEDBACK,
      documentId: unassigned.documentId,
      reference: unassigned.reference,
      kind: 'message-in',
      channel: 'email',
      author: { kind: 'customer', id: null, name: '赵敏' },
      bodyText: '屏幕闪烁之后还有蓝屏',
    });
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
  await stopStrapi(strapi);
});

describe('built-in views', () => {
  it('mine, unassigned in my departments and recently updated by the customer, with masked customers and the next due time', async () => {
    const views = await http().get('/after-sales/queues/views').set(as(agent));
    expect(views.status).toBe(200);
    expect(views.body.data.builtin.map((v: any) => v.id)).toEqual(['mine', 'unassigned', 'due-today', 'overdue', 'waiting', 'awaiting-approval', 'customer-updated']);

    const mineRes = await items(agent, { view: 'mine' });
    expect(mineRes.status).toBe(200);
    expect(refs(mineRes).sort()).toEqual([mine.reference, complaint.reference].sort());
    const row = mineRes.body.data.find((r: any) => r.reference === mine.reference);
    expect(row).toMatchObject({ kind: 'feedback', contentType: FEEDBACK, state: 'received', assignee: { id: agent.id }, summary: '打印机卡纸,每天都会发生', tags: [] });
    expect(row.nextDue).toMatchObject({ clock: expect.any(String), dueAt: expect.any(String), breached: false });
    // The agent's role sees contact data masked.
    expect(row.customer.name).toBe('王伟');
    expect(row.customer.phone).not.toContain('0013800');
    expect(row.customer.phone).toContain('*');

    expect(refs(await items(agent, { view: 'unassigned' }))).toEqual([unassigned.reference]);
    expect(refs(await items(agent, { view: 'customer-updated' }))).toEqual([unassigned.reference]);
    // Another department's item is not in the agent's queue at all.
    const all = await items(agent, {});
    expect(refs(all)).not.toContain(technical.reference);
    expect(refs(await items(engineer, {}))).toEqual([technical.reference]);
    // The technical role does not read contact data.
    const engineerRow = (await items(engineer, {})).body.data[0];
    const { documentId: _id, ...shown } = engineerRow.customer ?? {};
    expect(JSON.stringify(shown)).not.toMatch(/\d{4}/);
  });

  it('overdue and due today come from the clock rows; pages follow a keyset cursor, soonest due first', async () => {
    expect(refs(await items(agent, { view: 'overdue' }))).toEqual([]);
    const dueToday = await items(agent, { view: 'due-today' });
    expect(dueToday.status).toBe(200);
    const clocks = await strapi.db.connection('after_sales_sla_clocks').where({ document_id: mine.documentId }).whereNull('stopped_at');
    const start = new Date(shanghai('2026-03-10T00:00:00')).getTime();
    const end = new Date(shanghai('2026-03-11T00:00:00')).getTime();
    const dueTodayExpected = clocks.some(
      (c: any) =>
        c.paused_at === null &&
        new Date(Number.isNaN(Number(c.due_at)) ? c.due_at : Number(c.due_at)).getTime() < end &&
        new Date(Number.isNaN(Number(c.due_at)) ? c.due_at : Number(c.due_at)).getTime() >= start
    );
    expect(refs(dueToday).includes(mine.reference)).toBe(dueTodayExpected);

    expect((await setClock(shanghai('2026-03-20T10:00:00'))).status).toBe(200);
    const overdue = await items(agent, { view: 'overdue' });
    expect(refs(overdue).sort()).toEqual([mine.reference, unassigned.reference, complaint.reference].sort());
    expect(overdue.body.data.every((r: any) => r.nextDue.breached)).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      const page = await items(agent, { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...refs(page));
      cursor = page.body.meta.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(refs(await items(agent, { limit: 10 })));
    expect(new Set(seen).size).toBe(3);
    const dues = (await items(agent, { limit: 10 })).body.data.map((r: any) => r.nextDue?.dueAt ?? '9999');
    expect([...dues].sort()).toEqual(dues);
  });

  it('pages through the items without a running clock after those with one, and through due today, each item once', async () => {
    const all = refs(await items(agent, { limit: 10 }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    // The complaint's clocks stop: it has no running clock left, so it comes last (after every due date).
    const stopped = await strapi.db.connection('after_sales_sla_clocks').where({ document_id: complaint.documentId }).whereNull('stopped_at').select('id');
    await strapi.db
      .connection('after_sales_sla_clocks')
      .whereIn(
        'id',
        stopped.map((c: any) => c.id)
      )
      .update({ stopped_at: shanghai('2026-03-10T11:00:00') });
    try {
      const walk = async (query: Record<string, string | number>) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 10; i += 1) {
          const page = await items(agent, { ...query, limit: 1, ...(cursor ? { cursor } : {}) });
          expect(page.status).toBe(200);
          seen.push(...refs(page));
          cursor = page.body.meta.nextCursor ?? undefined;
          if (!cursor) break;
        }
        return seen;
      };
      const whole = refs(await items(agent, { limit: 10 }));
      expect(whole[whole.length - 1]).toBe(complaint.reference);
      expect(new Set(whole)).toEqual(new Set(all));
      expect(await walk({})).toEqual(whole);
      expect(await walk({ view: 'due-today' })).toEqual(refs(await items(agent, { view: 'due-today', limit: 10 })));
    } finally {
      await strapi.db
        .connection('after_sales_sla_clocks')
        .whereIn(
          'id',
          stopped.map((c: any) => c.id)
        )
        .update({ stopped_at: null });
    }
  });

  it('refuses bad filters with the field named', async () => {
    const bad = await items(agent, { view: 'someday', kinds: 'feedback,parcel', cursor: 'xyz', limit: 0 });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['view', 'kinds', 'cursor', 'limit']));
    expect((await http().get('/after-sales/queues/items').set(as(agent)).query({ colour: 'red' })).status).toBe(400);
  });
});

describe('saved views', () => {
  it('are private to their owner unless shared with one of the owner’s departments', async () => {
    const bad = await http()
      .post('/after-sales/queues/saved-views')
      .set(as(agent))
      .send({ name: '', filters: { view: 'later' }, columns: ['reference', 'phone'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(expect.arrayContaining(['name', 'filters.view', 'columns']));

    const privateView = await http()
      .post('/after-sales/queues/saved-views')
      .set(as(agent))
      .send({ name: '我的投诉', filters: { view: 'mine', kinds: ['complaint'] }, columns: ['reference', 'customer', 'nextDue'] });
    expect(privateView.status).toBe(201);
    expect(privateView.body.data).toMatchObject({ name: '我的投诉', department: null, mine: true, columns: ['reference', 'customer', 'nextDue'] });
    const used = await items(agent, { savedView: privateView.body.data.id });
    expect(refs(used)).toEqual([complaint.reference]);
    expect(used.body.meta.columns).toEqual(['reference', 'customer', 'nextDue']);

    // The colleague neither sees nor uses it.
    expect((await http().get('/after-sales/queues/views').set(as(colleague))).body.data.saved).toEqual([]);
    expect((await items(colleague, { savedView: privateView.body.data.id })).status).toBe(403);

    // Sharing with a department the owner is not in is refused; with their own it is shared.
    expect(
      (
        await http()
          .put(`/after-sales/queues/saved-views/${privateView.body.data.id}`)
          .set(as(agent))
          .send({ name: '我的投诉', department: 'technical', filters: { view: 'mine' } })
      ).status
    ).toBe(403);
    const shared = await http()
      .put(`/after-sales/queues/saved-views/${privateView.body.data.id}`)
      .set(as(agent))
      .send({ name: '部门逾期', department: 'after-sales', filters: { view: 'overdue' } });
    expect(shared.status).toBe(200);
    const seen = (await http().get('/after-sales/queues/views').set(as(colleague))).body.data.saved;
    expect(seen).toEqual([expect.objectContaining({ id: privateView.body.data.id, name: '部门逾期', department: 'after-sales', mine: false })]);
    expect((await items(colleague, { savedView: privateView.body.data.id })).status).toBe(200);
    expect((await http().get('/after-sales/queues/views').set(as(engineer))).body.data.saved).toEqual([]);
    // Only the owner changes or deletes it.
    expect((await http().delete(`/after-sales/queues/saved-views/${privateView.body.data.id}`).set(as(colleague))).status).toBe(403);
    expect((await http().delete(`/after-sales/queues/saved-views/${privateView.body.data.id}`).set(as(agent))).status).toBe(200);
    expect((await items(agent, { savedView: privateView.body.data.id })).status).toBe(404);
  });
});

describe('tags and bulk actions', () => {
  let tagId: number;

  it('a manager manages the tag list; agents may not', async () => {
    expect((await http().post('/after-sales/queues/tags').set(as(agent)).send({ name: '回访', colour: '#ff0000' })).status).toBe(403);
    const bad = await http().post('/after-sales/queues/tags').set(as(manager)).send({ name: '', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['colour', 'name']);
    const created = await http().post('/after-sales/queues/tags').set(as(manager)).send({ name: '回访', colour: '#FF8800' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: '回访', colour: '#ff8800' });
    tagId = created.body.data.id;
    expect((await http().post('/after-sales/queues/tags').set(as(manager)).send({ name: '回访', colour: '#00ff00' })).status).toBe(400);
    expect((await http().get('/after-sales/queues/tags').set(as(agent))).body.data).toEqual([{ id: tagId, name: '回访', colour: '#ff8800', items: 0 }]);
  });

  it('tags items in bulk, refusing per item what the agent may not change; views filter and show tags', async () => {
    const before = await auditCount(strapi, mine.documentId);
    const res = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({
        action: 'add-tags',
        tags: [tagId],
        items: [
          { contentType: FEEDBACK, documentId: mine.documentId },
          { contentType: FEEDBACK, documentId: technical.documentId },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 1 });
    expect(res.body.data.items[1]).toMatchObject({ documentId: technical.documentId, ok: false, status: 403, code: 'forbidden' });
    expect(await auditCount(strapi, mine.documentId)).toBe(before + 1);
    expect(await auditCount(strapi, technical.documentId)).toBe(1);
    const tagged = await items(agent, { tags: String(tagId) });
    expect(refs(tagged)).toEqual([mine.reference]);
    expect(tagged.body.data[0].tags).toEqual([{ id: tagId, name: '回访', colour: '#ff8800' }]);
    const removed = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({ action: 'remove-tags', tags: [tagId], items: [{ contentType: FEEDBACK, documentId: mine.documentId }] });
    expect(removed.body.data).toMatchObject({ done: 1, refused: 0 });
    expect(refs(await items(agent, { tags: String(tagId) }))).toEqual([]);
  });

  it('moves items by a workflow action, each through the engine with its own audit event, and lists every refusal with its reason', async () => {
    const before = { mine: await auditCount(strapi, mine.documentId), unassigned: await auditCount(strapi, unassigned.documentId), complaint: await auditCount(strapi, complaint.documentId) };
    const res = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({
        action: 'transition',
        workflowAction: 'acknowledge',
        note: '已受理',
        items: [
          { contentType: FEEDBACK, documentId: mine.documentId, version: mine.version },
          { contentType: FEEDBACK, documentId: unassigned.documentId, version: unassigned.version + 5 },
          { contentType: FEEDBACK, documentId: technical.documentId },
          { contentType: COMPLAINT, documentId: complaint.documentId },
        ],
      });
    expect(res.status).toBe(200);
    const [ok, stale, forbidden, unknownAction] = res.body.data.items;
    expect(ok).toMatchObject({ reference: mine.reference, ok: true, state: 'acknowledged' });
    expect(stale).toMatchObject({ reference: unassigned.reference, ok: false, status: 409 });
    expect(forbidden).toMatchObject({ reference: technical.reference, ok: false, status: 403 });
    expect(unknownAction).toMatchObject({ reference: complaint.reference, ok: false });
    expect(unknownAction.status).toBeGreaterThanOrEqual(400);
    expect(res.body.data).toMatchObject({ done: 1, refused: 3 });
    expect(await auditCount(strapi, mine.documentId)).toBe(before.mine + 1);
    expect(await auditCount(strapi, unassigned.documentId)).toBe(before.unassigned);
    expect(await auditCount(strapi, complaint.documentId)).toBe(before.complaint);
  });

  it('assigns in bulk (one audit event each) and refuses bad input before touching anything', async () => {
    const bad = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({ action: 'assign', assignee: 999999, items: [{ contentType: 'api::product.product', documentId: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(expect.arrayContaining(['assignee', 'items.0.contentType']));
    const before = await auditCount(strapi, unassigned.documentId);
    const res = await http()
      .post('/after-sales/queues/bulk')
      .set(as(agent))
      .send({
        action: 'assign',
        assignee: colleague.id,
        items: [
          { contentType: FEEDBACK, documentId: unassigned.documentId },
          { contentType: FEEDBACK, documentId: technical.documentId },
        ],
      });
    expect(res.body.data).toMatchObject({ done: 1, refused: 1 });
    expect(await auditCount(strapi, unassigned.documentId)).toBe(before + 1);
    const assigned = await strapi.db.query(FEEDBACK).findOne({ where: { documentId: unassigned.documentId }, populate: ['assignee'] });
    expect(assigned.assignee.id).toBe(colleague.id);
    expect(refs(await items(colleague, { view: 'mine' }))).toEqual([unassigned.reference]);
  });
});

describe('search', () => {
  const search = (session: AdminSession, q: string, page?: number) =>
    http()
      .get('/after-sales/queues/search')
      .query({ q, ...(page ? { page } : {}) })
      .set(as(session));

  it('finds by reference first, by words of the symptom or the thread in Chinese and English', async () => {
    const byRef = await search(agent, mine.reference);
    expect(byRef.status).toBe(200);
    expect(byRef.body.data[0]).toMatchObject({ type: 'item', reference: mine.reference });
    expect((await search(agent, mine.reference.slice(0, 11))).body.data.map((r: any) => r.reference)).toContain(mine.reference);
    expect((await search(agent, '卡纸')).body.data.map((r: any) => r.reference)).toEqual([mine.reference]);
    expect((await search(agent, 'FLICKERS')).body.data.map((r: any) => r.reference)).toEqual([unassigned.reference]);
    expect((await search(agent, '蓝屏')).body.data.map((r: any) => r.reference)).toEqual([unassigned.reference]);
    // Other departments' items are not found.
    expect((await search(agent, '电机异响')).body.data).toEqual([]);
    expect((await search(agent, 'x')).status).toBe(400);
  });

  it('finds two-character Chinese words and a reference by its start; takes % and _ in a word literally', async () => {
    // Two characters of the symptom (no trigram: served by the index of character pairs on PostgreSQL), of the thread, in any case.
    expect((await search(agent, '卡纸')).body.data.map((r: { reference?: string }) => r.reference)).toEqual([mine.reference]);
    expect((await search(agent, '每天')).body.data.map((r: { reference?: string }) => r.reference)).toEqual([mine.reference]);
    expect((await search(agent, '闪烁')).body.data.map((r: { reference?: string }) => r.reference)).toEqual([unassigned.reference]);
    expect((await search(agent, 'Screen')).body.data.map((r: { reference?: string }) => r.reference)).toEqual([unassigned.reference]);
    // Two words: either one.
    expect((await search(agent, '卡纸 蓝屏')).body.data.map((r: { reference?: string }) => r.reference).sort()).toEqual([mine.reference, unassigned.reference].sort());
    // A reference's start: the items in the caller's scope, the exact one first.
    const prefix = await search(agent, `${mine.reference.split('-')[0]}-`);
    expect(prefix.status).toBe(200);
    expect(prefix.body.data.map((r: { reference?: string }) => r.reference)).toEqual(
      expect.arrayContaining([mine.reference, unassigned.reference, complaint.reference].filter((r) => r.startsWith(mine.reference.split('-')[0])))
    );
    expect(prefix.body.data.map((r: { reference?: string }) => r.reference)).not.toContain(technical.reference);
    const exact = await search(agent, mine.reference.toLowerCase());
    expect(exact.body.data[0]).toMatchObject({ type: 'item', reference: mine.reference });
    // `_` and `%` are characters, not wildcards.
    expect((await search(agent, '卡_')).body.data).toEqual([]);
    expect((await search(agent, '%%')).body.data).toEqual([]);
  });

  it('on PostgreSQL, keeps the pairs of characters of the searched texts in indexes (migration 0730)', async () => {
    if (strapi.db.dialect.client !== 'postgres') return;
    const pairs = await strapi.db.connection.raw("SELECT after_sales_bigrams('打印机卡纸 Paper') AS pairs");
    expect(pairs.rows[0].pairs).toEqual(expect.arrayContaining(['卡纸', '打印', 'pa', 'er']));
    const indexes = await strapi.db.connection('pg_indexes').whereIn('tablename', ['feedbacks', 'complaints', 'service_records', 'customers', 'after_sales_thread_entries']).pluck('indexname');
    expect(indexes).toEqual(
      expect.arrayContaining([
        'feedbacks_reference_prefix_idx',
        'feedbacks_symptom_bigrams_idx',
        'feedbacks_scenario_bigrams_idx',
        'complaints_description_bigrams_idx',
        'service_records_findings_bigrams_idx',
        'customers_name_bigrams_idx',
        'after_sales_thread_entries_body_text_bigrams_idx',
      ])
    );
    // The planner can answer a two-character word from the index (the tables are small here: sequential scans off).
    let plan = '';
    await strapi.db.connection.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const explained = await trx.raw("EXPLAIN SELECT id FROM feedbacks WHERE after_sales_bigrams(symptom) @> after_sales_bigrams('卡纸') AND symptom ILIKE '%卡纸%'");
      plan = explained.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('feedbacks_symptom_bigrams_idx');
  });

  it('finds by the full phone number for every role, by part of it only for roles that read phones, and shows no digits to a role that may not', async () => {
    const byPhone = await search(engineer, '138 0013 8000');
    expect(byPhone.status).toBe(200);
    // The engineer's department has no item of this customer, but finds the customer; no digits shown.
    const customer = byPhone.body.data.find((r: any) => r.type === 'customer');
    expect(customer).toMatchObject({ name: '王伟' });
    expect(JSON.stringify(byPhone.body.data)).not.toMatch(/0013|8000/);
    expect((await search(engineer, '00138000')).body.data.filter((r: any) => r.type === 'customer')).toEqual([]);

    const agentHit = await search(agent, '+86 138-0013-8000');
    expect(agentHit.body.data.map((r: any) => r.reference ?? r.name)).toEqual(expect.arrayContaining(['王伟', mine.reference]));
    expect(JSON.stringify(agentHit.body.data)).not.toContain('13800138000');
    const managerHit = await search(manager, '00138000');
    expect(managerHit.body.data.find((r: any) => r.type === 'customer')).toMatchObject({ name: '王伟', phone: expect.stringContaining('138') });
  });

  it('ranks all its candidates before reading a page: the word in the summary before the word in the thread, then by reference; each row in full', async () => {
    const inSummary: { reference: string }[] = [];
    const inThread: { reference: string }[] = [];
    for (let i = 0; i < 6; i += 1) inSummary.push(await intakeInDepartment(strapi, `净水器滤芯报警 ${i}`, { department: 'after-sales' }));
    for (let i = 0; i < 6; i += 1) {
      const item = await intakeInDepartment(strapi, `净水器出水慢 ${i}`, { department: 'after-sales' });
      await strapi
        .plugin('after-sales')
        .service('thread')
        .append({
          contentType: FEEDBACK,
          documentId: item.documentId,
          reference: item.reference,
          kind: 'message-in',
          channel: 'email',
          author: { kind: 'customer', id: null, name: '赵敏' },
          bodyText: '上周刚换过滤芯',
        });
      inThread.push(item);
    }
    const sorted = (list: { reference: string }[]) => list.map((i) => i.reference).sort();
    const first = await search(agent, '滤芯');
    expect(first.status).toBe(200);
    expect(first.body.data.map((r: { reference: string }) => r.reference)).toEqual([...sorted(inSummary), ...sorted(inThread).slice(0, 4)]);
    expect(first.body.meta).toMatchObject({ page: 1, total: 12, hasMore: true });
    const second = await search(agent, '滤芯', 2);
    expect(second.body.data.map((r: { reference: string }) => r.reference)).toEqual(sorted(inThread).slice(4));
    expect(second.body.meta).toMatchObject({ page: 2, total: 12, hasMore: false });
    // A row of the page as the queue shows it: state, next due, tags, the customer masked for the agent's role.
    const row = first.body.data[0];
    expect(row).toMatchObject({
      type: 'item',
      // The word in the summary (20) and in the thread's first message, the intake's own (10).
      score: 30,
      kind: 'feedback',
      contentType: FEEDBACK,
      state: 'received',
      stateTitle: expect.any(String),
      summary: '净水器滤芯报警 0',
      tags: [],
      customer: { name: '赵敏' },
    });
    expect(row.customer.phone).toContain('*');
    expect(row.nextDue).toMatchObject({ clock: expect.any(String), breached: expect.any(Boolean) });
    expect(second.body.data[0]).toMatchObject({ type: 'item', score: 10, state: 'received', customer: { name: '赵敏' } });
  });
});
