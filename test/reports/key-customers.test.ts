/**
 * The key-customer report (issue 24 item 4): a section of the monthly report per key customer —
 * care calls planned and logged, cases registered, closed and open, deadlines met, satisfaction —
 * and the key customers nobody reached; shown on the Reports page, archived with the month's
 * snapshot and written into its exports. Figures against hand counts on data written here.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
const MONTH = '2026-10';
const REPORT = 'after-sales.key-customers.report';
const NOT_REACHED = 'after-sales.key-customers.not-reached';
/** 12:00 in Shanghai on the given day of October 2026 (or of September with month 8). */
const day = (d: number, month = 9) => new Date(Date.UTC(2026, month, d, 4, 0, 0));
const stored = (date: Date) => (strapi.db.dialect.client === 'sqlite' ? date.getTime() : date.toISOString());

const call = async (customerId: number, dueOn: string, outcome?: { outcome: string; calledAt: Date }) =>
  strapi.db.query('api::care-call.care-call').create({
    data: { customer: customerId, dueOn, callBy: new Date(`${dueOn}T10:00:00Z`), state: outcome ? 'logged' : 'due', ...(outcome ?? {}) },
  });

const feedback = async (customerDocumentId: string, createdAt: Date, later: Record<string, unknown> = {}) => {
  const doc = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: '打印卡纸', customer: customerDocumentId } as any });
  await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: later });
  await strapi.db
    .connection('feedbacks')
    .where({ document_id: doc.documentId })
    .update({ created_at: stored(createdAt) });
  return doc.documentId as string;
};

const clock = (documentId: string, name: string, stoppedAt: Date, met: boolean) =>
  strapi.db.connection('after_sales_sla_clocks').insert({
    content_type: 'api::feedback.feedback',
    document_id: documentId,
    clock: name,
    measure: 'business',
    budget_ms: 3_600_000,
    started_at: stored(day(1)),
    paused_ms: 0,
    due_at: stored(day(2)),
    stopped_at: stored(stoppedAt),
    used_ms: 1,
    met,
    created_at: stored(day(1)),
    updated_at: stored(day(1)),
  });

