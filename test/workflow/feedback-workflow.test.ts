import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, createApiUser, type AdminSession } from '../helpers/auth';
import { createFeedback, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow, auditCount } from '../helpers/workflow';

const UID = 'api::feedback.feedback';
let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
let agent: AdminSession;
let engineer: AdminSession;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const triageData = () => ({ type: 'quality', severity: 'important', department: departments['after-sales'].documentId, assignee: agent.id });

describe('feedback workflow through the admin API', () => {
  it('runs received → acknowledged → triaged → in-progress ⇄ waiting → resolved → callback → closed with an audit trail', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    const listed = await wf.actions(fb.documentId);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toMatchObject({ state: 'received', version: 1 });
    expect(listed.body.data.actions.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['acknowledge', 'mark-duplicate', 'reject']));

    expect((await wf.step(fb.documentId, 'acknowledge')).state).toBe('acknowledged');
    expect((await wf.step(fb.documentId, 'triage', { data: triageData() })).state).toBe('triaged');
    expect((await wf.step(fb.documentId, 'start')).state).toBe('in-progress');
    expect((await wf.step(fb.documentId, 'wait', { note: 'waiting for a spare fan' })).state).toBe('waiting');
    expect((await wf.step(fb.documentId, 'resume')).state).toBe('in-progress');
    expect((await wf.step(fb.documentId, 'resolve', { data: { resolutionSummary: 'Fan replaced', rootCause: 'bearing' } })).state).toBe('resolved');
    expect((await wf.step(fb.documentId, 'start-callback')).state).toBe('callback');
    const closed = await wf.step(fb.documentId, 'record-satisfaction', { data: { satisfactionScore: 5 } });
    expect(closed).toMatchObject({ state: 'closed', version: 9 });

    const stored = await strapi.db.query(UID).findOne({ where: { documentId: fb.documentId }, populate: ['department', 'assignee'] });
    expect(stored).toMatchObject({ state: 'closed', type: 'quality', severity: 'important', resolutionSummary: 'Fan replaced', satisfactionScore: 5, version: 9 });
    expect(stored.department.code).toBe('after-sales');
    expect(stored.assignee.id).toBe(agent.id);
    expect(stored.acknowledgedAt).not.toBeNull();
    expect(stored.resolvedAt).not.toBeNull();
    expect(stored.closedAt).not.toBeNull();

    const timeline = await wf.timeline(fb.documentId);
    expect(timeline.status).toBe(200);
    expect(timeline.body.data.map((e: { action: string }) => e.action)).toEqual(['acknowledge', 'triage', 'start', 'wait', 'resume', 'resolve', 'start-callback', 'record-satisfaction']);
    const wait = timeline.body.data[3];
    expect(wait).toMatchObject({ from: 'in-progress', to: 'waiting', note: 'waiting for a spare fan', actor: { kind: 'admin', id: String(agent.id) } });
    expect(timeline.body.data[1].changedFields).toEqual(expect.arrayContaining(['state', 'type', 'severity', 'department', 'assignee']));
  });

  it('a satisfaction score under 4 reopens the item and counts the reopening', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    for (const [action, extra] of [
      ['acknowledge', {}],
      ['triage', { data: triageData() }],
      ['start', {}],
      ['resolve', { data: { resolutionSummary: 'done' } }],
      ['start-callback', {}],
    ] as const)
      await wf.step(fb.documentId, action, extra);
    const reopened = await wf.step(fb.documentId, 'record-satisfaction', { data: { satisfactionScore: 3, satisfactionComment: 'still noisy' } });
    expect(reopened.state).toBe('in-progress');
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: fb.documentId } });
    expect(stored).toMatchObject({ reopenCount: 1, satisfactionScore: 3, resolvedAt: null });
  });

  it('refuses an action illegal from the current state with 409', async () => {
    const fb = await createFeedback(strapi);
    const res = await adminWorkflow(strapi, agent.token, UID).perform(fb.documentId, 'resolve', { version: 1, data: { resolutionSummary: 'x' } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ code: 'illegal-state', current: { state: 'received', version: 1 } });
  });

  it('refuses a stale version with 409 and the current state and version', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    await wf.step(fb.documentId, 'acknowledge');
    const res = await wf.perform(fb.documentId, 'reject', { version: 1, data: { rejectionReason: 'spam' } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ code: 'stale-version', current: { state: 'acknowledged', version: 2 } });
  });

  it('names every missing field with 400', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    await wf.step(fb.documentId, 'acknowledge');
    const res = await wf.perform(fb.documentId, 'triage', { version: 2, data: { type: 'quality' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(['data.severity', 'data.department', 'data.assignee']);
    const unknown = await wf.perform(fb.documentId, 'triage', { version: 2, data: { ...triageData(), state: 'closed' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('data.state');
    const badBody = await wf.perform(fb.documentId, 'triage', { data: triageData() });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toContain('version');
    const badEnum = await wf.perform(fb.documentId, 'triage', { version: 2, data: { ...triageData(), severity: 'catastrophic' } });
    expect(badEnum.status).toBe(400);
    expect(JSON.stringify(badEnum.body.error)).toContain('severity');
    expect((await strapi.db.query(UID).findOne({ where: { documentId: fb.documentId } })).version).toBe(2);
  });

  it('refuses a user without the action (403) and staff of another department (403)', async () => {
    const fb = await createFeedback(strapi);
    const editor = await createAdmin(strapi, 'knowledge-editor');
    expect((await adminWorkflow(strapi, editor.token, UID).perform(fb.documentId, 'acknowledge', { version: 1 })).status).toBe(403);

    const wf = adminWorkflow(strapi, agent.token, UID);
    await wf.step(fb.documentId, 'acknowledge');
    await wf.step(fb.documentId, 'triage', { data: triageData() });
    // The engineer may start feedback of the technical department only.
    const res = await adminWorkflow(strapi, engineer.token, UID).perform(fb.documentId, 'start', { version: 3 });
    expect(res.status).toBe(403);
    // Nor may they read it: the action list answers 403, as the Content Manager does for this record.
    const offered = await adminWorkflow(strapi, engineer.token, UID).actions(fb.documentId);
    expect(offered.status).toBe(403);

    const technical = await createFeedback(strapi);
    await wf.step(technical.documentId, 'acknowledge');
    await wf.step(technical.documentId, 'triage', { data: { ...triageData(), department: departments.technical.documentId, assignee: engineer.id } });
    const allowed = await adminWorkflow(strapi, engineer.token, UID).perform(technical.documentId, 'start', { version: 3 });
    expect(allowed.status).toBe(200);
  });

  it('a duplicate needs an existing original (extension guard)', async () => {
    const original = await createFeedback(strapi);
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    const bad = await wf.perform(fb.documentId, 'mark-duplicate', { version: 1, data: { duplicateOf: 'FB-19990101-0001' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['data', 'duplicateOf']);
    const ok = await wf.perform(fb.documentId, 'mark-duplicate', { version: 1, data: { duplicateOf: original.reference } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.state).toBe('duplicate');
  });

  it('20 concurrent transitions on one record: exactly one succeeds, one audit event', async () => {
    const fb = await createFeedback(strapi);
    const wf = adminWorkflow(strapi, agent.token, UID);
    const results = await Promise.all(Array.from({ length: 20 }, () => wf.perform(fb.documentId, 'acknowledge', { version: 1 })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await auditCount(strapi, fb.documentId)).toBe(1);
    expect((await strapi.db.query(UID).findOne({ where: { documentId: fb.documentId } })).version).toBe(2);
  });
});

describe('state is changed through actions only', () => {
  it('refuses setting state through the REST API and the Content Manager', async () => {
    const { jwt } = await createApiUser(strapi, ['api::feedback.feedback.create', 'api::feedback.feedback.update']);
    const auth = { Authorization: `Bearer ${jwt}` };
    const created = await http()
      .post('/api/feedbacks')
      .set(auth)
      .send({ data: { channel: 'email', symptom: 'x', state: 'closed' } });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('state');
    const ok = await http()
      .post('/api/feedbacks')
      .set(auth)
      .send({ data: { channel: 'email', symptom: 'x' } });
    expect(ok.body.data).toMatchObject({ state: 'received', version: 1 });
    const updated = await http()
      .put(`/api/feedbacks/${ok.body.data.documentId}`)
      .set(auth)
      .send({ data: { state: 'closed' } });
    expect(updated.status).toBe(400);
    const cm = await http()
      .put(`/content-manager/collection-types/${UID}/${ok.body.data.documentId}`)
      .set({ Authorization: `Bearer ${agent.token}` })
      .send({ state: 'resolved' });
    expect(cm.status).toBe(400);
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: ok.body.data.documentId } });
    expect(stored.state).toBe('received');
    // The create went through the intake pipeline (one `receive` event); the refused edits wrote nothing.
    const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: ok.body.data.documentId }).select('action', 'to_state');
    expect(events).toEqual([expect.objectContaining({ action: 'receive', to_state: 'received' })]);
  });

  it('bumps the version on direct edits and refuses a stale one', async () => {
    const fb = await createFeedback(strapi);
    const edited = await strapi.documents(UID).update({ documentId: fb.documentId, data: { scenario: 'a', version: 1 } as any });
    expect(edited?.version).toBe(2);
    await expect(strapi.documents(UID).update({ documentId: fb.documentId, data: { scenario: 'b', version: 1 } as any })).rejects.toThrow(/version/);
  });
});

describe('the content API', () => {
  it('runs actions for a users-permissions user holding the permission, and refuses one without', async () => {
    const fb = await createFeedback(strapi);
    const { jwt } = await createApiUser(strapi, ['plugin::after-sales.workflow-api.listActions', 'plugin::after-sales.workflow-api.perform', 'plugin::after-sales.workflow-api.timeline']);
    const auth = { Authorization: `Bearer ${jwt}` };
    const base = `/api/after-sales/workflows/${UID}/${fb.documentId}`;
    expect((await http().get(`${base}/actions`).set(auth)).body.data.state).toBe('received');
    const done = await http().post(`${base}/actions/acknowledge`).set(auth).send({ version: 1, note: 'from the hotline system' });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ state: 'acknowledged', version: 2 });
    const timeline = await http().get(`${base}/timeline`).set(auth);
    expect(timeline.body.data[0]).toMatchObject({ action: 'acknowledge', actor: { kind: 'api-user' } });

    const { jwt: reader } = await createApiUser(strapi, ['plugin::after-sales.workflow-api.listActions']);
    expect(
      (
        await http()
          .post(`${base}/actions/triage`)
          .set({ Authorization: `Bearer ${reader}` })
          .send({ version: 2 })
      ).status
    ).toBe(403);
    expect((await http().post(`${base}/actions/triage`).send({ version: 2 })).status).toBe(403);
  });
});
