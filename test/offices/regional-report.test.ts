/**
 * Regions in the monthly report: figures per office and per region (volume, on-time rate,
 * satisfaction, complaint rate, high-frequency issues) against hand counts, and the report filtered
 * by region or office.
 */
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { DEMO_OFFICES } from '../../src/seed/departments';
import { dbTime } from '../../src/plugins/after-sales/server/src/utils/db-time';

let strapi: Core.Strapi;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
/** 12:00 in Shanghai on the given October day. */
const oct = (day: number) => new Date(Date.UTC(2026, 9, day, 4, 0, 0));
const HOUR = 3600_000;
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const SERVICE_RECORD = 'api::service-record.service-record';

const offices: Record<string, { documentId: string }> = {};

/** An item with the given facts, its creation time written afterwards (the report reads stored facts only). */
const item = async (uid: string, office: string | null, data: Record<string, unknown>, createdAt: Date, later: Record<string, unknown> = {}) => {
  const doc = await strapi.documents(uid as any).create({ data: { ...data, office: office ? offices[office].documentId : undefined } as any });
  await strapi.db.query(uid as any).update({ where: { documentId: doc.documentId }, data: { createdAt, ...later } });
  return doc;
};
/** One SLA clock row of an item: stopped (met or not) or still running. */
const clock = (uid: string, documentId: string, row: { due: Date; stopped?: Date; met?: boolean }) =>
  strapi.db.connection('after_sales_sla_clocks').insert({
    content_type: uid,
    document_id: documentId,
    clock: uid === FEEDBACK ? 'acknowledgeBy' : 'respondBy',
    measure: 'business',
    budget_ms: 8 * HOUR,
    started_at: dbTime(strapi, new Date(row.due.getTime() - 8 * HOUR)),
    paused_ms: 0,
    due_at: dbTime(strapi, row.due),
    stopped_at: row.stopped ? dbTime(strapi, row.stopped) : null,
    used_ms: row.stopped ? 4 * HOUR : null,
    met: row.stopped ? !!row.met : null,
    created_at: dbTime(strapi, row.due),
    updated_at: dbTime(strapi, row.due),
  });

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  for (const office of DEMO_OFFICES) offices[office.code] = await strapi.documents('api::office.office').create({ data: { ...office } as any });
  const ap = await createProduct(strapi, { modelCode: 'AP-200' });
  const quality = { channel: 'hotline', symptom: 's', type: 'quality', severity: 'general', product: ap.documentId };
  const question = { ...quality, type: 'usage-question' };
  const closed = (score: number) => ({ state: 'closed', closedAt: oct(25), satisfactionScore: score });
  // 上海 (华东): 4 AP-200 quality, two closed with 5 and 3; one more in September (not counted).
  const sh = [
    await item(FEEDBACK, 'shanghai', quality, oct(2), closed(5)),
    await item(FEEDBACK, 'shanghai', quality, oct(3), closed(3)),
    await item(FEEDBACK, 'shanghai', quality, oct(4)),
    await item(FEEDBACK, 'shanghai', quality, oct(5)),
  ];
  await item(FEEDBACK, 'shanghai', quality, new Date(Date.UTC(2026, 8, 20, 4)));
  // 杭州 (华东): 2 AP-200 quality, one closed with 4. Six in the region, five at most in one office.
  const hz = [await item(FEEDBACK, 'hangzhou', quality, oct(6), closed(4)), await item(FEEDBACK, 'hangzhou', quality, oct(7))];
  // 北京 (华北): 3 usage questions, one closed with 2.
  await item(FEEDBACK, 'beijing', question, oct(8), closed(2));
  await item(FEEDBACK, 'beijing', question, oct(9));
  await item(FEEDBACK, 'beijing', question, oct(10));
  // Head office (no office): 1 praise.
  const head = await item(FEEDBACK, null, { channel: 'website', symptom: 'thanks', type: 'praise', severity: 'general' }, oct(11));
  // Complaints: 1 in Shanghai, 2 in Beijing.
  await item(COMPLAINT, 'shanghai', { description: 'x', cause: 'human' }, oct(12));
  const bjComplaint = await item(COMPLAINT, 'beijing', { description: 'x', cause: 'quality' }, oct(13));
  await item(COMPLAINT, 'beijing', { description: 'x', cause: 'quality' }, oct(14));
  // Service records: a return accepted in Hangzhou, an installation in Beijing.
  await item(SERVICE_RECORD, 'hangzhou', { kind: 'return' }, oct(15));
  await item(SERVICE_RECORD, 'beijing', { kind: 'installation' }, oct(16));
  // Clocks: Shanghai 1 of 2 on time, Hangzhou 1 of 1, Beijing a running clock overdue in October (0 of 1), head office 1 of 1.
  await strapi.db.connection('after_sales_sla_clocks').del();
  await clock(FEEDBACK, sh[0].documentId, { due: oct(3), stopped: oct(2), met: true });
  await clock(FEEDBACK, sh[1].documentId, { due: oct(4), stopped: oct(5), met: false });
  await clock(FEEDBACK, hz[0].documentId, { due: oct(7), stopped: oct(6), met: true });
  await clock(COMPLAINT, bjComplaint.documentId, { due: oct(20) });
  await clock(FEEDBACK, head.documentId, { due: oct(12), stopped: oct(11), met: true });
  strapi.plugin('after-sales').service('clock').set(new Date('2026-11-15T00:00:00Z'));
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
});

