import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
const H = 3_600_000;
/** A wall-clock time in Shanghai. */
const sh = (local: string) => new Date(`${local}+08:00`);
const NO_CLOCKS = { acknowledgeBy: null, respondBy: null, rootCauseBy: null, resolveBy: null, callbackBy: null, acknowledgedAt: null, resolvedAt: null, closedAt: null };

/** A feedback item with exactly these stored clock facts (the report reads only stored facts). */
const seedFeedback = async (facts: Record<string, unknown>, department?: { documentId: string }) => {
  const doc = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: 's', department: department?.documentId } as any });
  await strapi.db.query('api::feedback.feedback').update({ where: { documentId: doc.documentId }, data: { ...NO_CLOCKS, ...facts } });
};

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager');
  const customer = await createCustomer(strapi);
  const monday = '2026-10-12';
  // acknowledgeBy, created Monday 12 October 09:00 unless said otherwise (due the next day 09:00):
  await seedFeedback({ state: 'acknowledged', createdAt: sh(`${monday}T09:00:00`), acknowledgeBy: sh('2026-10-13T09:00:00'), acknowledgedAt: sh(`${monday}T10:00:00`) }); // 1 h, met
  await seedFeedback({ state: 'acknowledged', createdAt: sh(`${monday}T09:00:00`), acknowledgeBy: sh('2026-10-13T09:00:00'), acknowledgedAt: sh(`${monday}T14:30:00`) }); // 3 h + 1 h after lunch = 4 h, met
  await seedFeedback({ state: 'acknowledged', createdAt: sh(`${monday}T09:00:00`), acknowledgeBy: sh('2026-10-13T09:00:00'), acknowledgedAt: sh('2026-10-13T10:00:00') }, departments.technical); // 9 h, late
  // Friday 9 Oct 17:30 → Saturday 10 Oct 10:00, a make-up working day: 1 h + 1 h = 2 h, met.
  await seedFeedback({ state: 'acknowledged', createdAt: sh('2026-10-09T17:30:00'), acknowledgeBy: sh('2026-10-10T17:30:00'), acknowledgedAt: sh('2026-10-10T10:00:00') });
  // Wednesday 30 Sep 16:00 → Thursday 8 Oct 10:00 across the National Day holidays: 2.5 h + 1 h = 3.5 h, met.
  await seedFeedback({ state: 'acknowledged', createdAt: sh('2026-09-30T16:00:00'), acknowledgeBy: sh('2026-10-08T16:00:00'), acknowledgedAt: sh('2026-10-08T10:00:00') });
  // Never acknowledged, due 20 Oct: breached and still open (counted); the same as a duplicate (not counted).
  await seedFeedback({ state: 'received', createdAt: sh('2026-10-19T09:00:00'), acknowledgeBy: sh('2026-10-20T09:00:00') });
  await seedFeedback({ state: 'duplicate', createdAt: sh('2026-10-19T09:00:00'), acknowledgeBy: sh('2026-10-20T09:00:00') });
  // Acknowledged in September: another month.
  await seedFeedback({ state: 'acknowledged', createdAt: sh('2026-09-28T09:00:00'), acknowledgeBy: sh('2026-09-29T09:00:00'), acknowledgedAt: sh('2026-09-28T11:00:00') });
  // callbackBy (from resolution to closing): 2 h met; Friday 18:00 → Monday 10:00 = 0.5 h + 1 h = 1.5 h, late.
  await seedFeedback({ state: 'closed', createdAt: sh('2026-10-13T09:00:00'), resolvedAt: sh('2026-10-14T09:00:00'), callbackBy: sh('2026-10-16T09:00:00'), closedAt: sh('2026-10-14T11:00:00') });
  await seedFeedback({ state: 'closed', createdAt: sh('2026-10-13T09:00:00'), resolvedAt: sh('2026-10-16T18:00:00'), callbackBy: sh('2026-10-19T09:00:00'), closedAt: sh('2026-10-19T10:00:00') });
  // A complaint resolved in one working day (8 h), well within its 10 working days.
  const complaint = await strapi.documents('api::complaint.complaint').create({ data: { description: 'x', cause: 'quality', customer: customer.documentId } as any });
  await strapi.db.query('api::complaint.complaint').update({
    where: { documentId: complaint.documentId },
    data: { state: 'closed', createdAt: sh(`${monday}T09:00:00`), respondBy: null, resolveBy: sh('2026-10-26T09:00:00'), closedAt: sh('2026-10-13T09:00:00') },
  });
  // rootCauseBy (3 working days): Monday 09:00 → resolved Wednesday 11:00 = 8 + 8 + 2 = 18 working hours, met.
  await seedFeedback({ state: 'resolved', needsRnd: true, createdAt: sh(`${monday}T09:00:00`), rootCauseBy: sh('2026-10-15T09:00:00'), resolvedAt: sh('2026-10-14T11:00:00') });
  // A complaint answered (verified) 6 h after it came in, within its 24 h promise (elapsed time).
  const answered = await strapi.documents('api::complaint.complaint').create({ data: { description: 'y', cause: 'quality', customer: customer.documentId } as any });
  await strapi.db.query('api::complaint.complaint').update({
    where: { documentId: answered.documentId },
    data: { state: 'verified', createdAt: sh(`${monday}T09:00:00`), respondBy: sh('2026-10-13T09:00:00'), resolveBy: null, closedAt: null },
  });
  await strapi.db.connection('after_sales_audit_events').insert({
    content_type: 'api::complaint.complaint',
    document_id: answered.documentId,
    action: 'verify',
    from_state: 'registered',
    to_state: 'verified',
    actor_kind: 'admin',
    actor_name: 'test',
    created_at: sh(`${monday}T15:00:00`).toISOString(),
  });
  // The report reads the clock rows; these items' rows are derived from the columns set above, as an
  // upgraded database gets them (the rows written when the items were created are dropped first).
  await strapi.db.connection('after_sales_sla_clocks').del();
  await strapi.plugin('after-sales').service('sla').backfillClocks({ force: true });
  // Reports read "now" for the clocks still running: a fixed moment after the month.
  strapi.plugin('after-sales').service('clock').set(new Date('2026-11-15T00:00:00Z'));
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
});

