/**
 * Tags in the monthly report (issue 23 item 3): the queues extension's "Items by tag" section —
 * per tag the items received in the month by kind, of those open at the month's end and closed
 * (the state the audit trail records before the end), the month before's count; limited to the
 * report's department; on the Reports page's sections and in the exports. Counts against hand
 * counts on data written here.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
let departments: Record<string, { id: number; documentId: string }>;
const http = () => request(strapi.server.httpServer);
const SECTION = 'after-sales.queues.items-by-tag';
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
/** Noon in Shanghai on a day of 2026 (month 1-12). */
const at = (month: number, d: number) => new Date(Date.UTC(2026, month - 1, d, 4, 0, 0));
const stored = (date: Date) => (strapi.db.dialect.client === 'sqlite' ? date.getTime() : date.toISOString());
const tagIds: Record<string, number> = {};

/** An item of the kind, in a department, received at `createdAt`, with the tags named. */
const item = async (uid: string, department: string, createdAt: Date, tags: string[]) => {
  const data = uid === FEEDBACK ? { channel: 'hotline', symptom: '电池鼓包' } : { description: '物流延误', seriousness: 'minor' };
  const doc = await strapi.documents(uid as typeof FEEDBACK).create({ data: data as never });
  await strapi.db.query(uid).update({ where: { documentId: doc.documentId }, data: { department: departments[department].id } });
  await strapi.db
    .connection(uid === FEEDBACK ? 'feedbacks' : 'complaints')
    .where({ document_id: doc.documentId })
    .update({ created_at: stored(createdAt) });
  for (const tag of tags) await strapi.db.connection('after_sales_item_tags').insert({ content_type: uid, document_id: doc.documentId, tag_id: tagIds[tag], created_at: new Date().toISOString() });
  return doc.documentId as string;
};
/** A state change as the audit trail records it. */
const moved = (uid: string, documentId: string, from: string, to: string, when: Date) =>
  strapi.db.connection('after_sales_audit_events').insert({
    content_type: uid,
    document_id: documentId,
    action: `test-${to}`,
    from_state: from,
    to_state: to,
    actor_kind: 'system',
    created_at: when.toISOString(),
  });

