import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
let departmentNames: Record<string, string> = {};
const departmentName = (code: string) => departmentNames[code];
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
  departmentNames = Object.fromEntries((await strapi.db.query('api::department.department').findMany({ select: ['code', 'name'] })).map((d: any) => [d.code, d.name]));
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
  await seedFeedback(
    { type: 'service-complaint', severity: 'general', state: 'closed', closedAt: oct(21), satisfactionScore: 4, resolvedAt: oct(20), rootCause: 'late engineer' },
    oct(16),
    undefined,
    after
  );
  await seedFeedback(
    { type: 'quality', severity: 'urgent', state: 'closed', closedAt: oct(22), satisfactionScore: 2, reopenCount: 1, resolvedAt: oct(21), rootCause: 'fan bearing' },
    oct(17),
    rc,
    tech
  );
  // Outside the month (Shanghai time): 2026-09-30 23:00 local and 2026-11-01 00:30 local.
  await seedFeedback({ type: 'praise' }, new Date(Date.UTC(2026, 8, 30, 15, 0)), ap, after);
  await seedFeedback({ type: 'praise' }, new Date(Date.UTC(2026, 9, 31, 16, 30)), ap, after);
  // Complaints: two attributed to technical, one to after-sales.
  for (const [cause, dept] of [
    ['quality', tech],
    ['software', tech],
    ['human', after],
  ] as const) {
    const c = await strapi.documents('api::complaint.complaint').create({ data: { description: 'x', cause, responsibleDepartment: dept.documentId, customer: customer.documentId } as any });
    await strapi.db.query('api::complaint.complaint').update({ where: { documentId: c.documentId }, data: { createdAt: oct(25) } });
  }
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const get = (query: string, token = manager.token) => http().get(`/after-sales/reports/monthly?${query}`).set('Authorization', `Bearer ${token}`);
/** The report's workbook as the manager downloads it (the query names format=xlsx). */
const workbookOf = async (query: string) => {
  const xlsx = await get(query)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.body);
  return workbook;
};

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
    expect(report.volume.bySeverity).toEqual(
      [
        { key: 'important', count: 6 },
        { key: 'general', count: 7 },
        { key: 'urgent', count: 1 },
      ].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    );
    expect(report.volume.byChannel).toEqual([
      { key: 'hotline', count: 8 },
      { key: 'website', count: 6 },
    ]);
    expect(report.satisfaction).toEqual({
      responses: 3,
      average: 3.67,
      distribution: [
        { score: 1, count: 0 },
        { score: 2, count: 1 },
        { score: 3, count: 0 },
        { score: 4, count: 1 },
        { score: 5, count: 1 },
      ],
    });
    expect(report.reopen).toEqual({ items: 14, reopened: 1, rate: 0.0714 });
    expect(report.complaints.total).toBe(3);
    expect(report.complaints.byCause).toEqual([
      { key: 'human', count: 1 },
      { key: 'quality', count: 1 },
      { key: 'software', count: 1 },
    ]);
    expect(report.complaints.rateByDepartment).toEqual([
      { department: 'after-sales', complaints: 1, itemsHandled: 7, rate: 0.1429 },
      { department: 'technical', complaints: 2, itemsHandled: 7, rate: 0.2857 },
    ]);
    expect(report.topRootCauses).toEqual([
      { key: 'fan bearing', count: 1 },
      { key: 'late engineer', count: 1 },
    ]);
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

  it("sends a sample of a large issue's references with the count left out, pages them all on demand, and exports them all", async () => {
    // September: AP-200 batch S0909 quality × 12 (the JSON carries the first 10 references).
    const ap = await strapi.db.query('api::product.product').findOne({ where: { modelCode: 'AP-200' } });
    const seeded: string[] = [];
    for (let i = 0; i < 12; i++) seeded.push((await seedFeedback({ type: 'quality', batch: 'S0909' }, new Date(Date.UTC(2026, 8, 3 + i, 4)), ap)).reference as string);
    const all = [...seeded].sort();
    const issue = (await get('month=2026-09')).body.data.highFrequencyIssues.find((i: any) => i.batch === 'S0909');
    expect(issue).toMatchObject({ productModel: 'AP-200', groupedBy: 'type', key: 'quality', count: 12, referencesOmitted: 2 });
    expect(issue.references).toEqual(all.slice(0, 10));

    const page = (query: string, token = manager.token) => http().get(`/after-sales/reports/monthly/issue-references?${query}`).set('Authorization', `Bearer ${token}`);
    const paged = await page('month=2026-09&productModel=AP-200&batch=S0909&groupedBy=type&key=quality');
    expect(paged.status).toBe(200);
    expect(paged.body.data).toEqual({ references: all, total: 12, page: 1, pageSize: 200, pageCount: 1 });
    // Another batch (or none) is another issue; the report's scope applies.
    expect((await page('month=2026-09&productModel=AP-200&groupedBy=type&key=quality')).body.data.total).toBe(0);
    expect((await page('month=2026-09&productModel=AP-200&batch=S0909&groupedBy=type&key=quality&product=RC-5')).body.data.total).toBe(0);
    const bad = await page('month=2026-9&productModel=AP-200&groupedBy=cause&page=0&format=csv');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['format', 'groupedBy', 'key', 'month', 'page']);
    const agent = await createAdmin(strapi, 'after-sales-agent');
    expect((await page('month=2026-09&productModel=AP-200&batch=S0909&groupedBy=type&key=quality', agent.token)).status).toBe(403);

    // The dashboard shows the month's issues as counts (any staff member); its tooltip asks the references on demand.
    const board = await http().get('/after-sales/dashboard?from=2026-09-01&to=2026-09-30').set('Authorization', `Bearer ${agent.token}`);
    expect(board.status).toBe(200);
    expect(board.body.data.month.highFrequencyIssues.find((i: any) => i.batch === 'S0909')).toEqual({ productModel: 'AP-200', batch: 'S0909', groupedBy: 'type', key: 'quality', count: 12 });
    const onDemand = await http().get('/after-sales/dashboard/issue-references?month=2026-09&productModel=AP-200&batch=S0909&groupedBy=type&key=quality').set('Authorization', `Bearer ${agent.token}`);
    expect(onDemand.body.data).toMatchObject({ references: all, total: 12 });
    const badQuery = await http().get('/after-sales/dashboard/issue-references?month=2026-9&groupedBy=batch&page=0&format=csv').set('Authorization', `Bearer ${agent.token}`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['format', 'groupedBy', 'key', 'month', 'page', 'productModel']);

    // The files keep every reference.
    const workbook = await workbookOf('month=2026-09&format=xlsx&locale=en');
    const sheet = workbook.worksheets.find((w) => w.name === 'High-frequency issues')!;
    const row = (sheet.getSheetValues().filter(Boolean) as any[]).map((r) => r.slice(1)).find((r) => r[1] === 'S0909');
    expect(String(row[4]).split(' ').sort()).toEqual(all);
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

  it('exports CSV, an XLSX with one headed sheet per section and number formats, and a printable page for people', async () => {
    const csv = await get(`month=${MONTH}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('volume,total,14');
    // Asked in a language (the admin does): for people, labels instead of codes, shares as percentages.
    const people = (await get(`month=${MONTH}&format=csv&locale=zh-Hans`)).text;
    expect(people).toContain('\r\n反馈数量\r\n范围,项目,数量,占比\r\n');
    expect(people).toMatch(/按类型,(产品质量问题|服务投诉|使用咨询|表扬),\d+,\d+\.\d%/);
    expect(people).not.toMatch(/,(quality|service|usage|praise|general|serious|hotline),/);
    expect((await get(`month=${MONTH}&format=csv&locale=en`)).text).toContain('Feedback volume');
    const workbook = await workbookOf(`month=${MONTH}&format=xlsx`);
    // Issue 15 item 14: one sheet per section, headed columns, labels instead of codes, formats.
    // The report's own sections, then those the extensions contribute (as on the Reports page).
    const sheets = workbook.worksheets.map((sheet) => sheet.name);
    expect(sheets.slice(0, 8)).toEqual(['概览', '反馈数量', '服务时限达成', '客户满意度', '客户投诉', '各部门投诉率', '主要原因', '高频问题']);
    expect(sheets.slice(8)).toEqual(expect.arrayContaining(['投诉率（按责任部门和责任人）', '重点客户：本月关怀与案件', '本月未联系上的重点客户']));
    const values = (name: string) => (workbook.getWorksheet(name)!.getSheetValues().filter(Boolean) as any[]).map((r) => r.slice(1));
    expect(values('反馈数量')[0]).toEqual(['范围', '项目', '数量', '占比']);
    expect(workbook.getWorksheet('反馈数量')!.getRow(1).font?.bold).toBe(true);
    // (Run alone or after the archive test, which turns every item into praise.)
    const byType = values('反馈数量').filter((r) => r[0] === '按类型');
    expect(byType.reduce((n, r) => n + r[2], 0)).toBe(14);
    expect(byType.every((r) => ['产品质量问题', '服务投诉', '使用咨询', '表扬'].includes(r[1]) && r[3] === r[2] / 14)).toBe(true);
    expect(values('反馈数量')).toContainEqual(['按渠道', '官网', 6, 6 / 14]);
    expect(workbook.getWorksheet('反馈数量')!.getCell('D2').numFmt).toBe('0.0%');
    expect(values('客户投诉')).toContainEqual(['软件（App）体验', 1, 1 / 3]);
    const rates = values('各部门投诉率');
    expect(rates[0]).toEqual(['部门', '投诉数', '处理数', '投诉率']);
    expect(rates.map((r) => r[0])).toContain(departmentName('technical'));
    expect(workbook.getWorksheet('各部门投诉率')!.getCell('D2').numFmt).toBe('0.0%');
    const sla = workbook.getWorksheet('服务时限达成')!;
    expect(sla.getRow(1).values).toEqual([undefined, '时限', '计时方式', '统计数', '按时完成', '已超时未完成', '达成率', '中位用时（小时）', '90% 用时（小时）']);
    expect(sla.getCell('F2').numFmt).toBe('0.0%');
    expect(sla.getCell('G2').numFmt).toBe('0.0');
    expect(values('高频问题')).toContainEqual(['AP-200', 'B2405', expect.stringMatching(/^类型：(产品质量问题|表扬)$/), 6, expect.stringMatching(/^FB-/)]);
    expect(values('概览')[1]).toEqual(['统计期间', '2026-10-01 00:00 – 2026-11-01 00:00（Asia/Shanghai）']);

    const html = await get(`month=${MONTH}&format=html`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<h1>月度客户反馈分析报告 · 2026-10</h1>');
    expect(html.text).toContain('统计期间：2026-10-01 00:00 – 2026-11-01 00:00（Asia/Shanghai）');
    for (const heading of ['反馈数量', '服务时限达成', '客户满意度', '客户投诉', '各部门投诉率', '主要原因', '高频问题']) expect(html.text).toContain(`<h2>${heading}</h2>`);
    expect(html.text).toContain('<td class="text">官网</td><td class="count">6</td><td class="percent">42.9%</td>');
    expect(html.text).toMatch(/<div class="bar"><div style="width:\d+%"><\/div><\/div>/);
    // Not a key/value dump of codes and milliseconds.
    expect(html.text).not.toMatch(/median business ms|Sla Median|usage-question|acknowledgeBy/i);
    const english = await get(`month=${MONTH}&format=html&locale=en`);
    expect(english.text).toContain('<h1>Monthly customer feedback analysis · 2026-10</h1>');
    expect(english.text).toContain('<td class="text">Website</td>');
  });
});
