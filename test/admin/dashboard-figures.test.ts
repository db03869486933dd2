import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

/**
 * The dashboard's figures kept a little while (stale-while-revalidate, `dashboardFigures` in the
 * plugin config): counts by state, my queue's total, the weekly charts and the month's figures that
 * were slow to compute are served as they are while fresh, then while one refresh runs, never older
 * than the stale limit; the answer says when they were computed. The lists stay live. Here every
 * figure counts as slow (`cacheFromMs` 0), as a department of 450,000 items is.
 */
let strapi: Core.Strapi;
let agent: AdminSession;
let colleague: AdminSession;
let technician: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const dashboard = async (session: AdminSession) => {
  const res = await http().get('/after-sales/dashboard').set('Authorization', `Bearer ${session.token}`);
  expect(res.status).toBe(200);
  return res.body.data;
};
const received = (data: any) => data.countsByState.find((c: any) => c.kind === 'feedback').states.find((s: any) => s.state === 'received').count as number;
const handled = (data: any) => data.month.complaintRateByDepartment.find((r: any) => r.department === 'after-sales')?.itemsHandled ?? 0;
const configure = (figures: { cacheFromMs: number; freshSeconds: number; staleSeconds: number }) => strapi.config.set('plugin::after-sales.dashboardFigures', figures);
const feedback = (department: string, assignee?: number) =>
  strapi.documents('api::feedback.feedback').create({
    data: { channel: 'hotline', type: 'quality', severity: 'general', symptom: 'The fan rattles', department: departments[department].documentId, ...(assignee ? { assignee } : {}) } as any,
  });
/** Asks until the figures were computed after `after` (a background refresh ends), at most 10 s. */
const refreshed = async (session: AdminSession, after: string) => {
  for (let i = 0; i < 100; i++) {
    const data = await dashboard(session);
    if (data.figures.asOf > after) return data;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the figures were not refreshed');
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_DASHBOARD_CACHE_FROM_MS: '0' } });
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  colleague = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  technician = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  await feedback('after-sales', agent.id);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('the dashboard figures kept a little while', () => {
  it('serves slow figures as computed while fresh, says when, and shares them with the same departments; the lists stay live', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    const first = await dashboard(agent);
    expect(first.figures).toMatchObject({ kept: true, freshSeconds: 600, staleSeconds: 1200 });
    expect(Math.abs(Date.parse(first.figures.asOf) - Date.now())).toBeLessThan(60_000);
    expect(received(first)).toBe(1);
    expect(first.myQueue.total).toBe(1);
    expect(handled(first)).toBe(1);

    const added = await feedback('after-sales', agent.id);
    const again = await dashboard(agent);
    // The figures as they were: counts, my queue's total, the month.
    expect(again.figures.asOf).toBe(first.figures.asOf);
    expect(received(again)).toBe(1);
    expect(again.myQueue.total).toBe(1);
    expect(handled(again)).toBe(1);
    // The lists are read for each answer.
    expect(again.myQueue.rows.map((r: any) => r.documentId)).toContain(added.documentId);
    expect(again.departmentQueue.rows.map((r: any) => r.documentId)).toContain(added.documentId);

    // Another member of the same department: the same figures (kept per departments, not per user), but their own queue.
    const theirs = await dashboard(colleague);
    expect(received(theirs)).toBe(1);
    expect(theirs.myQueue.total).toBe(0);
    // Another department's: its own figures.
    const technical = await dashboard(technician);
    expect(received(technical)).toBe(0);
  });

  it('once no longer fresh, serves them once more while one refresh runs, then the refreshed ones', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 0, staleSeconds: 1200 });
    const stale = await dashboard(agent);
    expect(received(stale)).toBe(1);
    const data = await refreshed(agent, stale.figures.asOf);
    expect(received(data)).toBe(2);
    expect(data.myQueue.total).toBe(2);
    expect(handled(data)).toBe(2);
    expect(data.figures.kept).toBe(true);
  });

  it('never serves figures older than the stale limit: they are computed while the caller waits', async () => {
    configure({ cacheFromMs: 0, freshSeconds: 600, staleSeconds: 1200 });
    const before = await dashboard(agent);
    await feedback('after-sales');
    configure({ cacheFromMs: 0, freshSeconds: 0, staleSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const data = await dashboard(agent);
    expect(data.figures.asOf > before.figures.asOf).toBe(true);
    expect(received(data)).toBe(3);
    expect(handled(data)).toBe(3);
  });

  it('computes quick figures for every answer (not kept): exact at once', async () => {
    configure({ cacheFromMs: 600_000, freshSeconds: 0, staleSeconds: 1200 });
    // The kept figures are refreshed once more; the refresh was quick, so they are no longer kept.
    const last = await dashboard(agent);
    await refreshed(agent, last.figures.asOf);
    configure({ cacheFromMs: 600_000, freshSeconds: 600, staleSeconds: 1200 });
    await feedback('after-sales', agent.id);
    const data = await dashboard(agent);
    expect(data.figures.kept).toBe(false);
    expect(received(data)).toBe(4);
    expect(data.myQueue.total).toBe(3);
    expect(handled(data)).toBe(4);
  });
});
