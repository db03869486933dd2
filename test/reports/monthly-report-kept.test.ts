import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';

/**
 * The monthly report's page kept a little while, as the dashboard's figures are (`dashboardFigures` in the plugin
 * config): a month that was slow to compute is served as it is while fresh, then while one refresh runs, never
 * older than the stale limit, and the answer says when it was computed (`meta.figures`). It is kept per month and
 * filters, not per user. Files (CSV, XLSX, HTML) are computed afresh. Here every report counts as slow
 * (`cacheFromMs` 0), as a month over a million items is.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
let manager: AdminSession;
let head: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const MONTH = '2026-10';
const http = () => request(strapi.server.httpServer);
const report = async (session: AdminSession, query = '') => {
  const res = await http().get(`/after-sales/reports/monthly?month=${MONTH}${query}`).set('Authorization', `Bearer ${session.token}`);
  expect(res.status).toBe(200);
  return res.body as { data: any; meta: { figures: { asOf: string; kept: boolean; freshSeconds: number; staleSeconds: number } } };
};
const configure = (figures: { cacheFromMs: number; freshSeconds: number; staleSeconds: number }) => strapi.config.set('plugin::after-sales.dashboardFigures', figures);
/** A feedback item of the department created on 15 October (noon in Shanghai). */
const feedback = async (department: 'after-sales' | 'technical') => {
  const doc = await strapi.documents('api::feedback.feedback').create({
    data: { channel: 'hotline', type: 'quality', severity: 'general', symptom: 'The fan rattles', department: departments[department].documentId } as any,
  });
  await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: { createdAt: new Date(Date.UTC(2026, 9, 15, 4)) } });
};
/** Asks until the report was computed after `after` (a background refresh ends), at most 10 s. */
const refreshed = async (after: string) => {
  for (let i = 0; i < 100; i++) {
    const body = await report(manager);
    if (body.meta.figures.asOf > after) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the report was not refreshed');
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_DASHBOARD_CACHE_FROM_MS: '0' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  manager = await createAdmin(strapi, 'after-sales-manager');
  head = await createAdmin(strapi, 'after-sales-manager');
  await feedback('after-sales');
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER', 'AFTER_SALES_DASHBOARD_CACHE_FROM_MS']) delete process.env[key];
});