const sections = async () => {
  const res = await http().get(`/after-sales/reports/sections?month=${MONTH}`).set('Authorization', `Bearer ${manager.token}`);
  expect(res.status).toBe(200);
  const byId = (id: string) => {
    const found = res.body.data.find((s: { id: string }) => s.id === id);
    expect(found).toMatchObject({ status: 'ok' });
    return found.data.rows as Record<string, unknown>[];
  };
  return { report: byId(REPORT), notReached: byId(NOT_REACHED) };
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  const east = await createCustomer(strapi, { name: '华东电子', company: '华东电子有限公司', segment: 'key', phone: '+86 139 0000 0001', email: 'east@example.cn' });
  const north = await createCustomer(strapi, { name: '北方制造', segment: 'key', phone: '+86 139 0000 0002', email: 'north@example.cn' });
  const regular = await createCustomer(strapi, { name: '普通客户', segment: 'regular', phone: '+86 139 0000 0003', email: 'regular@example.cn' });
  const id = async (documentId: string) => Number((await strapi.db.query('api::customer.customer').findOne({ where: { documentId }, select: ['id'] })).id);

  // 华东电子: two calls due in October, one reached and one not; three cases, one closed with a 4; two deadlines stopped, one met.
  await call(await id(east.documentId), '2026-10-05', { outcome: 'reached', calledAt: day(5) });
  await call(await id(east.documentId), '2026-10-20', { outcome: 'not-reached', calledAt: day(20) });
  const closed = await feedback(east.documentId, day(3), { state: 'closed', closedAt: day(10), satisfactionScore: 4 });
  await feedback(east.documentId, day(12));
  const complaint = await strapi.documents('api::complaint.complaint').create({ data: { description: '安装延误', customer: east.documentId, seriousness: 'minor' } as any });
  await strapi.db
    .connection('complaints')
    .where({ document_id: complaint.documentId })
    .update({ created_at: stored(day(8)) });
  await strapi.db.connection('after_sales_sla_clocks').where({ document_id: closed }).del();
  await clock(closed, 'acknowledgeBy', day(4), true);
  await clock(closed, 'resolveBy', day(9), false);
  // 华东电子's loyalty answers: 6 in September, 9 in October.
  for (const [campaign, answeredAt, score] of [
    [1, day(20, 8), 6],
    [2, day(21), 9],
  ] as const)
    await strapi.db.connection('after_sales_nps_invitations').insert({
      campaign_id: campaign,
      customer_document_id: east.documentId,
      segment: 'key',
      token_hash: `hash-${campaign}`,
      locale: 'zh-Hans',
      expires_at: day(28).getTime(),
      created_at: answeredAt.toISOString(),
      answered_at: answeredAt.toISOString(),
      score,
    });
  // 北方制造: one call due in October, not logged yet; one reached in September (another month).
  await call(await id(north.documentId), '2026-10-15');
  await call(await id(north.documentId), '2026-09-28', { outcome: 'reached', calledAt: day(28, 8) });
  // …and one due in October whose plan no longer applied: withdrawn, not a contact planned.
  const withdrawn = await call(await id(north.documentId), '2026-10-25');
  await strapi.db.query('api::care-call.care-call').update({ where: { id: withdrawn.id }, data: { state: 'withdrawn' } });
  // A regular customer is not in the report.
  await call(await id(regular.documentId), '2026-10-06', { outcome: 'reached', calledAt: day(6) });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

it('shows each key customer’s contacts, cases, deadlines and satisfaction for the month, against hand counts', async () => {
  const { report, notReached } = await sections();
  expect(report).toEqual([
    { customer: '华东电子 (华东电子有限公司)', planned: 2, reached: 1, notReached: 1, opened: 3, closed: 1, onTimePercent: 50, satisfaction: 4, open: 2, npsPrevious: 6, npsLatest: 9 },
    { customer: '北方制造', planned: 1, reached: 0, notReached: 0, opened: 0, closed: 0, onTimePercent: null, satisfaction: null, open: 0, npsPrevious: null, npsLatest: null },
  ]);
  expect(notReached).toEqual([{ customer: '北方制造', planned: 1, attempts: 0 }]);
});

it('keeps the sections with the archived snapshot and writes them into the exports', async () => {
  const archived = await http().post('/after-sales/reports/monthly/archive').set('Authorization', `Bearer ${manager.token}`).send({ month: MONTH });
  expect(archived.status).toBe(201);
  const snapshot = await http().get(`/after-sales/reports/archives/${archived.body.data.id}`).set('Authorization', `Bearer ${manager.token}`);
  const kept = snapshot.body.data.figures.sections as { id: string; rows: Record<string, unknown>[] }[];
  expect(kept.map((s) => s.id)).toEqual(expect.arrayContaining([REPORT, NOT_REACHED]));
  expect(kept.find((s) => s.id === NOT_REACHED)!.rows).toEqual([{ customer: '北方制造', planned: 1, attempts: 0 }]);

  // Later facts do not change the archive: 北方制造 is reached now.
  const north = await strapi.db.query('api::customer.customer').findOne({ where: { name: '北方制造' }, select: ['id'] });
  await call(Number(north.id), '2026-10-16', { outcome: 'reached', calledAt: day(16) });
  expect((await sections()).notReached).toEqual([]);
  const again = await http().get(`/after-sales/reports/archives/${archived.body.data.id}`).set('Authorization', `Bearer ${manager.token}`);
  expect(again.body.data.figures.sections.find((s: { id: string }) => s.id === NOT_REACHED).rows).toHaveLength(1);

  const csv = await http().get(`/after-sales/reports/monthly?month=${MONTH}&format=csv&locale=zh-Hans`).set('Authorization', `Bearer ${manager.token}`);
  expect(csv.status).toBe(200);
  expect(csv.text).toContain('重点客户：本月关怀与案件');
  expect(csv.text).toContain('华东电子 (华东电子有限公司)');
  const coded = await http().get(`/after-sales/reports/monthly?month=${MONTH}&format=csv`).set('Authorization', `Bearer ${manager.token}`);
  expect(coded.text).toContain(`${REPORT},1.planned,2`);
  const html = await http().get(`/after-sales/reports/monthly?month=${MONTH}&format=html&locale=en`).set('Authorization', `Bearer ${manager.token}`);
  expect(html.text).toContain('Key customers: care and cases this month');
});

it('reports the segment the settings name', async () => {
  const set = await http()
    .put('/after-sales/extensions/after-sales.key-customers/configuration')
    .set('Authorization', `Bearer ${manager.token}`)
    .send({ data: { segment: 'regular' } });
  expect(set.status).toBe(200);
  try {
    expect((await sections()).report.map((r) => r.customer)).toEqual(['普通客户']);
  } finally {
    await http()
      .put('/after-sales/extensions/after-sales.key-customers/configuration')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ data: { segment: 'key' } });
  }
});