const report = async (query: string) => {
  const res = await http().get(`/after-sales/reports/monthly?${query}`).set('Authorization', `Bearer ${manager.token}`);
  expect(res.status).toBe(200);
  return res.body.data;
};
const clockOf = (data: any, contentType: string, clock: string) => data.sla.clocks.find((c: any) => c.contentType === contentType && c.clock === clock);

describe('SLA figures in the monthly report', () => {
  it('gives each clock its compliance and median / p90 working time', async () => {
    const data = await report('month=2026-10');
    expect(data.sla.calendar).toBe('cn-mainland');
    expect(data.sla.businessDayMs).toBe(8 * H);
    expect(clockOf(data, 'feedback', 'acknowledgeBy')).toEqual({
      clock: 'acknowledgeBy',
      contentType: 'feedback',
      total: 6,
      met: 4,
      overdueOpen: 1,
      compliance: 0.6667,
      measured: 5,
      // 1, 2, 3.5, 4, 9 h: nearest rank 3 and 5
      medianBusinessMs: 3.5 * H,
      p90BusinessMs: 9 * H,
      measure: 'business',
    });
    // The manual's clocks (004 二) are reported too, each with its measure.
    expect(data.sla.clocks.filter((c: any) => c.contentType === 'feedback').map((c: any) => c.clock)).toEqual([
      'acknowledgeBy',
      'recordBy',
      'respondBy',
      'judgeBy',
      'rootCauseBy',
      'resolveBy',
      'informBy',
      'callbackBy',
      'surveyReplyBy',
    ]);
    expect(clockOf(data, 'feedback', 'callbackBy')).toMatchObject({ total: 2, met: 1, overdueOpen: 0, compliance: 0.5, measured: 2, medianBusinessMs: 1.5 * H, p90BusinessMs: 2 * H });
    expect(clockOf(data, 'feedback', 'resolveBy')).toMatchObject({ total: 0, met: 0, compliance: null, medianBusinessMs: null, p90BusinessMs: null });
    expect(clockOf(data, 'complaint', 'resolveBy')).toMatchObject({ total: 1, met: 1, compliance: 1, medianBusinessMs: 8 * H, p90BusinessMs: 8 * H });
  });

  it('measures the root cause and the complaint answer clocks too', async () => {
    const data = await report('month=2026-10');
    expect(clockOf(data, 'feedback', 'rootCauseBy')).toEqual({
      clock: 'rootCauseBy',
      contentType: 'feedback',
      total: 1,
      met: 1,
      overdueOpen: 0,
      compliance: 1,
      measured: 1,
      medianBusinessMs: 18 * H,
      p90BusinessMs: 18 * H,
      measure: 'business',
    });
    expect(clockOf(data, 'complaint', 'respondBy')).toMatchObject({ total: 1, met: 1, compliance: 1, measured: 1, medianBusinessMs: 6 * H, p90BusinessMs: 6 * H });
    expect(clockOf(data, 'service-record', 'archiveBy')).toMatchObject({ total: 0, compliance: null });
  });

  it('follows the scope and the month', async () => {
    const technical = await report('month=2026-10&department=technical');
    expect(clockOf(technical, 'feedback', 'acknowledgeBy')).toMatchObject({ total: 1, met: 0, compliance: 0, medianBusinessMs: 9 * H, p90BusinessMs: 9 * H });
    const september = await report('month=2026-09');
    expect(clockOf(september, 'feedback', 'acknowledgeBy')).toMatchObject({ total: 1, met: 1, medianBusinessMs: 2 * H });
  });

  it('puts the SLA figures into the exports', async () => {
    const csv = await http().get('/after-sales/reports/monthly?month=2026-10&format=csv').set('Authorization', `Bearer ${manager.token}`);
    expect(csv.text).toContain('sla compliance,feedback.acknowledgeBy,0.6667');
    expect(csv.text).toContain(`sla median business ms,feedback.acknowledgeBy,${3.5 * H}`);
  });
});
