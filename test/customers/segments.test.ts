import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * Issue 24, items 1 and 5: customer segments given by rules (and by hand, with a reason),
 * re-evaluated when the facts change and every night; SLA policies that target a segment; the
 * win-back list, with contact data as the caller may read it.
 */
const CUSTOMER = 'api::customer.customer';
const COMPLAINT = 'api::complaint.complaint';
const SERVICE_RECORD = 'api::service-record.service-record';
const FEEDBACK = 'api::feedback.feedback';

let strapi: Core.Strapi;
let departments: Record<string, { id: number; documentId: string }>;
const sessions: Record<string, AdminSession> = {};
const http = () => request(strapi.server.httpServer);
const as = (code: string) => ({ Authorization: `Bearer ${sessions[code].token}` });
const plugin = (name: string) => strapi.plugin('after-sales').service(name) as any;
/** Local time in Shanghai as an instant. */
const shanghai = (local: string) => new Date(`${local}+08:00`);
const setClock = (local: string | null) => plugin('clock').set(local ? shanghai(local) : null);
const stored = (documentId: string) => strapi.db.query(CUSTOMER).findOne({ where: { documentId }, select: ['segment', 'segmentReason', 'segmentManual'] });
let phones = 0;
const nextPhone = () => `+86 139 ${String(1000 + phones).padStart(4, '0')} ${String(2000 + (phones += 1)).padStart(4, '0')}`;
const intake = async (data: Record<string, unknown>) => {
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', severity: 'general', ...(data.kind === 'complaint' ? {} : { type: 'quality' }), symptom: '净化器异响', ...data } });
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return strapi.db.query((data.kind === 'complaint' ? COMPLAINT : FEEDBACK) as any).findOne({ where: { reference: res.body.data.reference } });
};
const serviceRecord = async (customer: string, product: string, serialNumber: string) =>
  strapi.documents(SERVICE_RECORD as any).create({ data: { kind: 'onsite-repair', customer, product, serialNumber, department: departments['after-sales'].documentId } as any });

const ROLES = ['after-sales-agent', 'after-sales-manager', 'technical-engineer', 'super-admin'];

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  for (const code of ROLES) sessions[code] = await createAdmin(strapi, code);
  await strapi.db.query('api::department.department').update({ where: { id: departments['after-sales'].id }, data: { members: ROLES.map((r) => sessions[r].id) } });
});
afterAll(async () => {
  setClock(null);
  await stopStrapi(strapi);
});