describe('the monthly report page kept a little while', () => {
  it('serves a slow month as computed while fresh, says when, shares it between readers, keeps each scope apart; files are exact', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    const first = await report(manager);
    expect(first.meta.figures).toMatchObject({ kept: true, freshSeconds: 600, staleSeconds: 1200 });
    expect(Math.abs(Date.parse(first.meta.figures.asOf) - Date.now())).toBeLessThan(60_000);
    expect(first.data.volume.total).toBe(1);

    await feedback('technical');
    // The same month and filters: the figures as they were, for this reader and another.
    const again = await report(manager);
    expect(again.meta.figures.asOf).toBe(first.meta.figures.asOf);
    expect(again.data.volume.total).toBe(1);
    const theirs = await report(head);
    expect(theirs.meta.figures.asOf).toBe(first.meta.figures.asOf);
    expect(theirs.data.volume.total).toBe(1);
    // Another scope is computed on its own: the technical department's month counts the new item.
    const technical = await report(manager, '&department=technical');
    expect(technical.data.volume.total).toBe(1);
    expect(technical.meta.figures.asOf >= first.meta.figures.asOf).toBe(true);
    // A file is computed for the download: both items.
    const csv = await http().get(`/after-sales/reports/monthly?month=${MONTH}&format=csv`).set('Authorization', `Bearer ${manager.token}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toMatch(/^"?volume"?,"?total"?,"?2"?\r?$/m);
  });

  it('once no longer fresh, serves it once more while one refresh runs, then the refreshed one', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 0, staleSeconds: 1200 });
    const stale = await report(manager);
    expect(stale.data.volume.total).toBe(1);
    const fresh = await refreshed(stale.meta.figures.asOf);
    expect(fresh.data.volume.total).toBe(2);
    expect(fresh.meta.figures.kept).toBe(true);
  });

  it('never serves a report older than the stale limit: it is computed while the caller waits', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    const before = await report(manager);
    await feedback('after-sales');
    configure({ cacheFromMs: 0, freshSeconds: 0, staleSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const body = await report(manager);
    expect(body.meta.figures.asOf > before.meta.figures.asOf).toBe(true);
    expect(body.data.volume.total).toBe(3);
  });

  it('computes a quick month for every answer (not kept): exact at once', async () => {
    configure({ cacheFromMs: 600_000, freshSeconds: 0, staleSeconds: 1200 });
    const last = await report(manager);
    await refreshed(last.meta.figures.asOf);
    configure({ cacheFromMs: 600_000, freshSeconds: 600, staleSeconds: 1200 });
    await feedback('technical');
    const body = await report(manager);
    expect(body.meta.figures.kept).toBe(false);
    expect(body.data.volume.total).toBe(4);
  });

  it("reads each high-frequency issue's improvement record for every answer: a head who starts one sees it in the kept month", async () => {
    configure({ cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    const product = await createProduct(strapi, { modelCode: 'KEPT-1' });
    // Six of one fault on one batch in September: over the threshold of 5.
    for (let i = 0; i < 6; i++) {
      const doc = await strapi.documents('api::feedback.feedback').create({
        data: { channel: 'hotline', type: 'quality', severity: 'general', symptom: 'Leaks', batch: 'K2409', product: product.documentId } as any,
      });
      await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: { createdAt: new Date(Date.UTC(2026, 8, 10 + i, 4)) } });
    }
    const september = async () => {
      const res = await http().get('/after-sales/reports/monthly?month=2026-09').set('Authorization', `Bearer ${manager.token}`);
      expect(res.status).toBe(200);
      return res.body as { data: any; meta: { figures: { asOf: string; kept: boolean } } };
    };
    const first = await september();
    expect(first.meta.figures.kept).toBe(true);
    const issue = first.data.highFrequencyIssues.find((i: any) => i.productModel === 'KEPT-1');
    expect(issue).toMatchObject({ batch: 'K2409', groupedBy: 'type', key: 'quality', count: 6, improvementRecord: null });
    const started = await http()
      .post('/after-sales/improvements')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ month: '2026-09', productModel: 'KEPT-1', batch: 'K2409', groupedBy: 'type', key: 'quality' });
    expect(started.status).toBe(201);
    const again = await september();
    expect(again.meta.figures.asOf).toBe(first.meta.figures.asOf);
    expect(again.data.highFrequencyIssues.find((i: any) => i.productModel === 'KEPT-1').improvementRecord).toMatchObject({
      documentId: started.body.data.documentId,
      reference: started.body.data.reference,
    });
  });

  it('the test hook (AFTER_SALES_TEST_CLOCK) sets these settings for a browser test: super admins only, each setting checked', async () => {
    const hook = (session: AdminSession, body: Record<string, unknown>) => http().put('/after-sales/test/figures').set('Authorization', `Bearer ${session.token}`).send(body);
    expect((await hook(manager, { cacheFromMs: 0, freshSeconds: 60, staleSeconds: 600 })).status).toBe(403);
    const bad = await hook(admin, { cacheFromMs: -1, freshSeconds: 60, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.')).sort()).toEqual(['cacheFromMs', 'colour', 'staleSeconds']);
    const before = { ...(strapi.config.get('plugin::after-sales.dashboardFigures') as object) };
    const set = await hook(admin, { cacheFromMs: 0, freshSeconds: 60, staleSeconds: 600 });
    expect(set.status).toBe(200);
    // The settings before, for a test to put back.
    expect(set.body.meta.previous).toEqual(before);
    expect(strapi.config.get('plugin::after-sales.dashboardFigures')).toEqual({ cacheFromMs: 0, freshSeconds: 60, staleSeconds: 600 });
    expect((await report(manager)).meta.figures).toMatchObject({ freshSeconds: 60, staleSeconds: 600 });
  });
});
