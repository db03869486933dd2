import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

const UID = 'api::complaint.complaint';
let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
let manager: AdminSession;
let engineerHead: AdminSession;
let qualityHead: AdminSession;
let salesHead: AdminSession;
let agent: AdminSession;

const makeHead = async (code: string, session: AdminSession) => {
  await strapi.db.query('api::department.department').update({ where: { code }, data: { head: session.id } });
};

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  engineerHead = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  qualityHead = await createAdmin(strapi, 'quality-engineer', { department: 'quality' });
  salesHead = await createAdmin(strapi, 'sales', { department: 'sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  await makeHead('after-sales', manager);
  await makeHead('technical', engineerHead);
  await makeHead('quality', qualityHead);
  await makeHead('sales', salesHead);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const complaint = async (data: Record<string, unknown> = {}) => {
  const customer = await createCustomer(strapi);
  return strapi.documents(UID).create({
    data: { description: '三台设备到货即无法开机', customer: customer.documentId, department: departments['after-sales'].documentId, seriousness: 'serious', ...data } as any,
  });
};

const toPlanProposed = async (documentId: string) => {
  const wf = adminWorkflow(strapi, manager.token, UID);
  await wf.step(documentId, 'verify', { data: { orderNumber: 'SO-1', quantity: 3 } });
  await wf.step(documentId, 'analyse');
  const missing = await wf.perform(documentId, 'propose-plan', { version: 3, data: {} });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.cause', 'data.responsibleDepartment', 'data.resolutionPlan']);
  await wf.step(documentId, 'propose-plan', {
    data: { cause: 'quality', responsibleDepartment: departments.quality.documentId, responsiblePerson: '王工', resolutionPlan: '更换三台整机并补偿运费' },
  });
};

describe('complaint workflow', () => {
  it('needs the heads of after-sales, sales, technical and quality to approve the plan (001 三.2(3)), then runs to closed', async () => {
    const cp = await complaint();
    await toPlanProposed(cp.documentId);
    expect((await adminWorkflow(strapi, manager.token, UID).step(cp.documentId, 'approve-plan', { note: 'OK from after-sales' })).state).toBe('plan-proposed');
    const twice = await adminWorkflow(strapi, manager.token, UID).perform(cp.documentId, 'approve-plan', { version: 5 });
    expect(twice.status).toBe(409);
    const notHead = await adminWorkflow(strapi, agent.token, UID).perform(cp.documentId, 'approve-plan', { version: 5 });
    expect([403]).toContain(notHead.status);
    expect((await adminWorkflow(strapi, engineerHead.token, UID).step(cp.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await adminWorkflow(strapi, qualityHead.token, UID).step(cp.documentId, 'approve-plan')).state).toBe('plan-proposed');
    expect((await adminWorkflow(strapi, salesHead.token, UID).step(cp.documentId, 'approve-plan')).state).toBe('approved');

    const stored = await strapi.db.query(UID).findOne({ where: { documentId: cp.documentId }, populate: ['approvals'] });
    expect(stored.approvals.map((a: { departmentCode: string; decision: string }) => `${a.departmentCode}:${a.decision}`)).toEqual([
      'after-sales:approved',
      'technical:approved',
      'quality:approved',
      'sales:approved',
    ]);
    expect(stored.approvals[0].comment).toBe('OK from after-sales');

    const wf = adminWorkflow(strapi, manager.token, UID);
    await wf.step(cp.documentId, 'execute');
    // The customer's agreement to the solution: who agreed and how; when is the moment it is recorded.
    const noAgreement = await wf.perform(cp.documentId, 'confirm', { version: 9 });
    expect(noAgreement.status).toBe(400);
    expect(noAgreement.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.agreedBy', 'data.agreedVia']);
    const badVia = await wf.perform(cp.documentId, 'confirm', { version: 9, data: { agreedBy: '张女士', agreedVia: 'telepathy' } });
    expect(badVia.status).toBe(400);
    expect(JSON.stringify(badVia.body.error)).toContain('agreedVia');
    const before = Date.now();
    await wf.step(cp.documentId, 'confirm', { data: { agreedBy: '张女士', agreedVia: 'phone' } });
    const confirmed = await strapi.db.query(UID).findOne({ where: { documentId: cp.documentId } });
    expect(confirmed).toMatchObject({ state: 'customer-confirmed', agreedBy: '张女士', agreedVia: 'phone' });
    expect(new Date(confirmed.agreedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const noMeasure = await wf.perform(cp.documentId, 'close', { version: 10 });
    expect(noMeasure.status).toBe(400);
    expect(noMeasure.body.error.details.errors[0].path).toEqual(['data', 'preventionMeasure']);
    const closed = await wf.step(cp.documentId, 'close', { data: { preventionMeasure: '来料抽检比例提高到 10%' } });
    expect(closed).toMatchObject({ state: 'closed', version: 11 });

    // A callback after closing, within 3 working days (its clock starts at closing), logged with its outcome.
    const afterClose = await strapi.db.query(UID).findOne({ where: { documentId: cp.documentId } });
    expect(afterClose.callbackBy).not.toBeNull();
    expect(new Date(afterClose.callbackBy).getTime()).toBeGreaterThan(Date.now());
    const noOutcome = await wf.perform(cp.documentId, 'log-callback', { version: 11, note: '客户表示满意' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.callbackOutcome']);
    const called = await wf.step(cp.documentId, 'log-callback', { data: { callbackOutcome: 'solved' }, note: '客户表示满意' });
    expect(called.state).toBe('closed');
    const calledBack = await strapi.db.query(UID).findOne({ where: { documentId: cp.documentId } });
    expect(calledBack.callbackAt).not.toBeNull();
    expect(calledBack.callbackOutcome).toBe('solved');
    const clock = await strapi.db.connection('after_sales_sla_clocks').where({ document_id: cp.documentId, clock: 'callbackBy' }).first();
    expect(clock.stopped_at).not.toBeNull();
    expect(Boolean(clock.met)).toBe(true);
  });

  it('one rejection returns the plan to analysing with the comment, and clears the approvals', async () => {
    const cp = await complaint();
    await toPlanProposed(cp.documentId);
    await adminWorkflow(strapi, manager.token, UID).step(cp.documentId, 'approve-plan');
    const noComment = await adminWorkflow(strapi, qualityHead.token, UID).perform(cp.documentId, 'reject-plan', { version: 5 });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details.errors[0].path).toEqual(['note']);
    const rejected = await adminWorkflow(strapi, qualityHead.token, UID).step(cp.documentId, 'reject-plan', { note: '补偿方案不足' });
    expect(rejected.state).toBe('analysing');
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: cp.documentId }, populate: ['approvals'] });
    expect(stored.approvals).toEqual([]);
    const timeline = await adminWorkflow(strapi, manager.token, UID).timeline(cp.documentId);
    expect(timeline.body.data.at(-1)).toMatchObject({ action: 'reject-plan', from: 'plan-proposed', to: 'analysing', note: '补偿方案不足' });
  });

  it('a minor complaint is recorded and closed; a complaint that is not our fault is explained with evidence', async () => {
    const wf = adminWorkflow(strapi, manager.token, UID);
    const minor = await complaint({ seriousness: 'minor' });
    // A human (or other) cause is traced to a person (001 三.2(2) 具体到人).
    const noPerson = await wf.perform(minor.documentId, 'record', { version: 1, data: { responsibleDepartment: departments['after-sales'].documentId, cause: 'human' } });
    expect(noPerson.status).toBe(400);
    expect(noPerson.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.responsiblePerson']);
    await wf.step(minor.documentId, 'record', { data: { responsibleDepartment: departments['after-sales'].documentId, cause: 'human', responsiblePerson: '吴客服' } });
    expect((await wf.step(minor.documentId, 'close')).state).toBe('closed');

    // A quality cause needs no person.
    const quality = await complaint({ seriousness: 'minor' });
    expect((await wf.step(quality.documentId, 'record', { data: { responsibleDepartment: departments.quality.documentId, cause: 'quality' } })).state).toBe('recorded');

    const serious = await complaint();
    expect((await wf.actions(serious.documentId)).body.data.actions.map((a: { id: string }) => a.id)).not.toContain('record');
    await wf.step(serious.documentId, 'verify');
    await wf.step(serious.documentId, 'analyse');
    const noEvidence = await wf.perform(serious.documentId, 'explain', {
      version: 3,
      data: { cause: 'other', responsibleDepartment: departments.sales.documentId, explanation: 'Damaged by the customer’s installer' },
    });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.evidence']);
  });

  describe('the approver set of a serious complaint’s plan is a setting', () => {
    const SETTINGS = '/after-sales/extensions/after-sales.complaint-workflow/configuration';
    const put = (data: Record<string, unknown>) => request(strapi.server.httpServer).put(SETTINGS).set('Authorization', `Bearer ${manager.token}`).send({ data });
    afterEach(async () => {
      expect((await put({ seriousPlanApprovers: ['after-sales', 'sales', 'technical', 'quality'] })).status).toBe(200);
    });

    it('defaults to after-sales, sales, technical and quality; a saved set decides which heads must approve', async () => {
      const current = await request(strapi.server.httpServer).get(SETTINGS).set('Authorization', `Bearer ${manager.token}`);
      expect(current.status).toBe(200);
      expect(current.body.data.values.seriousPlanApprovers).toEqual(['after-sales', 'sales', 'technical', 'quality']);

      const saved = await put({ seriousPlanApprovers: ['after-sales', 'quality'] });
      expect(saved.status).toBe(200);
      const cp = await complaint();
      await toPlanProposed(cp.documentId);
      const offered = (await adminWorkflow(strapi, manager.token, UID).actions(cp.documentId)).body.data.actions.find((a: { id: string }) => a.id === 'approve-plan');
      expect(offered.approval.departments).toEqual(['after-sales', 'quality']);
      // The dashboard's approval progress and "awaiting my approval" follow the same set.
      const progress = await request(strapi.server.httpServer).get(`/after-sales/dashboard/approvals/${UID}/${cp.documentId}`).set('Authorization', `Bearer ${manager.token}`);
      expect(progress.body.data.steps.map((step: { department: string }) => step.department)).toEqual(['after-sales', 'quality']);
      const awaitingSales = await request(strapi.server.httpServer).get('/after-sales/dashboard/awaiting-approval').set('Authorization', `Bearer ${salesHead.token}`);
      expect(awaitingSales.body.data.map((row: { documentId: string }) => row.documentId)).not.toContain(cp.documentId);
      const awaitingQuality = await request(strapi.server.httpServer).get('/after-sales/dashboard/awaiting-approval').set('Authorization', `Bearer ${qualityHead.token}`);
      expect(awaitingQuality.body.data.map((row: { documentId: string }) => row.documentId)).toContain(cp.documentId);
      // Sales is no longer an approver: its head is refused, and two approvals approve the plan.
      const sales = await adminWorkflow(strapi, salesHead.token, UID).perform(cp.documentId, 'approve-plan', { version: 4 });
      expect(sales.status).toBe(403);
      expect((await adminWorkflow(strapi, manager.token, UID).step(cp.documentId, 'approve-plan')).state).toBe('plan-proposed');
      expect((await adminWorkflow(strapi, qualityHead.token, UID).step(cp.documentId, 'approve-plan')).state).toBe('approved');

      // Back to the four: a new plan needs all four again.
      expect((await put({ seriousPlanApprovers: ['after-sales', 'sales', 'technical', 'quality'] })).status).toBe(200);
      const next = await complaint();
      await toPlanProposed(next.documentId);
      for (const head of [manager, qualityHead, engineerHead]) expect((await adminWorkflow(strapi, head.token, UID).step(next.documentId, 'approve-plan')).state).toBe('plan-proposed');
      expect((await adminWorkflow(strapi, salesHead.token, UID).step(next.documentId, 'approve-plan')).state).toBe('approved');
    });

    it.each([
      [['after-sales', 'no-such-dept'], 'no department "no-such-dept"'],
      [[], 'must list at least 1'],
      [['sales', 'sales'], 'lists a value twice'],
      ['sales', 'must be of type array'],
    ])('refuses %j with a 400 naming seriousPlanApprovers, saving nothing', async (value, message) => {
      const refused = await put({ seriousPlanApprovers: value });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.errors).toEqual([expect.objectContaining({ path: ['data', 'seriousPlanApprovers'], message })]);
      const current = await request(strapi.server.httpServer).get(SETTINGS).set('Authorization', `Bearer ${manager.token}`);
      expect(current.body.data.values.seriousPlanApprovers).toEqual(['after-sales', 'sales', 'technical', 'quality']);
    });
  });
});
