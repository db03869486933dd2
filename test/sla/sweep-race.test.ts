import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

/**
 * Two sweeps racing in one process. On PostgreSQL each sweep is its own transaction on its own
 * pooled connection, so they really overlap: the second must skip the rows the first has claimed
 * (FOR UPDATE SKIP LOCKED), and the unique marker row stops a step from running twice. On SQLite
 * (one connection, one instance assumed) the second sweep waits for the first and finds nothing due.
 * The multi-process fault test lives elsewhere.
 */

let strapi: Core.Strapi;
let admin: AdminSession;
let head: AdminSession;
const http = () => request(strapi.server.httpServer);
const shanghai = (local: string) => new Date(`${local}+08:00`);
const sla = () => strapi.plugin('after-sales').service('sla');
const clock = () => strapi.plugin('after-sales').service('clock');
const settings = () => strapi.plugin('after-sales').service('sla-settings');

/** New items; the earlier tests' items are taken off the sweep so that each test counts only its own. */
const intakeAt = async (local: string, count: number) => {
  await strapi.db.connection('after_sales_sla_clocks').update({ next_escalation_at: null });
  clock().set(shanghai(local));
  const documentIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await http()
      .post('/api/after-sales/intake')
      .send({ data: { kind: 'feedback', channel: 'hotline', severity: 'general', type: 'quality', customer: { name: `C${i}`, email: `c${i}@example.cn` }, symptom: 'noise' } });
    expect(res.status).toBe(201);
    documentIds.push((await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference } })).documentId);
  }
  return documentIds;
};
const markers = async (documentIds: string[]) =>
  (await strapi.db.connection('after_sales_escalations').whereIn('document_id', documentIds).select('document_id', 'clock', 'level', 'step')).map(
    (m: any) => `${m.document_id}:${m.clock}:${m.level}:${m.step}`
  );
const escalateEvents = async (documentIds: string[]) =>
  Number((await strapi.db.connection('after_sales_audit_events').whereIn('document_id', documentIds).where({ action: 'escalate' }).count({ n: '*' }))[0].n);
const staffMails = async (documentIds: string[]) =>
  Number((await strapi.db.connection('after_sales_outbox').whereIn('document_id', documentIds).whereLike('template_key', 'escalation.%').count({ n: '*' }))[0].n);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  head = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales', email: 'race-head@test.local' });
  for (const code of ['after-sales', 'technical', 'quality', 'sales', 'product']) await strapi.db.query('api::department.department').update({ where: { code }, data: { head: head.id } });
  expect(admin.token).toBeTruthy();
  // This file counts the steps of the acknowledgement and resolution clocks only: the manual's other
  // clocks (record, judgement, promise…) escalate too, and are tested in manual-clocks.test.ts.
  const current = await settings().getPolicy('feedback.default');
  const escalation = current.policy.escalation
    .map((rule: { clocks?: string[] }) => ({ ...rule, clocks: rule.clocks?.filter((c) => c === 'acknowledgeBy' || c === 'resolveBy') }))
    .filter((rule: { clocks?: string[] }) => !rule.clocks || rule.clocks.length);
  await settings().savePolicy('feedback.default', { data: { ...current.policy, escalation } });
});
afterAll(async () => {
  clock().set(null);
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
});

describe('escalation happens exactly once when sweeps race', () => {
  it('two sweeps started together: every step of every item recorded once', async () => {
    const items = await intakeAt('2026-03-10T09:00:00', 12);
    // Thu 12 Mar 10:00: acknowledgeBy (Wed 11 Mar 09:00) is breached → at-risk + breached steps per item.
    clock().set(shanghai('2026-03-12T10:00:00'));
    const results = await Promise.all([sla().sweep(), sla().sweep()]);
    expect(results[0].steps + results[1].steps).toBe(24);
    expect(results[0].items + results[1].items).toBe(12);
    const recorded = await markers(items);
    expect(recorded).toHaveLength(24);
    expect(new Set(recorded).size).toBe(24);
    expect(await escalateEvents(items)).toBe(24);
    expect(await staffMails(items)).toBe(24);
    expect(await Promise.all([sla().sweep(), sla().sweep()])).toEqual([
      { items: 0, steps: 0 },
      { items: 0, steps: 0 },
    ]);
  });

  it('a sweep that meets rows another sweep holds skips them; the holder does each step once', async () => {
    let reached!: () => void;
    const holding = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const registration = sla().registerEscalationStep('test-hold', async () => {
      calls += 1;
      if (calls === 1) {
        reached();
        await gate;
      }
      return { note: 'held' };
    });
    const current = await settings().getPolicy('feedback.default');
    await settings().savePolicy('feedback.default', {
      data: { ...current.policy, escalation: [...current.policy.escalation, { level: 'held', fraction: 0.1, clocks: ['resolveBy'], steps: ['test-hold'] }] },
    });
    try {
      const items = await intakeAt('2026-04-13T09:00:00', 3);
      clock().set(shanghai('2026-04-16T10:00:00'));
      const first = sla().sweep();
      await holding; // the first sweep is inside its transaction, its rows claimed
      let second: Promise<{ items: number; steps: number }>;
      if (isPostgres()) {
        // Another connection: it does not wait for the first sweep, and claims nothing.
        second = sla().sweep();
        expect(await second).toEqual({ items: 0, steps: 0 });
        release();
      } else {
        second = sla().sweep(); // queued behind the single SQLite connection
        release();
      }
      const [a, b] = await Promise.all([first, second]);
      expect(a).toEqual({ items: 3, steps: 9 });
      expect(b).toEqual({ items: 0, steps: 0 });
      expect(calls).toBe(3);
      const recorded = await markers(items);
      expect(recorded).toHaveLength(9);
      expect(new Set(recorded).size).toBe(9);
      expect(recorded.filter((m) => m.endsWith(':resolveBy:held:test-hold'))).toHaveLength(3);
      expect(await escalateEvents(items)).toBe(9);
    } finally {
      registration.dispose();
      await settings().savePolicy('feedback.default', { data: current.policy });
    }
  });

  it('the marker alone stops a step another instance already did', async () => {
    const [documentId] = await intakeAt('2026-05-11T09:00:00', 1);
    await strapi.db.connection('after_sales_escalations').insert({
      content_type: 'api::feedback.feedback',
      document_id: documentId,
      clock: 'acknowledgeBy',
      level: 'at-risk',
      step: 'notify-assignee',
      instance: 'another-instance',
      created_at: new Date().toISOString(),
    });
    clock().set(shanghai('2026-05-13T10:00:00'));
    expect(await sla().sweep()).toEqual({ items: 1, steps: 1 });
    const mails = await strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).whereLike('template_key', 'escalation.%').select('template_key');
    expect(mails.map((m: any) => m.template_key)).toEqual(['escalation.breached']);
  });
});