const get = (query: string) => http().get(`/after-sales/reports/monthly?${query}`).set('Authorization', `Bearer ${manager.token}`);
const report = async (query: string) => {
  const res = await get(query);
  expect(res.status).toBe(200);
  return res.body.data;
};

describe('the service network in the monthly report', () => {
  it('per office: volume, on-time rate, satisfaction and complaint rate against hand counts', async () => {
    const data = await report('month=2026-10');
    const byCode = Object.fromEntries(data.offices.map((o: any) => [o.office?.code ?? 'head-office', o]));
    expect(Object.keys(byCode)).toEqual(['beijing', 'hangzhou', 'shanghai', 'head-office']);
    expect(byCode.shanghai).toEqual({
      office: { code: 'shanghai', name: '上海办事处', region: '华东' },
      volume: { total: 5, feedback: 4, complaints: 1, serviceRecords: 0, returnsAndExchanges: 0 },
      onTime: { total: 2, met: 1, rate: 0.5 },
      satisfaction: { responses: 2, average: 4 },
      complaintRate: 0.2,
    });
    expect(byCode.hangzhou).toMatchObject({
      volume: { total: 3, feedback: 2, complaints: 0, serviceRecords: 1, returnsAndExchanges: 1 },
      onTime: { total: 1, met: 1, rate: 1 },
      satisfaction: { responses: 1, average: 4 },
      complaintRate: 0,
    });
    expect(byCode.beijing).toMatchObject({
      volume: { total: 6, feedback: 3, complaints: 2, serviceRecords: 1, returnsAndExchanges: 0 },
      onTime: { total: 1, met: 0, rate: 0 },
      satisfaction: { responses: 1, average: 2 },
      complaintRate: 0.4,
    });
    expect(byCode['head-office']).toMatchObject({ office: null, volume: { total: 1, feedback: 1 }, onTime: { total: 1, met: 1, rate: 1 }, satisfaction: { responses: 0, average: null } });
  });

  it('per region: the offices’ counts added up, and the issues over the threshold across the region’s offices', async () => {
    const data = await report('month=2026-10');
    expect(data.highFrequencyThreshold).toBe(5);
    const byRegion = Object.fromEntries(data.regions.map((r: any) => [r.region ?? 'head-office', r]));
    expect(Object.keys(byRegion)).toEqual(['华北', '华东', 'head-office']);
    expect(byRegion['华东']).toEqual({
      region: '华东',
      offices: ['hangzhou', 'shanghai'],
      volume: { total: 8, feedback: 6, complaints: 1, serviceRecords: 1, returnsAndExchanges: 1 },
      onTime: { total: 3, met: 2, rate: 0.6667 },
      satisfaction: { responses: 3, average: 4 },
      complaintRate: 0.1429,
      // 4 in Shanghai + 2 in Hangzhou: over 5 in the region, in neither office alone.
      highFrequencyIssues: [{ productModel: 'AP-200', type: 'quality', count: 6 }],
    });
    expect(byRegion['华北']).toMatchObject({ offices: ['beijing'], volume: { total: 6 }, complaintRate: 0.4, highFrequencyIssues: [] });
  });

  it('filtered by region or office: the whole report covers only its items', async () => {
    const east = await report(`month=2026-10&region=${encodeURIComponent('华东')}`);
    expect(east.scope).toMatchObject({ region: '华东', office: null });
    expect(east.volume.total).toBe(6);
    expect(east.satisfaction).toMatchObject({ responses: 3, average: 4 });
    expect(east.complaints.total).toBe(1);
    expect(east.regions.map((r: any) => r.region)).toEqual(['华东']);
    expect(east.offices.map((o: any) => o.office.code)).toEqual(['hangzhou', 'shanghai']);
    expect(east.sla.clocks.find((c: any) => c.contentType === 'feedback' && c.clock === 'acknowledgeBy')).toMatchObject({ total: 3, met: 2 });

    const beijing = await report('month=2026-10&office=beijing');
    expect(beijing.volume.total).toBe(3);
    expect(beijing.complaints.total).toBe(2);
    expect(beijing.offices.map((o: any) => o.office.code)).toEqual(['beijing']);
    expect(beijing.sla.clocks.find((c: any) => c.contentType === 'complaint' && c.clock === 'respondBy')).toMatchObject({ total: 1, met: 0, overdueOpen: 1 });
  });

  it('the XLSX, the printable page and both CSVs have the regions and offices, each region followed by its offices', async () => {
    const res = await get('month=2026-10&format=xlsx&locale=zh-Hans')
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const rows = (workbook.getWorksheet('区域与办事处')!.getSheetValues().filter(Boolean) as any[]).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['区域 / 办事处', '受理量', '退换货', '按时率', '客户满意度', '投诉率', '高频问题']);
    expect(rows.slice(1).map((r) => [String(r[0]).trim(), r[1]])).toEqual([
      ['华北', 6],
      ['北京办事处', 6],
      ['华东', 8],
      ['杭州服务网点', 3],
      ['上海办事处', 5],
      ['总部（未指定办事处）', 1],
    ]);
    expect(rows[3].slice(1, 6)).toEqual([8, 1, 0.6667, 4, 0.1429]);
    expect(rows[3][6]).toBe('AP-200 · 产品质量问题 × 6');
    const html = await get('month=2026-10&format=html&locale=zh-Hans');
    expect(html.text).toContain('<h2>区域与办事处</h2>');
    // The CSV for people has the same section; the coded CSV (for programs) has a row per figure of each region and office.
    const people = await get('month=2026-10&format=csv&locale=zh-Hans');
    expect(people.text).toContain('区域与办事处');
    const coded = (await get('month=2026-10&format=csv')).text;
    expect(coded).toContain('region,华东.received,8');
    expect(coded).toContain('region,华东.complaintRate,0.1429');
    expect(coded).toContain('region,head-office.received,1');
    expect(coded).toContain('office,shanghai.received,5');
    expect(coded).toContain('office,head-office.received,1');
    expect(coded).toMatch(/region high-frequency issues,华东 \/ AP-200 \/ quality,6/);
  });

  it('an unknown office or region is a 400 naming the parameter', async () => {
    const office = await get('month=2026-10&office=nowhere');
    expect(office.status).toBe(400);
    expect(office.body.error.details.errors).toEqual([{ path: ['office'], message: 'no office "nowhere"' }]);
    const region = await get(`month=2026-10&region=${encodeURIComponent('西北')}`);
    expect(region.status).toBe(400);
    expect(region.body.error.details.errors).toEqual([{ path: ['region'], message: 'no office in region "西北"' }]);
  });

  it('the dashboard filters by region and office and groups the month by region (the same figures)', async () => {
    // A super admin: the dashboard's counts cover every department.
    const admin = await createAdmin(strapi, 'super-admin');
    const dashboard = (query: string) => http().get(`/after-sales/dashboard?${query}`).set('Authorization', `Bearer ${admin.token}`);
    const all = await dashboard('from=2026-10-01&to=2026-10-31');
    expect(all.status).toBe(200);
    expect(all.body.data.options.offices.map((o: any) => o.code).sort()).toEqual(['beijing', 'hangzhou', 'shanghai']);
    expect(all.body.data.month.month).toBe('2026-10');
    expect(all.body.data.month.regions.map((r: any) => [r.region, r.volume.total])).toEqual([
      ['华北', 6],
      ['华东', 8],
      [null, 1],
    ]);
    const east = await dashboard(`from=2026-10-01&to=2026-10-31&region=${encodeURIComponent('华东')}`);
    expect(east.status).toBe(200);
    expect(east.body.data.month.regions.map((r: any) => r.region)).toEqual(['华东']);
    // The counts by state cover the region's items only: 6 feedback items of 上海 and 杭州 in October (the September one too: counts are not by month).
    const feedbackCounts = east.body.data.countsByState.find((g: any) => g.kind === 'feedback');
    expect(feedbackCounts.states.reduce((sum: number, s: any) => sum + s.count, 0)).toBe(7);
    const bad = await dashboard('office=nowhere');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors).toEqual([{ path: ['office'], message: 'no office "nowhere"' }]);
  });
});