const section = async (month: string, department?: string) => {
  const res = await http()
    .get('/after-sales/reports/sections')
    .query({ month, ...(department ? { department } : {}) })
    .set('Authorization', `Bearer ${manager.token}`);
  expect(res.status).toBe(200);
  const found = res.body.data.find((s: { id: string }) => s.id === SECTION);
  expect(found).toMatchObject({ status: 'ok', extensionId: 'after-sales.queues', title: { en: 'Items by tag', 'zh-Hans': '按标签统计' } });
  return found.data as { columns: { key: string; title: { en: string; 'zh-Hans': string } }[]; rows: Record<string, unknown>[] };
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  for (const [name, colour] of [
    ['电池', '#ff0000'],
    ['物流', '#00aa00'],
    ['未用', '#0000ff'],
  ]) {
    const res = await http().post('/after-sales/queues/tags').set('Authorization', `Bearer ${manager.token}`).send({ name, colour });
    expect(res.status).toBe(201);
    tagIds[name] = res.body.data.id;
  }
  // November: four items tagged 电池 or 物流; October: two more (the trend); 未用 only in October.
  const closedInMonth = await item(FEEDBACK, 'after-sales', at(11, 5), ['电池']);
  await moved(FEEDBACK, closedInMonth, 'received', 'acknowledged', at(11, 6));
  await moved(FEEDBACK, closedInMonth, 'resolved', 'closed', at(11, 20));
  const closedLater = await item(FEEDBACK, 'technical', at(11, 10), ['电池']);
  await moved(FEEDBACK, closedLater, 'received', 'acknowledged', at(11, 11));
  await moved(FEEDBACK, closedLater, 'resolved', 'closed', at(12, 2));
  await item(COMPLAINT, 'after-sales', at(11, 12), ['电池', '物流']);
  const reopened = await item(FEEDBACK, 'after-sales', at(11, 3), ['物流']);
  await moved(FEEDBACK, reopened, 'resolved', 'closed', at(11, 5));
  await moved(FEEDBACK, reopened, 'closed', 'in-progress', at(11, 8));
  await item(FEEDBACK, 'after-sales', at(10, 15), ['电池']);
  await item(FEEDBACK, 'after-sales', at(10, 20), ['未用']);
  // Untagged and outside the two months: not counted.
  await item(FEEDBACK, 'after-sales', at(11, 15), []);
  await item(FEEDBACK, 'after-sales', at(9, 15), ['电池']);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

it('counts each tag’s items of the month by kind, open and closed at the month’s end, and the month before', async () => {
  const data = await section('2026-11');
  expect(data.columns.map((c) => c.key)).toEqual(
    expect.arrayContaining(['tag', 'colour', 'kind:feedback', 'kind:complaint', 'kind:service-record', 'received', 'open', 'closed', 'previous', 'change'])
  );
  expect(data.columns.find((c) => c.key === 'kind:complaint')!.title).toEqual({ en: 'Complaint', 'zh-Hans': '客户投诉' });
  expect(data.columns.find((c) => c.key === 'open')!.title).toEqual({ en: 'Open at month end', 'zh-Hans': '月末未结' });
  // 未用 has no item received in November: left out.
  expect(data.rows.map((r) => r.tag)).toEqual(['物流', '电池']);
  const row = (tag: string) => data.rows.find((r) => r.tag === tag)!;
  expect(row('电池')).toMatchObject({ colour: '#ff0000', 'kind:feedback': 2, 'kind:complaint': 1, 'kind:service-record': 0, received: 3, open: 2, closed: 1, previous: 1, change: 200 });
  expect(row('物流')).toMatchObject({ colour: '#00aa00', 'kind:feedback': 1, 'kind:complaint': 1, received: 2, open: 2, closed: 0, previous: 0, change: null });

  const october = await section('2026-10');
  expect(october.rows).toEqual([expect.objectContaining({ tag: '未用', received: 1, previous: 0 }), expect.objectContaining({ tag: '电池', received: 1, open: 1, closed: 0, previous: 1, change: 0 })]);
});

it('is limited to the report’s department', async () => {
  const afterSales = await section('2026-11', 'after-sales');
  expect(afterSales.rows.find((r) => r.tag === '电池')).toMatchObject({ 'kind:feedback': 1, 'kind:complaint': 1, received: 2, open: 1, closed: 1, previous: 1, change: 100 });
  const technical = await section('2026-11', 'technical');
  expect(technical.rows).toEqual([expect.objectContaining({ tag: '电池', 'kind:feedback': 1, 'kind:complaint': 0, received: 1, open: 1, closed: 0, previous: 0 })]);
});

it('has no rows in a month without tagged items', async () => {
  const empty = await section('2026-07');
  expect(empty.rows).toEqual([]);
  expect(empty.columns.length).toBeGreaterThan(0);
});

it('is written into the exports', async () => {
  const auth = { Authorization: `Bearer ${manager.token}` };
  const csv = await http().get('/after-sales/reports/monthly?month=2026-11&format=csv&locale=zh-Hans').set(auth);
  expect(csv.status).toBe(200);
  expect(csv.text).toContain('按标签统计');
  expect(csv.text).toContain('月末未结');
  expect(csv.text).toContain('电池');
  const coded = await http().get('/after-sales/reports/monthly?month=2026-11&format=csv').set(auth);
  expect(coded.text).toContain(`${SECTION},`);
  const xlsx = await http().get('/after-sales/reports/monthly?month=2026-11&format=xlsx&locale=en').set(auth).buffer(true);
  expect(xlsx.status).toBe(200);
  const html = await http().get('/after-sales/reports/monthly?month=2026-11&format=html&locale=en').set(auth);
  expect(html.text).toContain('Items by tag');
  expect(html.text).toContain('Open at month end');
});
