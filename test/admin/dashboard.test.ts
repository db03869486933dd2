import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let engineer: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const get = (session: AdminSession, path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`);
const shanghai = (local: string) => new Date(`${local}+08:00`);
const clock = () => strapi.plugin('after-sales').service('clock');

/** Feedback received at `receivedAt` (SLA clocks start then), with facts written afterwards. */
const feedbackAt = async (receivedAt: Date, data: Record<string, unknown>, facts: Record<string, unknown> = {}) => {
  clock().set(receivedAt);
  try {
    const doc = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: 'The fan rattles', ...data } as any });
    await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: { createdAt: receivedAt, ...facts } });
    // The clocks follow the stored facts: rows derived from them, as for an item stored before clock rows existed.
    await strapi.db.connection('after_sales_sla_clocks').where({ document_id: doc.documentId }).del();
    await strapi.plugin('after-sales').service('sla').backfillClocks({ force: true });
    return strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: doc.documentId } });
  } finally {
    clock().set(null);
  }
};

let overdueMine: any;
let freshMine: any;
let technicalItem: any;
let callbackToday: any;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  const fan = await createProduct(strapi, { modelCode: 'FAN-9' });
  const afterSales = departments['after-sales'].documentId;

  // Monday 2026-11-16 10:00: acknowledgement due within one working day, long breached by "now".
  overdueMine = await feedbackAt(shanghai('2026-11-16T10:00:00'), {
    symptom: 'The fan rattles, call me on 13800138000',
    type: 'quality',
    severity: 'general',
    department: afterSales,
    assignee: agent.id,
    product: fan.documentId,
  });
  // Wednesday 2026-11-25 10:00: received just now, acknowledgement due tomorrow.
  freshMine = await feedbackAt(shanghai('2026-11-25T10:00:00'), { type: 'usage-question', severity: 'general', department: afterSales, assignee: agent.id });
  // Unassigned after-sales item and a technical one.
  await feedbackAt(shanghai('2026-11-24T09:30:00'), { type: 'suggestion', severity: 'suggestion', department: afterSales });
  technicalItem = await feedbackAt(shanghai('2026-11-24T11:00:00'), { type: 'quality', severity: 'important', department: departments.technical.documentId });
  // Resolved with the satisfaction callback due today (Wednesday 17:00).
  callbackToday = await feedbackAt(
    shanghai('2026-11-10T10:00:00'),
    { type: 'quality', severity: 'general', department: afterSales, assignee: agent.id },
    { state: 'resolved', acknowledgedAt: shanghai('2026-11-10T11:00:00'), resolvedAt: shanghai('2026-11-20T17:00:00'), callbackBy: shanghai('2026-11-25T17:00:00') }
  );
  // Closed with scores: 5 in the week of 2026-11-16, 2 in the week of 2026-11-23.
  await feedbackAt(
    shanghai('2026-11-02T10:00:00'),
    { type: 'praise', severity: 'general', department: afterSales },
    { state: 'closed', closedAt: shanghai('2026-11-17T10:00:00'), satisfactionScore: 5 }
  );
  await feedbackAt(
    shanghai('2026-11-03T10:00:00'),
    { type: 'quality', severity: 'general', department: afterSales },
    { state: 'closed', closedAt: shanghai('2026-11-24T10:00:00'), satisfactionScore: 2 }
  );
  clock().set(shanghai('2026-11-25T14:00:00'));
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
});

describe('the after-sales dashboard', () => {
  it('shows my queue, my department’s queue and the breached items with the working time left', async () => {
    const res = await get(agent, '/after-sales/dashboard?from=2026-11-02&to=2026-11-25');
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.myQueue.total).toBe(3);
    expect(data.myQueue.rows.map((r: any) => r.reference).sort()).toEqual([overdueMine.reference, freshMine.reference, callbackToday.reference].sort());
    // Soonest due first: the breached acknowledgement leads.
    expect(data.myQueue.rows[0].reference).toBe(overdueMine.reference);
    expect(data.myQueue.rows[0].urgency).toBe('breached');
    expect(data.myQueue.rows[0].remainingWorkingMs).toBeLessThan(0);
    expect(data.myQueue.rows[0].contentType).toBe('api::feedback.feedback');
    expect(data.myQueue.rows[0].documentId).toBe(overdueMine.documentId);
    expect(data.myQueue.rows[0].summary).toBe('The fan rattles, call me on 138****8000');
    expect(data.departmentQueue.total).toBe(4);
    expect(data.departmentQueue.rows.map((r: any) => r.reference)).not.toContain(technicalItem.reference);
    expect(data.breached.map((r: any) => r.reference)).toContain(overdueMine.reference);
    expect(data.breached.every((r: any) => r.remainingWorkingMs < 0)).toBe(true);
    // The callback due at 17:00 today has 3 working hours left: at risk.
    expect(data.atRisk.map((r: any) => r.reference)).toContain(callbackToday.reference);
  });

  it('counts by state and the weekly volume and satisfaction come from the database for the period', async () => {
    const { data } = (await get(agent, '/after-sales/dashboard?from=2026-11-02&to=2026-11-25')).body;
    const feedback = data.countsByState.find((c: any) => c.kind === 'feedback');
    const count = (state: string) => feedback.states.find((s: any) => s.state === state).count;
    expect(count('received')).toBe(3);
    expect(count('resolved')).toBe(1);
    expect(count('closed')).toBe(2);
    expect(data.weeklyVolume.weeks.map((w: any) => w.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const week = (day: string) => data.weeklyVolume.weeks.find((w: any) => w.week === day).counts;
    expect(week('2026-11-02')).toMatchObject({ praise: 1, quality: 1 });
    expect(week('2026-11-09')).toMatchObject({ quality: 1 });
    expect(week('2026-11-16')).toMatchObject({ quality: 1 });
    expect(week('2026-11-23')).toMatchObject({ 'usage-question': 1, suggestion: 1 });
    expect(week('2026-11-23').quality ?? 0).toBe(0); // the technical item is not in this agent's departments
    expect(data.satisfactionTrend.find((w: any) => w.week === '2026-11-16')).toEqual({ week: '2026-11-16', responses: 1, average: 5 });
    expect(data.satisfactionTrend.find((w: any) => w.week === '2026-11-23')).toEqual({ week: '2026-11-23', responses: 1, average: 2 });
    expect(data.month.month).toBe('2026-11');
    expect(Array.isArray(data.month.complaintRateByDepartment)).toBe(true);
  });

  it('filters by product and department; a super admin sees every department', async () => {
    const byProduct = (await get(agent, '/after-sales/dashboard?product=FAN-9')).body.data;
    expect(byProduct.departmentQueue.rows.map((r: any) => r.reference)).toEqual([overdueMine.reference]);
    const all = (await get(admin, '/after-sales/dashboard?department=technical')).body.data;
    expect(all.departmentQueue.rows.map((r: any) => r.reference)).toEqual([technicalItem.reference]);
    const engineerView = (await get(engineer, '/after-sales/dashboard')).body.data;
    expect(engineerView.departmentQueue.rows.map((r: any) => r.reference)).toEqual([technicalItem.reference]);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const unknown = await get(agent, '/after-sales/dashboard?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['colour']);
    const department = await get(agent, '/after-sales/dashboard?department=nowhere');
    expect(department.status).toBe(400);
    expect(department.body.error.details.errors[0].path).toEqual(['department']);
    const reversed = await get(agent, '/after-sales/dashboard?from=2026-11-20&to=2026-11-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.errors[0].path).toEqual(['from']);
    expect((await http().get('/after-sales/dashboard')).status).toBe(401);
  });
});

describe('homepage widgets', () => {
  it('"My overdue items" lists only my items with a breached clock', async () => {
    const res = await get(agent, '/after-sales/dashboard/my-overdue');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.reference)).toEqual([overdueMine.reference]);
    expect((await get(engineer, '/after-sales/dashboard/my-overdue')).body.data).toEqual([]);
  });

  it('"Today’s callbacks" lists resolved feedback whose callback is due by tonight', async () => {
    const res = await get(agent, '/after-sales/dashboard/todays-callbacks');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.reference)).toEqual([callbackToday.reference]);
    expect(res.body.data[0].clock).toBe('callbackBy');
  });
});

describe('the order of the lists at more than a page', () => {
  it('orders the department queue by the running clock due first, then reference, and its pages reach every open item', async () => {
    const afterSales = departments['after-sales'].documentId;
    // 22 more open items received over two working days (acknowledgement due one working day later).
    for (let i = 0; i < 22; i++) {
      const minutes = 9 * 60 + (i % 11) * 20;
      const at = `${i < 11 ? '2026-11-23' : '2026-11-24'}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
      await feedbackAt(shanghai(at), { type: 'quality', severity: 'general', department: afterSales });
    }
    clock().set(shanghai('2026-11-25T14:00:00'));
    const first = (await get(agent, '/after-sales/dashboard')).body.data.departmentQueue;
    const second = (await get(agent, '/after-sales/dashboard?page=2')).body.data.departmentQueue;
    expect(first.total).toBe(26);
    expect([first.page, first.pageSize, first.pageCount, second.page]).toEqual([1, 20, 2, 2]);
    expect(first.rows).toHaveLength(20);
    expect(second.rows).toHaveLength(6);
    const rows = [...first.rows, ...second.rows];
    expect(new Set(rows.map((r: any) => r.reference)).size).toBe(26);

    // The order the clock rows give: each open item's running, unpaused clock due first; items without one last; then reference.
    const clocks = await strapi.db.connection('after_sales_sla_clocks').whereNull('stopped_at').whereNull('paused_at').select('document_id', 'due_at');
    const dueOf = (documentId: string) => {
      const due = clocks.filter((c: any) => c.document_id === documentId).map((c: any) => new Date(c.due_at).getTime());
      return due.length ? Math.min(...due) : Infinity;
    };
    const expected = [...rows].sort((a: any, b: any) => dueOf(a.documentId) - dueOf(b.documentId) || a.reference.localeCompare(b.reference)).map((r: any) => r.reference);
    expect(rows.map((r: any) => r.reference)).toEqual(expected);
    // One business calendar: the same order as the working time left (rows without a running clock last).
    const left = rows.map((r: any) => r.remainingWorkingMs ?? Infinity);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    expect(rows[0].reference).toBe(overdueMine.reference);
    // Breached and my overdue items are the overdue items, soonest due first.
    const data = (await get(agent, '/after-sales/dashboard')).body.data;
    expect(data.breached.length).toBeGreaterThan(1);
    expect(data.breached.every((r: any) => r.urgency === 'breached')).toBe(true);
    const breachedDue = data.breached.map((r: any) => dueOf(r.documentId));
    expect(breachedDue).toEqual([...breachedDue].sort((a, b) => a - b));
  });
});

