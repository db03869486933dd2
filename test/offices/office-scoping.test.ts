/**
 * Offices (办事处 / service points): an item's office set at intake (REST and front desk) from a code,
 * and the admin RBAC condition "in one of my offices" on every path the department condition holds
 * on: the Content Manager's list, the work queue, the case screen and workflow actions. Head office
 * (a role without the office condition) sees everything.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { adminWorkflow } from '../helpers/workflow';
import { DEMO_OFFICES } from '../../src/seed/departments';

let strapi: Core.Strapi;
let officeAgent: AdminSession;
let beijingHead: AdminSession;
let manager: AdminSession;
const offices: Record<string, { documentId: string }> = {};
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const SERVICE_RECORD = 'api::service-record.service-record';

const intake = (data: Record<string, unknown>) =>
  http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer: { name: '赵敏', phone: '+86 139 1234 5678' }, symptom: '滤网指示灯不亮', ...data } });

const officeOfItem = async (uid: string, reference: string) => (await strapi.db.query(uid as any).findOne({ where: { reference }, populate: { office: { select: ['code'] } } }))?.office?.code ?? null;

/** Every reference of the Content Manager's list of a type, as this user sees it. */
const cmReferences = async (session: AdminSession, uid: string) => {
  const res = await http().get(`/content-manager/collection-types/${uid}?pageSize=100`).set(as(session));
  expect(res.status).toBe(200);
  return res.body.results.map((r: { reference: string }) => r.reference);
};
/** Every reference the work queue shows this user (the open items of every kind). */
const queueReferences = async (session: AdminSession) => {
  const res = await http().get('/after-sales/queues/items').query({ limit: 100 }).set(as(session));
  expect(res.status).toBe(200);
  return res.body.data.map((r: { reference: string }) => r.reference);
};