describe('segments are data', () => {
  it('ships key and regular; the company adds its own, checked field by field; built-ins stay', async () => {
    const list = await http().get('/after-sales/segments').set(as('after-sales-agent'));
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: any) => [s.key, s.title['zh-Hans'], s.rules, s.isDefault])).toEqual([
      ['key', '重点客户', [{ contract: true }, { minUnits: 3 }], false],
      ['regular', '普通客户', [], true],
    ]);
    const bad = await http()
      .put('/after-sales/segments/at-risk')
      .set(as('after-sales-manager'))
      .send({ data: { title: { en: 'At risk' }, rules: [{ minOpenComplaints: 0 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['title.zh-Hans', 'rules[0].minOpenComplaints']);
    // Each with a code the admin translates (error.<code>), the values in it.
    expect(bad.body.error.details.errors.map((e: any) => [e.code, e.values])).toEqual([
      ['text-range', { min: '1', max: '100' }],
      ['number-at-least', { min: '1' }],
    ]);
    const shapes = await http()
      .put('/after-sales/segments/at-risk')
      .set(as('after-sales-manager'))
      .send({ data: { key: 'At Risk', title: { en: 'At risk', 'zh-Hans': '流失风险' }, rules: [{}, { colour: 'red' }] } });
    expect(shapes.body.error.details.errors.map((e: any) => e.code)).toEqual(expect.arrayContaining(['segment-rule-empty', 'segment-rule-unknown']));
    expect((await http().put('/after-sales/segments/at-risk').set(as('after-sales-agent')).send({ data: {} })).status).toBe(403);
    expect((await http().delete('/after-sales/segments/key').set(as('after-sales-manager'))).status).toBe(409);
  });
});

describe('rules assign segments and re-assign them when the facts change', () => {
  it('a service contract makes a key customer; withdrawing it makes a regular one again', async () => {
    const customer = await createCustomer(strapi, { name: '合同客户', phone: nextPhone(), email: null, serviceContract: true });
    expect(await stored(customer.documentId)).toEqual({ segment: 'key', segmentReason: 'service contract', segmentManual: false });
    await strapi.documents(CUSTOMER as any).update({ documentId: customer.documentId, data: { serviceContract: false } as any });
    expect(await stored(customer.documentId)).toEqual({ segment: 'regular', segmentReason: 'no rule applies', segmentManual: false });
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: customer.documentId, action: 'customer.segment' }).orderBy('id').select('from_state', 'to_state');
    expect(audit).toEqual([
      { from_state: 'regular', to_state: 'key' },
      { from_state: 'key', to_state: 'regular' },
    ]);
  });

  it('the third unit owned makes a key customer', async () => {
    const customer = await createCustomer(strapi, { name: '三台设备', phone: nextPhone(), email: null });
    const products = [await createProduct(strapi), await createProduct(strapi)];
    await serviceRecord(customer.documentId, products[0].documentId, 'SN-1');
    // The same unit seen twice is one unit.
    await serviceRecord(customer.documentId, products[0].documentId, 'SN-1');
    await serviceRecord(customer.documentId, products[0].documentId, 'SN-2');
    expect((await stored(customer.documentId)).segment).toBe('regular');
    await serviceRecord(customer.documentId, products[1].documentId, 'SN-9');
    expect(await stored(customer.documentId)).toEqual({ segment: 'key', segmentReason: 'units 3 ≥ 3', segmentManual: false });
    const page = await http().get(`/after-sales/segments/customers/${customer.documentId}`).set(as('after-sales-agent'));
    expect(page.status).toBe(200);
    expect(page.body.data).toMatchObject({
      segment: 'key',
      title: { 'zh-Hans': '重点客户' },
      manual: false,
      reason: { kind: 'rule', parts: [{ fact: 'units', value: 3, threshold: 3 }] },
      facts: { units: 3, openComplaints: 0, contract: false },
    });
  });

  it('an open complaint places the customer in a segment the company added, and closing it takes them out', async () => {
    const added = await http()
      .put('/after-sales/segments/at-risk')
      .set(as('after-sales-manager'))
      .send({ data: { title: { en: 'At risk', 'zh-Hans': '流失风险' }, priority: 5, rules: [{ minOpenComplaints: 1 }] } });
    expect(added.status).toBe(200);
    const phone = nextPhone();
    await intake({ customer: { name: '投诉客户', phone } });
    const customer = await strapi.db.query(CUSTOMER).findOne({ where: { phoneNormalized: phone.replace(/\s/g, '') } });
    expect(customer.segment).toBe('regular');
    // Re-evaluated right after the intake's commit and before it answers: the segment is right when the intake answers.
    const complaint = await intake({ kind: 'complaint', customer: { name: '投诉客户', phone } });
    expect(await stored(customer.documentId)).toEqual({ segment: 'at-risk', segmentReason: 'open complaints 1 ≥ 1', segmentManual: false });
    const wf = adminWorkflow(strapi, sessions['after-sales-manager'].token, COMPLAINT);
    await wf.step(complaint.documentId, 'record', { data: { responsibleDepartment: departments['after-sales'].documentId, cause: 'quality' } });
    expect((await stored(customer.documentId)).segment).toBe('at-risk');
    expect((await wf.step(complaint.documentId, 'close')).state).toBe('closed');
    expect((await stored(customer.documentId)).segment).toBe('regular');
    expect((await http().delete('/after-sales/segments/at-risk').set(as('after-sales-manager'))).status).toBe(200);
  });

  it('a manual choice with a reason wins over the rules until it is given back', async () => {
    const customer = await createCustomer(strapi, { name: '人工指定', phone: nextPhone(), email: null, serviceContract: true });
    const path = `/after-sales/segments/customers/${customer.documentId}`;
    const noReason = await http().put(path).set(as('after-sales-manager')).send({ segment: 'gold', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['segment', 'reason']);
    expect((await http().put(path).set(as('after-sales-agent')).send({ segment: 'regular', reason: 'x' })).status).toBe(403);
    const chosen = await http().put(path).set(as('after-sales-manager')).send({ segment: 'regular', reason: '客户要求暂不纳入关怀计划' });
    expect(chosen.status).toBe(200);
    expect(chosen.body.data).toMatchObject({ segment: 'regular', manual: true, reasonText: '客户要求暂不纳入关怀计划', reason: { kind: 'manual' } });
    // The rules (a contract) would say key; the manual choice stays, through a re-evaluation too.
    await strapi.documents(CUSTOMER as any).update({ documentId: customer.documentId, data: { serviceContract: true, company: '某公司' } as any });
    expect(await stored(customer.documentId)).toEqual({ segment: 'regular', segmentReason: '客户要求暂不纳入关怀计划', segmentManual: true });
    const back = await http().put(path).set(as('after-sales-manager')).send({ manual: false });
    expect(back.status).toBe(200);
    expect(await stored(customer.documentId)).toEqual({ segment: 'key', segmentReason: 'service contract', segmentManual: false });
  });
});

