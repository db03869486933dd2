import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
const MONTH = '2026-10';
/** 12:00 in Shanghai on the given October day. */
const oct = (day: number) => new Date(Date.UTC(2026, 9, day, 4, 0, 0));

/** Creates feedback directly in the database with the given facts (the report reads only stored facts). */
const seedFeedback = async (facts: Record<string, unknown>, createdAt: Date, product?: { documentId: string }, department?: { documentId: string }) => {
  const clock = strapi.plugin('after-sales').service('clock');
  clock.set(createdAt);
  const LATER = ['state', 'closedAt', 'resolvedAt', 'satisfactionScore', 'reopenCount', 'rootCause'];
  try {
    const initial = Object.fromEntries(Object.entries(facts).filter(([key]) => !LATER.includes(key)));
    const doc = await strapi.documents('api::feedback.feedback').create({
      data: { channel: 'hotline', symptom: 's', product: product?.documentId, department: department?.documentId, ...initial } as any,
    });
    const extra: Record<string, unknown> = { createdAt };
    for (const key of LATER) if (key in facts) extra[key] = facts[key];
    await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: extra });
    return doc;
  } finally {
    clock.set(null);
  }
};

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager');
  const ap = await createProduct(strapi, { modelCode: 'AP-200' });
  const rc = await createProduct(strapi, { modelCode: 'RC-5' });
  const customer = await createCustomer(strapi);
  const after = departments['after-sales'];
  const tech = departments.technical;
  // High-frequency: AP-200 batch B2405 quality × 6 (over 5); RC-5 batch C2311 quality × 5 (the near miss).
  for (let i = 0; i < 6; i++) await seedFeedback({ type: 'quality', severity: 'important', batch: 'B2405', channel: 'website' }, oct(2 + i), ap, tech);
  for (let i = 0; i < 5; i++) await seedFeedback({ type: 'quality', severity: 'general', batch: 'C2311' }, oct(10 + i), rc, after);
  // Closed with scores in October: 5, 4, 2; one reopened; root causes.
  await seedFeedback({ type: 'usage-question', severity: 'general', state: 'closed', closedAt: oct(20), satisfactionScore: 5 }, oct(15), ap, after);
  await seedFeedback({ type: 'service-complaint', severity: 'general', state: 'closed', closedAt: oct(21), satisfactionScore: 4, resolvedAt: oct(20), rootCause: 'late engineer' }, oct(16), undefined, after);
  await seedFeedback({ type: 'quality', severity: 'urgent', state: 'closed', closedAt: oct(22), satisfactionScore: 2, reopenCount: 1, resolvedAt: oct(21), rootCause: 'fan bearing' }, oct(17), rc, tech);
  // Outside the month (Shanghai time): 2026-09-30 23:00 local and 2026-11-01 00:30 local.
  await seedFeedback({ type: 'praise' }, new Date(Date.UTC(2026, 8, 30, 15, 0)), ap, after);
  await seedFeedback({ type: 'praise' }, new Date(Date.UTC(2026, 9, 31, 16, 30)), ap, after);
  // Complaints: two attributed to technical, one to after-sales.
  for (const [cause, dept] of [['quality', tech], ['software', tech], ['human', after]] as const) {
    const c = await strapi.documents('api::complaint.complaint').create({ data: { description: 'x', cause, responsibleDepartment: dept.documentId, customer: customer.documentId } as any });
    await strapi.db.query('api::complaint.complaint').update({ where: { documentId: c.documentId }, data: { createdAt: oct(25) } });
  }
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const get = (query: string, token = manager.token) => http().get(`/after-sales/reports/monthly?${query}`).set('Authorization', `Bearer ${token}`);