describe('today’s callbacks at more than a page', () => {
  it('lists the 20 callbacks due first, those due at the same time by reference, each once', async () => {
    const afterSales = departments['after-sales'].documentId;
    // 21 more resolved items whose callback is due at 16:00 today, before the one due at 17:00.
    const due = [];
    for (let i = 0; i < 21; i++) {
      due.push(
        await feedbackAt(
          shanghai(`2026-11-1${i % 2}T10:${String(10 + i).padStart(2, '0')}:00`),
          { type: 'quality', severity: 'general', department: afterSales },
          { state: 'resolved', acknowledgedAt: shanghai('2026-11-12T11:00:00'), resolvedAt: shanghai('2026-11-20T17:00:00'), callbackBy: shanghai('2026-11-25T16:00:00') }
        )
      );
    }
    clock().set(shanghai('2026-11-25T14:00:00'));
    const res = await get(agent, '/after-sales/dashboard/todays-callbacks');
    expect(res.status).toBe(200);
    const expected = due
      .map((f: any) => f.reference)
      .sort()
      .slice(0, 20);
    expect(res.body.data.map((r: any) => r.reference)).toEqual(expected);
    expect(res.body.data.map((r: any) => r.reference)).not.toContain(callbackToday.reference);
    expect(res.body.data.every((r: any) => r.clock === 'callbackBy')).toBe(true);
  });
});