describe('a segment written directly on the customer', () => {
  it('is a manual choice (the REST API, the document service, an import); an unknown segment is a 400 naming the field', async () => {
    const customer = await createCustomer(strapi, { name: '直接写入', phone: nextPhone(), email: null, segment: 'key' });
    expect(await stored(customer.documentId)).toEqual({ segment: 'key', segmentReason: 'set directly', segmentManual: true });
    await expect(strapi.documents(CUSTOMER as any).update({ documentId: customer.documentId, data: { segment: 'gold' } as any })).rejects.toThrow(/^segment: must be one of: key, regular/);
    // The Content Manager's form sends the stored segment back with every save: that chooses nothing.
    const plain = await createCustomer(strapi, { name: '表单保存', phone: nextPhone(), email: null });
    await strapi.documents(CUSTOMER as any).update({ documentId: plain.documentId, data: { segment: 'regular', serviceContract: true } as any });
    expect(await stored(plain.documentId)).toEqual({ segment: 'key', segmentReason: 'service contract', segmentManual: false });
  });
});

describe('the nightly job re-evaluates every customer once a night, on the business clock', () => {
  const JOB = 'segments.nightly';
  const tick = async () => {
    // Each tick claims the job's lease for its interval: a test takes the next interval at once.
    await strapi.db.connection('after_sales_job_claims').where({ job: JOB }).update({ lease_until: 0 });
    return plugin('jobs').tick(JOB);
  };

  it('applies rules edited during the day at the next night, and only once', async () => {
    expect(plugin('jobs').list()).toContain(JOB);
    const customer = await createCustomer(strapi, { name: '两台设备', phone: nextPhone(), email: null });
    const product = await createProduct(strapi);
    await serviceRecord(customer.documentId, product.documentId, 'A-1');
    await serviceRecord(customer.documentId, product.documentId, 'A-2');
    expect((await stored(customer.documentId)).segment).toBe('regular');
    const key = (await http().get('/after-sales/segments').set(as('after-sales-manager'))).body.data.find((s: any) => s.key === 'key');
    const edited = await http()
      .put('/after-sales/segments/key')
      .set(as('after-sales-manager'))
      .send({ data: { ...key, rules: [{ contract: true }, { minUnits: 2 }] } });
    expect(edited.status).toBe(200);
    try {
      setClock('2026-12-07T01:30:00');
      expect(await tick()).toEqual({ ran: true, result: { due: false } });
      expect((await stored(customer.documentId)).segment).toBe('regular');
      setClock('2026-12-07T02:05:00');
      const night = await tick();
      expect(night).toMatchObject({ ran: true, result: { due: true, night: '2026-12-07' } });
      expect(night.result.changed).toBeGreaterThanOrEqual(1);
      expect(await stored(customer.documentId)).toEqual({ segment: 'key', segmentReason: 'units 2 ≥ 2', segmentManual: false });
      setClock('2026-12-07T23:50:00');
      expect(await tick()).toEqual({ ran: true, result: { due: false } });
      setClock('2026-12-08T02:00:00');
      expect(await tick()).toMatchObject({ ran: true, result: { due: true, night: '2026-12-08', changed: 0 } });
    } finally {
      await http().put('/after-sales/segments/key').set(as('after-sales-manager')).send({ data: key });
      setClock(null);
    }
    const claim = await strapi.db.connection('after_sales_job_claims').where({ job: JOB }).first();
    expect(JSON.parse(claim.last_result)).toMatchObject({ due: true, night: '2026-12-08' });
  });
});