describe('monthly feedback analysis report', () => {
  it('gives exactly the expected figures', async () => {
    const res = await get(`month=${MONTH}`);
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect(report.volume.total).toBe(14);
    expect(report.volume.byType).toEqual([
      { key: 'quality', count: 12 },
      { key: 'service-complaint', count: 1 },
      { key: 'usage-question', count: 1 },
    ]);
    expect(report.volume.bySeverity).toEqual([
      { key: 'important', count: 6 },
      { key: 'general', count: 7 },
      { key: 'urgent', count: 1 },
    ].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)));
    expect(report.volume.byChannel).toEqual([{ key: 'hotline', count: 8 }, { key: 'website', count: 6 }]);
    expect(report.satisfaction).toEqual({ responses: 3, average: 3.67, distribution: [{ score: 1, count: 0 }, { score: 2, count: 1 }, { score: 3, count: 0 }, { score: 4, count: 1 }, { score: 5, count: 1 }] });
    expect(report.reopen).toEqual({ items: 14, reopened: 1, rate: 0.0714 });
    expect(report.complaints.total).toBe(3);
    expect(report.complaints.byCause).toEqual([{ key: 'human', count: 1 }, { key: 'quality', count: 1 }, { key: 'software', count: 1 }]);
    expect(report.complaints.rateByDepartment).toEqual([
      { department: 'after-sales', complaints: 1, itemsHandled: 7, rate: 0.1429 },
      { department: 'technical', complaints: 2, itemsHandled: 7, rate: 0.2857 },
    ]);
    expect(report.topRootCauses).toEqual([{ key: 'fan bearing', count: 1 }, { key: 'late engineer', count: 1 }]);
  });

  it('finds the high-frequency issue (6 > 5) and not the near miss (5)', async () => {
    const report = (await get(`month=${MONTH}`)).body.data;
    expect(report.highFrequencyThreshold).toBe(5);
    expect(report.highFrequencyIssues).toHaveLength(1);
    expect(report.highFrequencyIssues[0]).toMatchObject({ productModel: 'AP-200', batch: 'B2405', groupedBy: 'type', key: 'quality', count: 6 });
    expect(report.highFrequencyIssues[0].references).toHaveLength(6);
  });

  it('filters by product and department', async () => {
    expect((await get(`month=${MONTH}&product=RC-5`)).body.data.volume.total).toBe(6);
    expect((await get(`month=${MONTH}&department=technical`)).body.data.volume.total).toBe(7);
  });

  it('refuses bad parameters and callers without the permission', async () => {
    const bad = await get('month=2026-13&format=pdf&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['extra', 'format', 'month']);
    const agent = await createAdmin(strapi, 'after-sales-agent');
    expect((await get(`month=${MONTH}`, agent.token)).status).toBe(403);
  });

  it('archives an immutable snapshot that later edits do not change', async () => {
    const archived = await http().post('/after-sales/reports/monthly/archive').set('Authorization', `Bearer ${manager.token}`).send({ month: MONTH });
    expect(archived.status).toBe(201);
    expect(archived.body.data).toMatchObject({ month: MONTH, generatedBy: expect.stringContaining('after-sales-manager') });
    const again = await http().post('/after-sales/reports/monthly/archive').set('Authorization', `Bearer ${manager.token}`).send({ month: MONTH });
    expect(again.status).toBe(409);
    await strapi.db.connection('feedbacks').update({ type: 'praise' });
    const live = (await get(`month=${MONTH}`)).body.data;
    expect(live.volume.byType).toEqual([{ key: 'praise', count: 14 }]);
    const snapshot = await http().get(`/after-sales/reports/archives/${archived.body.data.id}`).set('Authorization', `Bearer ${manager.token}`);
    expect(snapshot.body.data.figures.volume.byType[0]).toEqual({ key: 'quality', count: 12 });
    expect(snapshot.body.data.figures.highFrequencyIssues).toHaveLength(1);
  });

  it('exports CSV, XLSX (read back) and a printable HTML page with the same figures', async () => {
    const csv = await get(`month=${MONTH}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('volume,total,14');
    const xlsx = await get(`month=${MONTH}&format=xlsx`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const rows = workbook.worksheets[0].getSheetValues().filter(Boolean).map((r: any) => r.slice(1));
    expect(rows).toContainEqual(['volume', 'total', 14]);
    expect(rows).toContainEqual(['complaints', 'total', 3]);
    const html = await get(`month=${MONTH}&format=html`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<th>total</th><td>14</td>');
  });
});
