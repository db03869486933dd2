import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createFeedback, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

// Issue 15, items 1–5 and 10, where they are not visual: what the server refuses or allows.
const FEEDBACK = 'api::feedback.feedback';
const SERVICE_RECORD = 'api::service-record.service-record';
let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
let agent: AdminSession;
let engineer: AdminSession;
let manager: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('the case owner keeps following a case handed to another department (item 2)', () => {
  it('the agent who acknowledged a case reads it, adds a note and makes the callback after assigning it to the technical department', async () => {
    const customer = await createCustomer(strapi);
    const fb = await createFeedback(strapi, { customer: customer.documentId });
    const agentWf = adminWorkflow(strapi, agent.token, FEEDBACK);
    await agentWf.step(fb.documentId, 'acknowledge');
    await agentWf.step(fb.documentId, 'triage', { data: { type: 'quality', severity: 'important', department: departments.technical.documentId, assignee: engineer.id } });
    const stored = await strapi.db.query(FEEDBACK).findOne({ where: { documentId: fb.documentId }, populate: { owner: { select: ['id'] } } });
    expect(stored.owner?.id).toBe(agent.id);

    // Read access in the Content Manager: the edit view and the list.
    const read = await http().get(`/content-manager/collection-types/${FEEDBACK}/${fb.documentId}`).set(as(agent));
    expect(read.status).toBe(200);
    const list = await http().get(`/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=100&filters[documentId][$eq]=${fb.documentId}`).set(as(agent));
    expect(list.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([fb.documentId]);

    // Only the owner's actions: a note now; the engineer's work (start, resolve) stays with the engineer.
    const actions = (await agentWf.actions(fb.documentId)).body.data.actions.map((a: { id: string }) => a.id);
    expect(actions).toEqual(['add-note']);
    const noted = await agentWf.step(fb.documentId, 'add-note', { note: '客户来电询问进度，已告知技术部正在分析' });
    expect(noted.state).toBe('triaged');

    const engineerWf = adminWorkflow(strapi, engineer.token, FEEDBACK);
    await engineerWf.step(fb.documentId, 'start');
    await engineerWf.step(fb.documentId, 'resolve', { data: { resolutionSummary: '更换风扇' } });
    // The callback is the owner's.
    expect((await agentWf.step(fb.documentId, 'start-callback')).state).toBe('callback');
    expect((await agentWf.step(fb.documentId, 'record-satisfaction', { data: { satisfactionScore: 5 } })).state).toBe('closed');

    // Another agent of the department, not the owner, does not see the technical department's case.
    const other = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
    expect((await http().get(`/content-manager/collection-types/${FEEDBACK}/${fb.documentId}`).set(as(other))).status).toBe(403);
  });

  it('a service record the agent creates for the technical department opens after saving', async () => {
    const created = await http()
      .post(`/content-manager/collection-types/${SERVICE_RECORD}`)
      .set(as(agent))
      .send({ kind: 'onsite-repair', department: { connect: [{ documentId: departments.technical.documentId }] } });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const stored = await strapi.db.query(SERVICE_RECORD).findOne({ where: { documentId }, populate: { owner: { select: ['id'] } } });
    expect(stored.owner?.id).toBe(agent.id);
    expect((await http().get(`/content-manager/collection-types/${SERVICE_RECORD}/${documentId}`).set(as(agent))).status).toBe(200);
  });
});

describe('the agent reveals the number to call back (item 3)', () => {
  it('reveals with a reason, audited; the engineer may not', async () => {
    const customer = await createCustomer(strapi, { phone: '+86 139 1234 5678' });
    const fb = await createFeedback(strapi, { customer: customer.documentId });
    const summary = await http().get(`/after-sales/privacy/items/${FEEDBACK}/${fb.documentId}/customer`).set(as(agent));
    expect(summary.status).toBe(200);
    expect(summary.body.data).toMatchObject({ customer: { documentId: customer.documentId, phone: '139****5678' }, may: { reveal: true } });

    const refused = await http().post(`/after-sales/privacy/customers/${customer.documentId}/reveal`).set(as(agent)).send({ reason: 'x' });
    expect(refused.status).toBe(400);
    const revealed = await http()
      .post(`/after-sales/privacy/customers/${customer.documentId}/reveal`)
      .set(as(agent))
      .send({ reason: '回访客户' + fb.documentId });
    expect(revealed.status).toBe(200);
    expect(revealed.body.data.phone).toBe('+86 139 1234 5678');
    const audit = await strapi.db.connection('after_sales_privacy_audit').where({ customer_document_id: customer.documentId, action: 'reveal' });
    expect(audit).toHaveLength(1);

    expect((await http().post(`/after-sales/privacy/customers/${customer.documentId}/reveal`).set(as(engineer)).send({ reason: 'just curious' })).status).toBe(403);
    // The agent still sees contact data masked in the Content Manager.
    const cm = await http().get(`/content-manager/collection-types/api::customer.customer/${customer.documentId}`).set(as(agent));
    expect(cm.body.data.phone).toBe('139****5678');
  });
});

describe('a message to a customer who cannot receive it is refused at once (item 4)', () => {
  it('answers 400 customer-unreachable and queues nothing; the preview says so before sending', async () => {
    const customer = await createCustomer(strapi, { email: null });
    const fb = await createFeedback(strapi, { customer: customer.documentId });
    const preview = await http().post('/after-sales/messages/preview').set(as(agent)).send({ key: 'feedback.progress', locale: 'zh-Hans', uid: FEEDBACK, documentId: fb.documentId });
    expect(preview.status).toBe(200);
    expect(preview.body.data.reachability).toEqual({ email: false, phone: true, channel: null });
    const sent = await http().post('/after-sales/messages/send').set(as(agent)).send({ key: 'feedback.progress', uid: FEEDBACK, documentId: fb.documentId });
    expect(sent.status).toBe(400);
    expect(sent.body.error.details.code).toBe('customer-unreachable');
    expect(sent.body.error.message).toMatch(/cannot be reached by email/);
    const queued = await strapi.db.connection('after_sales_outbox').where({ document_id: fb.documentId }).count({ n: '*' }).first();
    expect(Number(queued?.n)).toBe(0);
  });
});

describe('the manager opens the SLA settings (item 5)', () => {
  it('reads calendars and policies', async () => {
    expect((await http().get('/after-sales/sla/calendars').set(as(manager))).status).toBe(200);
    expect((await http().get('/after-sales/sla/policies').set(as(manager))).status).toBe(200);
  });
});

describe('only actions valid now are offered (item 10)', () => {
  it('a closed case with a score does not offer record-satisfaction; one closed without a score still takes the survey answer', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, manager.token, FEEDBACK);
    for (const [action, extra] of [
      ['acknowledge', {}],
      ['triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } }],
      ['start', {}],
      ['resolve', { data: { resolutionSummary: 'done' } }],
      ['start-callback', {}],
      ['record-satisfaction', { data: { satisfactionScore: 5 } }],
    ] as const)
      await wf.step(fb.documentId, action, extra);
    const offered = (await wf.actions(fb.documentId)).body.data.actions.map((a: { id: string }) => a.id);
    expect(offered).not.toContain('record-satisfaction');
    const refused = await wf.perform(fb.documentId, 'record-satisfaction', { version: 8, data: { satisfactionScore: 4 } });
    expect(refused.status).toBe(409);

    const unscored = await createFeedback(strapi);
    for (const [action, extra] of [
      ['acknowledge', {}],
      ['triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } }],
      ['start', {}],
      ['resolve', { data: { resolutionSummary: 'done' } }],
      ['start-callback', {}],
    ] as const)
      await wf.step(unscored.documentId, action, extra);
    await wf.step(unscored.documentId, 'close', { note: '三次未接通' });
    expect((await wf.actions(unscored.documentId)).body.data.actions.map((a: { id: string }) => a.id)).toContain('record-satisfaction');
  });
});

describe('the edit form and the workflow do not fight (item 1)', () => {
  it('a form saved after a workflow action with the refreshed version is accepted; a stale one is refused in words with a code', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, FEEDBACK);
    await wf.step(fb.documentId, 'acknowledge');
    const url = `/content-manager/collection-types/${FEEDBACK}/${fb.documentId}`;
    const stale = await http().put(url).set(as(agent)).send({ state: 'received', version: 1, scenario: '早上开机时' });
    expect(stale.status).toBe(400);
    expect(stale.body.error.details).toMatchObject({ code: 'edit-conflict', current: { version: 2, state: 'acknowledged' } });
    expect(stale.body.error.message).not.toMatch(/POST|\/after-sales\//);
    const fresh = await http().put(url).set(as(agent)).send({ state: 'acknowledged', version: 2, scenario: '早上开机时' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.data).toMatchObject({ scenario: '早上开机时', version: 3 });
    const stateChange = await http().put(url).set(as(agent)).send({ state: 'closed', version: 3 });
    expect(stateChange.status).toBe(400);
    expect(stateChange.body.error.details.code).toBe('workflow-owned-field');
  });
});