describe('SLA policies may target a segment', () => {
  const policyPath = '/after-sales/sla/policies/feedback.default';

  it('a key customer’s intake gets the key rule’s deadline; a regular customer’s the default', async () => {
    const current = (await http().get(policyPath).set(as('super-admin'))).body.data;
    const original = current.policy;
    const edited = JSON.parse(JSON.stringify(original));
    const respond = edited.clocks.find((c: { field: string }) => c.field === 'respondBy');
    respond.rules.unshift({ when: { segment: ['key'] }, target: { amount: 4, unit: 'businessHours' }, source: 'our default: key customers' });
    const unknownCondition = JSON.parse(JSON.stringify(edited));
    unknownCondition.clocks.find((c: { field: string }) => c.field === 'respondBy').rules[0].when = { segment: 'key' };
    const refused = await http().put(policyPath).set(as('super-admin')).send({ data: unknownCondition, revision: current.revision });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual([expect.stringMatching(/^data\.clocks\.\d+\.rules\.0\.when\.segment$/)]);
    const saved = await http().put(policyPath).set(as('super-admin')).send({ data: edited, revision: current.revision });
    expect(saved.status).toBe(200);
    try {
      const keyPhone = nextPhone();
      await createCustomer(strapi, { name: '重点客户甲', phone: keyPhone, email: null, serviceContract: true });
      setClock('2026-09-14T09:00:00');
      const keyItem = await intake({ customer: { name: '重点客户甲', phone: keyPhone } });
      const regularItem = await intake({ customer: { name: '普通客户乙', phone: nextPhone() } });
      // Monday 09:00 + 4 working hours (09:00–12:00, 13:30–18:30): 14:30; the default 24 working hours: Wednesday 18:30.
      expect(new Date(keyItem.respondBy).toISOString()).toBe(shanghai('2026-09-14T14:30:00').toISOString());
      expect(new Date(regularItem.respondBy).toISOString()).toBe(shanghai('2026-09-16T18:30:00').toISOString());
    } finally {
      setClock(null);
      const latest = (await http().get(policyPath).set(as('super-admin'))).body.data;
      expect((await http().put(policyPath).set(as('super-admin')).send({ data: original, revision: latest.revision })).status).toBe(200);
    }
  });
});