const items: Record<string, { documentId: string; reference: string }> = {};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  officeAgent = await createAdmin(strapi, 'office-agent');
  beijingHead = await createAdmin(strapi, 'office-agent');
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  for (const office of DEMO_OFFICES) {
    offices[office.code] = await strapi.documents('api::office.office').create({
      data: {
        ...office,
        // The Shanghai agent is a member; Beijing's is its head only (the head counts as one of the office's staff).
        members: office.code === 'shanghai' ? [officeAgent.id] : [],
        head: office.code === 'beijing' ? beijingHead.id : null,
      } as any,
    });
  }
  for (const [name, data] of [
    ['shanghai', { office: 'shanghai' }],
    ['beijing', { office: 'beijing' }],
    ['headOffice', {}],
  ] as const) {
    const res = await intake(data);
    expect(res.status).toBe(201);
    items[name] = { reference: res.body.data.reference, documentId: (await strapi.db.query(FEEDBACK).findOne({ where: { reference: res.body.data.reference } })).documentId };
  }
  const complaint = await intake({ kind: 'complaint', office: 'beijing', symptom: '上门工程师态度差' });
  expect(complaint.status).toBe(201);
  items.beijingComplaint = { reference: complaint.body.data.reference, documentId: (await strapi.db.query(COMPLAINT).findOne({ where: { reference: complaint.body.data.reference } })).documentId };
  const exchange = await strapi.documents(SERVICE_RECORD).create({ data: { kind: 'exchange', office: offices.shanghai.documentId } as any });
  items.shanghaiExchange = { reference: exchange.reference as string, documentId: exchange.documentId };
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('an item’s office at intake', () => {
  it('the REST intake takes an optional office code and stores the office on feedback and complaints', async () => {
    expect(await officeOfItem(FEEDBACK, items.shanghai.reference)).toBe('shanghai');
    expect(await officeOfItem(FEEDBACK, items.headOffice.reference)).toBeNull();
    expect(await officeOfItem(COMPLAINT, items.beijingComplaint.reference)).toBe('beijing');
  });

  it('an unknown office code is a 400 naming data.office, and nothing is written', async () => {
    const before = await strapi.db.query(FEEDBACK).count();
    const res = await intake({ office: 'guangzhou' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([{ path: ['data', 'office'], message: 'no office "guangzhou"' }]);
    expect(await strapi.db.query(FEEDBACK).count()).toBe(before);
    const tooLong = await intake({ office: 'x'.repeat(41) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.office']);
  });

  it('the front desk registers a case at the office the agent picks, lists the offices, and refuses an unknown one naming the field', async () => {
    const list = await http().get('/after-sales/front-desk/offices').set(as(officeAgent));
    expect(list.status).toBe(200);
    // The agent's own office is marked: the desk's default.
    expect(list.body.data.map((o: { code: string; mine: boolean }) => [o.code, o.mine]).sort()).toEqual([
      ['beijing', false],
      ['hangzhou', false],
      ['shanghai', true],
    ]);
    expect(list.body.data.find((o: { code: string }) => o.code === 'beijing')).toEqual({ code: 'beijing', name: '北京办事处', region: '华北', mine: false });
    const body = { channel: 'service-point', customer: { name: '钱多多', phone: '+86 137 0000 1111' }, symptom: '换货咨询' };
    const registered = await http()
      .post('/after-sales/front-desk/cases')
      .set(as(officeAgent))
      .send({ data: { ...body, office: 'shanghai' } });
    expect(registered.status).toBe(201);
    expect(await officeOfItem(FEEDBACK, registered.body.data.reference)).toBe('shanghai');
    const refused = await http()
      .post('/after-sales/front-desk/cases')
      .set(as(officeAgent))
      .send({ data: { ...body, office: 'nowhere' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors).toEqual([{ path: ['data', 'office'], message: 'no office "nowhere"' }]);
  });
});

describe('the condition "in one of my offices"', () => {
  it('an office member sees only their office’s items in the Content Manager list, of every kind', async () => {
    const feedback = await cmReferences(officeAgent, FEEDBACK);
    expect(feedback).toContain(items.shanghai.reference);
    expect(feedback).not.toContain(items.beijing.reference);
    expect(feedback).not.toContain(items.headOffice.reference);
    expect(await cmReferences(officeAgent, COMPLAINT)).toEqual([]);
    expect(await cmReferences(officeAgent, SERVICE_RECORD)).toEqual([items.shanghaiExchange.reference]);
    // The head of an office is one of its staff.
    expect(await cmReferences(beijingHead, FEEDBACK)).toEqual([items.beijing.reference]);
    expect(await cmReferences(beijingHead, COMPLAINT)).toEqual([items.beijingComplaint.reference]);
  });

  it('the work queue shows an office member their office’s items only; head office sees all', async () => {
    const mine = await queueReferences(officeAgent);
    expect(mine).toEqual(expect.arrayContaining([items.shanghai.reference, items.shanghaiExchange.reference]));
    for (const other of [items.beijing, items.headOffice, items.beijingComplaint]) expect(mine).not.toContain(other.reference);
    expect((await queueReferences(beijingHead)).sort()).toEqual([items.beijing.reference, items.beijingComplaint.reference].sort());
    // "Unassigned in my departments" counts the office's items for its staff (nobody is assigned yet).
    const unassigned = await http().get('/after-sales/queues/items').query({ view: 'unassigned', limit: 100 }).set(as(officeAgent));
    expect(unassigned.status).toBe(200);
    const unassignedRefs = unassigned.body.data.map((r: { reference: string }) => r.reference);
    expect(unassignedRefs).toEqual(expect.arrayContaining([items.shanghai.reference, items.shanghaiExchange.reference]));
    expect(unassignedRefs).not.toContain(items.beijing.reference);
    const all = await queueReferences(manager);
    expect(all).toEqual(expect.arrayContaining([items.shanghai.reference, items.beijing.reference, items.headOffice.reference, items.beijingComplaint.reference, items.shanghaiExchange.reference]));
    expect(await cmReferences(manager, FEEDBACK)).toEqual(expect.arrayContaining([items.shanghai.reference, items.beijing.reference, items.headOffice.reference]));
  });

  it('the dashboard counts and lists an office member’s office items (they have no department)', async () => {
    const res = await http().get('/after-sales/dashboard').set(as(officeAgent));
    expect(res.status).toBe(200);
    expect(res.body.data.scopeDepartments).toEqual([]);
    expect(res.body.data.scopeOffices).toEqual(['shanghai']);
    const queue = res.body.data.departmentQueue.rows.map((r: { reference: string }) => r.reference);
    expect(queue).toEqual(expect.arrayContaining([items.shanghai.reference, items.shanghaiExchange.reference]));
    for (const other of [items.beijing, items.headOffice, items.beijingComplaint]) expect(queue).not.toContain(other.reference);
    const counted = (kind: string) => res.body.data.countsByState.find((k: { contentType: string }) => k.contentType === kind).states.reduce((sum: number, s: { count: number }) => sum + s.count, 0);
    // The same items as their Content Manager list (the "in one of my offices" condition).
    expect(counted(FEEDBACK)).toBe((await cmReferences(officeAgent, FEEDBACK)).length);
    expect(counted(FEEDBACK)).toBeGreaterThan(0);
    expect(counted(COMPLAINT)).toBe(0);
    // The head of the Beijing office: its feedback and its complaint.
    const head = await http().get('/after-sales/dashboard').set(as(beijingHead));
    expect(head.body.data.departmentQueue.rows.map((r: { reference: string }) => r.reference).sort()).toEqual([items.beijing.reference, items.beijingComplaint.reference].sort());
  });

  it('the case screen opens their office’s case and refuses another office’s', async () => {
    const own = await http().get(`/after-sales/cases/${FEEDBACK}/${items.shanghai.documentId}`).set(as(officeAgent));
    expect(own.status).toBe(200);
    const other = await http().get(`/after-sales/cases/${FEEDBACK}/${items.beijing.documentId}`).set(as(officeAgent));
    expect([403, 404]).toContain(other.status);
  });

  it('workflow actions: allowed on their office’s item, refused (403) on another office’s', async () => {
    const wf = adminWorkflow(strapi, officeAgent.token, FEEDBACK);
    expect((await wf.step(items.shanghai.documentId, 'acknowledge')).state).toBe('acknowledged');
    const beijing = await strapi.db.query(FEEDBACK).findOne({ where: { documentId: items.beijing.documentId } });
    const refused = await wf.perform(items.beijing.documentId, 'acknowledge', { version: beijing.version });
    expect(refused.status).toBe(403);
    expect((await strapi.db.query(FEEDBACK).findOne({ where: { documentId: items.beijing.documentId } })).state).toBe('received');
  });

  it('a return or exchange records the office that accepted it when it is approved', async () => {
    const product = await createProduct(strapi);
    const beijingExchange = await strapi.documents(SERVICE_RECORD).create({
      data: { kind: 'exchange', office: offices.beijing.documentId, product: product.documentId, purchaseDate: new Date().toISOString().slice(0, 10) } as any,
    });
    const wf = adminWorkflow(strapi, beijingHead.token, SERVICE_RECORD);
    const actions = await wf.actions(beijingExchange.documentId);
    expect(actions.status).toBe(200);
    const approve = actions.body.data.actions.find((a: { id: string }) => a.id === 'approve-exchange');
    expect(approve.fields).toEqual(expect.arrayContaining(['office']));
    await wf.step(beijingExchange.documentId, 'approve-exchange', { data: { office: offices.beijing.documentId } });
    expect((await strapi.db.query(SERVICE_RECORD).findOne({ where: { documentId: beijingExchange.documentId }, populate: ['office'] })).office.code).toBe('beijing');
  });
});
