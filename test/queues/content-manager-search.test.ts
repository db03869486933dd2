import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { intakeInDepartment } from '../helpers/intake';

/**
 * The Content Manager's search box (`_q`) on the item kinds goes through the queues' search (the reference's start,
 * the words of the summary, the scenario and the thread, by their indexes on PostgreSQL), keeps every other filter
 * and the caller's permissions, and falls back to Strapi's own search when that finds nothing.
 */
let strapi: Core.Strapi;
let agent: AdminSession;
let manager: AdminSession;
let departments: Record<string, { id: number; documentId: string }>;
const http = () => request(strapi.server.httpServer);
const FEEDBACK = 'api::feedback.feedback';

/** The Content Manager's list as its page asks for it. */
const list = (session: AdminSession, query: Record<string, string>) =>
  http()
    .get(`/content-manager/collection-types/${FEEDBACK}`)
    .query({ page: '1', pageSize: '10', sort: 'reference:ASC', ...query })
    .set({ Authorization: `Bearer ${session.token}` });
const refs = (res: request.Response) => res.body.results.map((r: { reference: string }) => r.reference);

let paper: any;
let technicalPaper: any;
let screen: any;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  paper = await intakeInDepartment(strapi, '打印机卡纸,每天都会发生', { department: 'after-sales' });
  technicalPaper = await intakeInDepartment(strapi, '进纸器卡纸', { department: 'technical' });
  screen = await intakeInDepartment(strapi, 'The screen flickers after the update', { department: 'after-sales' });
  await strapi.db.query(FEEDBACK).update({ where: { id: screen.id }, data: { batch: 'LOT7781' } });
  await strapi
    .plugin('after-sales')
    .service('thread')
    .append({
      contentType: FEEDBACK,
      documentId: screen.documentId,
      reference: screen.reference,
      kind: 'message-in',
      channel: 'email',
      author: { kind: 'customer', id: null, name: '赵敏' },
      bodyText: 'Still flickering since the firmware update',
    });
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER', 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP']) delete process.env[key];
  await stopStrapi(strapi);
});

describe("the Content Manager's search of the item kinds", () => {
  it('finds a word of the symptom within the caller’s permissions, with the count of what it finds', async () => {
    const asAgent = await list(agent, { _q: '卡纸' });
    expect(asAgent.status).toBe(200);
    // The agent reads the after-sales department's items only: the technical department's paper jam is not listed.
    expect(refs(asAgent)).toEqual([paper.reference]);
    expect(asAgent.body.pagination.total).toBe(1);
    const asManager = await list(manager, { _q: '卡纸' });
    expect(refs(asManager)).toEqual([paper.reference, technicalPaper.reference].sort());
    expect(asManager.body.pagination.total).toBe(2);
  });

  it('finds a word said only in the thread, which Strapi’s own search (the item’s columns) never finds', async () => {
    const res = await list(manager, { _q: 'firmware' });
    expect(res.status).toBe(200);
    expect(refs(res)).toEqual([screen.reference]);
  });

  it('finds a reference by its start, in any case, and keeps the other filters', async () => {
    const prefix = paper.reference.slice(0, 11).toLowerCase();
    const all = await list(manager, { _q: prefix });
    expect(refs(all)).toEqual(expect.arrayContaining([paper.reference]));
    const filtered = await list(manager, { _q: paper.reference, 'filters[$and][0][state][$eq]': 'closed' });
    expect(filtered.status).toBe(200);
    expect(refs(filtered)).toEqual([]);
    const open = await list(manager, { _q: paper.reference, 'filters[$and][0][state][$eq]': paper.state });
    expect(refs(open)).toEqual([paper.reference]);
  });

  it('falls back to Strapi’s search for a text with a digit the indexes do not hold (a batch number), not for words', async () => {
    const res = await list(manager, { _q: 'LOT7781' });
    expect(res.status).toBe(200);
    expect(refs(res)).toEqual([screen.reference]);
    expect((await list(manager, { _q: '电机异响' })).body.results).toEqual([]);
    // A word only in another text field (the root cause) is not searched there: Strapi would scan every column.
    await strapi.db.query(FEEDBACK).update({ where: { id: paper.id }, data: { rootCause: '搓纸轮磨损' } });
    const word = await list(manager, { _q: '搓纸轮' });
    expect(word.status).toBe(200);
    expect(word.body.results).toEqual([]);
    expect(word.body.pagination.total).toBe(0);
  });

  it('keeps the newest 500 items of a word more items hold (a common word: found among the newest rows first)', async () => {
    // 600 items holding 电源 (written past the intake, as an import would: only what the search reads matters).
    const made = Array.from({ length: 600 }, (_, i) => ({
      documentId: `common-word-${String(i).padStart(4, '0')}`,
      reference: `FB-20991231-${String(i + 1).padStart(4, '0')}`,
      channel: 'hotline',
      type: 'quality',
      severity: 'general',
      state: 'received',
      symptom: `电源指示灯闪 ${i}`,
    }));
    for (let i = 0; i < made.length; i += 100) await strapi.db.query(FEEDBACK).createMany({ data: made.slice(i, i + 100) });
    try {
      const newest = await list(manager, { _q: '电源', sort: 'reference:DESC' });
      expect(newest.status).toBe(200);
      expect(newest.body.pagination.total).toBe(500);
      expect(refs(newest)[0]).toBe('FB-20991231-0600');
      // The oldest 100 are not among them: the newest 500 are kept.
      const oldestKept = await list(manager, { _q: '电源', sort: 'reference:ASC' });
      expect(refs(oldestKept)[0]).toBe('FB-20991231-0101');
    } finally {
      // The next tests count every item.
      await strapi.db.query(FEEDBACK).deleteMany({ where: { documentId: { $startsWith: 'common-word-' } } });
    }
  });
});

describe("the Content Manager list's count", () => {
  const FIGURES = 'plugin::after-sales.dashboardFigures';
  let saved: unknown;
  beforeEach(() => {
    saved = strapi.config.get(FIGURES);
  });
  afterEach(() => {
    strapi.config.set(FIGURES, saved);
  });

  it('is kept when it was slow (here: every count), served again for the same query, exact for any other query', async () => {
    strapi.config.set(FIGURES, { cacheFromMs: 0, freshSeconds: 30, staleSeconds: 300 });
    const before = await list(agent, { 'filters[$and][0][severity][$eq]': 'general' });
    expect(before.status).toBe(200);
    const total = before.body.pagination.total;
    expect(total).toBeGreaterThan(0);
    await intakeInDepartment(strapi, '纸盒卡住了', { department: 'after-sales' });
    // The same list within its fresh time: the kept count (the new item is listed, the total is the one kept).
    const again = await list(agent, { 'filters[$and][0][severity][$eq]': 'general' });
    expect(again.body.pagination.total).toBe(total);
    // Another query counts afresh; so does the app's own count outside the list's route.
    const other = await list(agent, { 'filters[$and][0][severity][$eq]': 'general', 'filters[$and][1][channel][$eq]': 'hotline' });
    expect(other.body.pagination.total).toBe(total + 1);
    expect(await strapi.documents(FEEDBACK).count({ filters: { severity: 'general', department: { id: departments['after-sales'].id } } })).toBe(total + 1);
  });

  it('is never kept when it was fast (the default: kept from 200 ms; the tests: from 600 s)', async () => {
    const before = await list(manager, {});
    await intakeInDepartment(strapi, '墨盒漏墨', { department: 'after-sales' });
    const after = await list(manager, {});
    expect(after.body.pagination.total).toBe(before.body.pagination.total + 1);
  });
});