describe('the win-back list', () => {
  const mine: Record<string, string> = {};
  const answerSurvey = async (item: { documentId: string; reference: string }, score: number, answeredAt: string) =>
    strapi.db.connection('after_sales_surveys').insert({
      token_hash: `${item.documentId}-${score}-${Math.random()}`.padEnd(64, '0').slice(0, 64),
      content_type: FEEDBACK,
      document_id: item.documentId,
      reference: item.reference,
      locale: 'zh-Hans',
      expires_at: 0,
      answered_at: answeredAt,
      score,
      created_at: answeredAt,
    });

  beforeAll(async () => {
    const phones = { silent: nextPhone(), recent: nextPhone(), unhappy: nextPhone(), once: nextPhone(), both: nextPhone() };
    // Silent since 2025-06: listed (more than 365 days before 2026-12-04).
    setClock('2025-06-01T10:00:00');
    await intake({ customer: { name: '久未联系', phone: phones.silent } });
    await intake({ customer: { name: '两次低分且久未联系', phone: phones.both } });
    // Recent: not listed.
    setClock('2026-11-20T10:00:00');
    await intake({ customer: { name: '最近联系', phone: phones.recent } });
    const unhappy = [await intake({ customer: { name: '两次低分', phone: phones.unhappy } }), await intake({ customer: { name: '两次低分', phone: phones.unhappy } })];
    const once = await intake({ customer: { name: '一次低分', phone: phones.once } });
    setClock(null);
    await answerSurvey(unhappy[0], 2, '2026-11-25T10:00:00.000Z');
    await answerSurvey(unhappy[1], 3, '2026-11-26T10:00:00.000Z');
    await answerSurvey(once, 3, '2026-11-26T10:00:00.000Z');
    const both = await strapi.db.query(FEEDBACK).findOne({ where: { customer: { phoneNormalized: phones.both.replace(/\s/g, '') } } });
    await answerSurvey(both, 1, '2025-06-10T10:00:00.000Z');
    await answerSurvey(both, 2, '2025-06-11T10:00:00.000Z');
    for (const [name, phone] of Object.entries(phones)) mine[name] = (await strapi.db.query(CUSTOMER).findOne({ where: { phoneNormalized: phone.replace(/\s/g, '') } })).documentId;
  });

  it('lists the silent and the twice unhappy (hand count), unhappy first, with the suggested call', async () => {
    setClock('2026-12-04T10:00:00');
    try {
      const res = await http().get('/after-sales/segments/win-back').set(as('after-sales-manager'));
      expect(res.status).toBe(200);
      expect(res.body.data.settings).toEqual({ inactiveDays: 365, lowScoreBelow: 4, lowScoreCount: 2 });
      const ours = res.body.data.customers.filter((c: any) => Object.values(mine).includes(c.documentId));
      expect(ours.map((c: any) => [c.name, c.reasons.map((r: any) => r.kind), c.suggestedCall.kind])).toEqual([
        ['两次低分且久未联系', ['low-scores', 'inactive'], 'apology-call'],
        ['两次低分', ['low-scores'], 'apology-call'],
        ['久未联系', ['inactive'], 'check-in-call'],
      ]);
      expect(ours[1].reasons[0]).toEqual({ kind: 'low-scores', count: 2, scores: [2, 3] });
      expect(ours[2].reasons[0]).toMatchObject({ kind: 'inactive', days: 551 });
      // Every listed customer, by the same rules counted by hand from the database: none missing, none extra.
      const everyone = res.body.data.customers.map((c: any) => c.documentId);
      expect(everyone).toEqual(expect.arrayContaining([mine.silent, mine.unhappy, mine.both]));
      expect(everyone).not.toEqual(expect.arrayContaining([mine.recent]));
      expect(everyone).not.toContain(mine.once);
      expect(everyone).not.toContain(mine.recent);
    } finally {
      setClock(null);
    }
  });

  it('masks contact data as the customer page does for the same user; who may not see it gets a 403', async () => {
    setClock('2026-12-04T10:00:00');
    try {
      for (const role of ['after-sales-agent', 'after-sales-manager']) {
        const list = await http().get('/after-sales/segments/win-back').set(as(role));
        expect(list.status).toBe(200);
        const row = list.body.data.customers.find((c: any) => c.documentId === mine.silent);
        const page = await http().get(`/after-sales/customers/${mine.silent}`).set(as(role));
        expect(page.status).toBe(200);
        expect({ role, phone: row.phone }).toEqual({ role, phone: page.body.data.customer.phone });
      }
      const agentRow = (await http().get('/after-sales/segments/win-back').set(as('after-sales-agent'))).body.data.customers.find((c: any) => c.documentId === mine.silent);
      const raw = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: mine.silent } });
      expect(agentRow.phone).not.toBe(raw.phone);
      expect(agentRow.phone).toMatch(/\*/);
      expect((await http().get('/after-sales/segments/win-back').set(as('technical-engineer'))).status).toBe(403);
    } finally {
      setClock(null);
    }
  });
});
