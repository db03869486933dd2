import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

/**
 * The supervisor's view (issue #26 item 3) and training records (item 4): every figure against a
 * count made by hand on items created here, who may see whom, the refusal, the audit and the CSV.
 */
let strapi: Core.Strapi;
let manager: AdminSession;
let head: AdminSession;
let engineer: AdminSession;
let agentA: AdminSession;
let agentB: AdminSession;
const http = () => request(strapi.server.httpServer);
const H = 3_600_000;
const sh = (local: string) => new Date(`${local}+08:00`);
const OCTOBER = 'from=2026-10-01&to=2026-10-31';
const FB = 'api::feedback.feedback';
const refs: Record<string, string> = {};
const docs: Record<string, string> = {};

const rename = (session: AdminSession, firstname: string, lastname: string) => strapi.db.query('admin::user').update({ where: { id: session.id }, data: { firstname, lastname } });

/** An item with these stored facts (the view reads only stored facts), its assignee set through the query layer. */
const seed = async (uid: string, name: string, person: AdminSession | null, facts: Record<string, unknown>, base: Record<string, unknown>) => {
  const doc = await strapi.documents(uid as any).create({ data: base as any });
  const personField = uid === 'api::service-record.service-record' ? 'technician' : 'assignee';
  await strapi.db.query(uid as any).update({ where: { documentId: doc.documentId }, data: { ...facts, ...(person ? { [personField]: person.id } : {}) } });
  const row = await strapi.db.query(uid as any).findOne({ where: { documentId: doc.documentId }, select: ['reference'] });
  refs[name] = row.reference;
  docs[name] = doc.documentId;
};
const clockRow = (name: string, clock: string, row: { started: string; due: string; stopped?: string; met?: boolean | null; used?: number }) => ({
  content_type: FB,
  document_id: docs[name],
  clock,
  calendar_id: 'cn-mainland',
  measure: 'business',
  budget_ms: 24 * H,
  started_at: sh(row.started),
  paused_ms: 0,
  due_at: sh(row.due),
  stopped_at: row.stopped ? sh(row.stopped) : null,
  used_ms: row.used ?? null,
  met: row.met === undefined ? null : row.met,
  created_at: sh(row.started),
  updated_at: sh(row.started),
});

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agentA = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  agentB = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  head = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  await rename(agentA, 'Li', 'Ming');
  await rename(agentB, 'Zhou', 'Fang');
  await rename(head, 'Zhang', 'Head');
  await rename(engineer, 'Gao', 'Jie');
  await strapi.db.query('api::department.department').update({ where: { id: departments.technical.id }, data: { head: head.id } });
  const customer = await createCustomer(strapi);
  const feedback = { channel: 'hotline', symptom: 's' };
  const complaint = { description: 'c', cause: 'quality', customer: customer.documentId };

  // Li Ming (agent A): three feedback items closed in October (24 h, 48 h, 6 h), one complaint (36 h); one closed in September; one open.
  await seed(FB, 'F1', agentA, { state: 'closed', createdAt: sh('2026-10-05T09:00:00'), closedAt: sh('2026-10-06T09:00:00'), satisfactionScore: 5, reopenCount: 0 }, feedback);
  await seed(FB, 'F2', agentA, { state: 'closed', createdAt: sh('2026-10-10T09:00:00'), closedAt: sh('2026-10-12T09:00:00'), satisfactionScore: 3, reopenCount: 1 }, feedback);
  await seed(FB, 'F3', agentA, { state: 'closed', createdAt: sh('2026-10-20T09:00:00'), closedAt: sh('2026-10-20T15:00:00'), satisfactionScore: null, reopenCount: 0 }, feedback);
  await seed(FB, 'F4', agentA, { state: 'closed', createdAt: sh('2026-09-20T09:00:00'), closedAt: sh('2026-09-28T09:00:00'), satisfactionScore: 1, reopenCount: 2 }, feedback);
  await seed(FB, 'F5', agentA, { state: 'acknowledged', createdAt: sh('2026-10-06T09:00:00'), closedAt: null }, feedback);
  await seed('api::complaint.complaint', 'C1', agentA, { state: 'closed', createdAt: sh('2026-10-02T09:00:00'), closedAt: sh('2026-10-03T21:00:00') }, complaint);
  // Zhou Fang (agent B): one feedback item, 2 h, score 4.
  await seed(FB, 'F6', agentB, { state: 'closed', createdAt: sh('2026-10-01T10:00:00'), closedAt: sh('2026-10-01T12:00:00'), satisfactionScore: 4, reopenCount: 0 }, feedback);
  // Gao Jie (engineer): a repair performed a day after the record was made.
  await seed('api::service-record.service-record', 'S1', engineer, { state: 'completed', createdAt: sh('2026-10-14T09:00:00'), performedAt: sh('2026-10-15T09:00:00') }, { kind: 'onsite-repair' });
  // Complaints naming a responsible person (created in October unless said otherwise).
  await seed('api::complaint.complaint', 'R1', null, { createdAt: sh('2026-10-08T09:00:00'), responsiblePerson: 'Li Ming' }, complaint);
  await seed('api::complaint.complaint', 'R2', null, { createdAt: sh('2026-10-09T09:00:00'), responsiblePerson: 'LI  MING' }, complaint);
  await seed('api::complaint.complaint', 'R3', null, { createdAt: sh('2026-10-10T09:00:00'), responsiblePerson: 'Ming Li' }, complaint);
  await seed('api::complaint.complaint', 'R4', null, { createdAt: sh('2026-09-10T09:00:00'), responsiblePerson: 'Li Ming' }, complaint);
  await seed('api::complaint.complaint', 'R5', null, { createdAt: sh('2026-10-11T09:00:00'), responsiblePerson: 'Gao Jie' }, complaint);

  // The clock rows are the SLA engine's; these are written by hand (the ones the items' creation wrote are dropped first).
  await strapi.db.connection('after_sales_sla_clocks').del();
  await strapi.db.connection('after_sales_sla_clocks').insert([
    clockRow('F1', 'acknowledgeBy', { started: '2026-10-05T09:00:00', due: '2026-10-06T09:00:00', stopped: '2026-10-05T10:00:00', met: true, used: H }),
    clockRow('F2', 'acknowledgeBy', { started: '2026-10-10T09:00:00', due: '2026-10-11T09:00:00', stopped: '2026-10-11T12:00:00', met: false, used: 27 * H }),
    // Still running, its due time passed in October (before "now"): counted, not met.
    clockRow('F3', 'acknowledgeBy', { started: '2026-10-20T09:00:00', due: '2026-10-21T09:00:00' }),
    clockRow('F5', 'acknowledgeBy', { started: '2026-10-06T09:00:00', due: '2026-10-07T09:00:00', stopped: '2026-10-06T11:00:00', met: true, used: 2 * H }),
    clockRow('F1', 'callbackBy', { started: '2026-10-05T09:00:00', due: '2026-10-08T09:00:00', stopped: '2026-10-06T09:00:00', met: true, used: 8 * H }),
    // Cancelled (stopped with no verdict): not counted; stopped in September: another period.
    clockRow('F2', 'callbackBy', { started: '2026-10-10T09:00:00', due: '2026-10-13T09:00:00', stopped: '2026-10-12T09:00:00', met: null }),
    clockRow('F4', 'acknowledgeBy', { started: '2026-09-20T09:00:00', due: '2026-09-21T09:00:00', stopped: '2026-09-20T10:00:00', met: true, used: H }),
    clockRow('F6', 'acknowledgeBy', { started: '2026-10-01T10:00:00', due: '2026-10-02T10:00:00', stopped: '2026-10-01T11:00:00', met: true, used: H }),
  ]);

  // Training: one October session for both agents, one in September for agent A, one for the engineer.
  const article = await strapi
    .documents('api::knowledge-article.knowledge-article')
    .create({ data: { title: '投诉处理规范', slug: 'complaint-handling', problem: 'p', cause: 'c', solution: 's' } as any, locale: 'zh-Hans' });
  const session = (date: string, topic: string, attendees: AdminSession[]) =>
    strapi.db.query('api::training-session.training-session').create({ data: { date, topic, trainer: manager.id, attendees: attendees.map((a) => a.id), materials: [article.id] } });
  await session('2026-10-10', '投诉处理流程', [agentA, agentB]);
  await session('2026-09-01', '产品知识', [agentA]);
  await session('2026-10-20', '现场维修安全', [engineer]);

  strapi.plugin('after-sales').service('clock').set(new Date('2026-11-15T00:00:00Z'));
});
afterAll(async () => {
  strapi?.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
});

const view = async (session: AdminSession, query = OCTOBER) => {
  const res = await http().get(`/after-sales/supervisor?${query}`).set('Authorization', `Bearer ${session.token}`);
  expect(res.status).toBe(200);
  return res.body.data;
};
const rowOf = (data: any, session: AdminSession) => data.staff.find((s: any) => s.person.id === session.id);
const drill = async (session: AdminSession, query: string) => http().get(`/after-sales/supervisor/items?${OCTOBER}&${query}`).set('Authorization', `Bearer ${session.token}`);
const auditRows = () => strapi.db.connection('after_sales_audit_events').where({ content_type: 'plugin::after-sales.supervisor' }).orderBy('id');

describe("supervisor's view", () => {
  it("gives an agent's figures for the period as counted by hand", async () => {
    const data = await view(manager);
    expect(data.period).toEqual({ from: '2026-10-01', to: '2026-10-31', timeZone: 'Asia/Shanghai' });
    expect(data.scope).toBe('all');
    const a = rowOf(data, agentA);
    expect(a.person).toMatchObject({ name: 'Li Ming', kind: 'agent', departments: ['售后服务部 After-sales'] });
    // F1, F2, F3 and C1 (F4 closed in September, F5 still open).
    expect(a.handled).toEqual({ total: 4, feedback: 3, complaint: 1, serviceRecord: 0 });
    // 6, 24, 36, 48 h: the nearest-rank median is the 2nd.
    expect(a.medianHandlingMs).toBe(24 * H);
    expect(a.satisfaction).toEqual({ responses: 2, average: 4 });
    expect(a.reopen).toEqual({ items: 3, reopened: 1, rate: 0.3333 });
    // acknowledgeBy: F1 met, F2 late, F3 overdue and open, F5 met (F4 in September); callbackBy: F1 met (F2's cancelled).
    const ack = a.onTime.clocks.find((c: any) => c.contentType === FB && c.clock === 'acknowledgeBy');
    expect(ack).toEqual({ contentType: FB, clock: 'acknowledgeBy', total: 4, met: 2, rate: 0.5 });
    expect(a.onTime.clocks.find((c: any) => c.contentType === FB && c.clock === 'callbackBy')).toMatchObject({ total: 1, met: 1, rate: 1 });
    expect(a.onTime).toMatchObject({ total: 5, met: 3, rate: 0.6 });
    // "Li Ming", "LI  MING", "Ming Li" in October (the September one left out).
    expect(a.complaintsResponsible).toBe(3);
    expect(a.training).toEqual({ count: 1, sessions: [{ documentId: expect.any(String), date: '2026-10-10', topic: '投诉处理流程' }] });

    const b = rowOf(data, agentB);
    expect(b.handled.total).toBe(1);
    expect(b.medianHandlingMs).toBe(2 * H);
    expect(b.satisfaction).toEqual({ responses: 1, average: 4 });
    expect(b.onTime).toMatchObject({ total: 1, met: 1, rate: 1 });
    expect(b.complaintsResponsible).toBe(0);

    const e = rowOf(data, engineer);
    expect(e.person.kind).toBe('engineer');
    expect(e.handled).toEqual({ total: 1, feedback: 0, complaint: 0, serviceRecord: 1 });
    expect(e.medianHandlingMs).toBe(24 * H);
    expect(e.satisfaction.average).toBeNull();
    expect(e.reopen.rate).toBeNull();
    expect(e.complaintsResponsible).toBe(1);
    expect(e.training.sessions.map((s: any) => s.topic)).toEqual(['现场维修安全']);
  });

  it('sorts by a figure, people without it last', async () => {
    const data = await view(manager, `${OCTOBER}&sort=handled&direction=desc`);
    expect(data.staff[0].person.id).toBe(agentA.id);
    const bySatisfaction = await view(manager, `${OCTOBER}&sort=satisfaction&direction=asc`);
    const averages = bySatisfaction.staff.map((s: any) => s.satisfaction.average);
    expect(averages.slice(0, 2)).toEqual([4, 4]);
    expect(averages.slice(2).every((v: unknown) => v === null)).toBe(true);
  });

  it('opens the items behind each figure', async () => {
    const references = (res: request.Response) => res.body.data.rows.map((r: any) => r.reference).sort();
    const handled = await drill(manager, `person=${agentA.id}&figure=handled`);
    expect(handled.status).toBe(200);
    expect(references(handled)).toEqual([refs.F1, refs.F2, refs.F3, refs.C1].sort());
    expect(handled.body.data.rows.find((r: any) => r.reference === refs.C1)).toMatchObject({ contentType: 'api::complaint.complaint', documentId: docs.C1, state: 'closed' });
    expect(references(await drill(manager, `person=${agentA.id}&figure=rated`))).toEqual([refs.F1, refs.F2].sort());
    expect(references(await drill(manager, `person=${agentA.id}&figure=reopened`))).toEqual([refs.F2]);
    const late = await drill(manager, `person=${agentA.id}&figure=late&contentType=${FB}&clock=acknowledgeBy`);
    expect(late.body.data.rows.map((r: any) => [r.reference, r.detail]).sort()).toEqual(
      [
        [refs.F2, 'late'],
        [refs.F3, 'open'],
      ].sort()
    );
    expect(references(await drill(manager, `person=${agentA.id}&figure=clock&contentType=${FB}&clock=acknowledgeBy`))).toEqual([refs.F1, refs.F2, refs.F3, refs.F5].sort());
    expect(references(await drill(manager, `person=${agentA.id}&figure=complaints`))).toEqual([refs.R1, refs.R2, refs.R3].sort());
    const training = await drill(manager, `person=${agentA.id}&figure=training`);
    expect(training.body.data.rows).toEqual([
      { contentType: 'api::training-session.training-session', documentId: expect.any(String), reference: null, state: null, at: '2026-10-10', detail: '投诉处理流程', readable: true },
    ]);
  });

  it("shows a head their own department's members only", async () => {
    const data = await view(head);
    expect(data.scope).toBe('headed');
    expect(data.departments.map((d: any) => d.code)).toEqual(['technical']);
    expect(data.staff.map((s: any) => s.person.id).sort()).toEqual([head.id, engineer.id].sort());
    expect((await drill(head, `person=${engineer.id}&figure=handled`)).status).toBe(200);
    const other = await drill(head, `person=${agentA.id}&figure=handled`);
    expect(other.status).toBe(403);
  });

  it("says which items the viewer may open: a head counts a member's repair in no department, and opens it once it is their department's", async () => {
    const S = 'api::service-record.service-record';
    const caseScreen = (session: AdminSession) => http().get(`/after-sales/cases/${S}/${docs.S1}`).set('Authorization', `Bearer ${session.token}`);
    const rowS1 = async (session: AdminSession) => (await drill(session, `person=${engineer.id}&figure=handled`)).body.data.rows.find((r: any) => r.reference === refs.S1);
    // The technical engineer's role reads service records of their department only; S1 has none.
    expect(await rowS1(head)).toMatchObject({ documentId: docs.S1, readable: false });
    expect((await caseScreen(head)).status).toBe(403);
    // The manager's role reads every service record.
    expect(await rowS1(manager)).toMatchObject({ readable: true });
    const technical = await strapi.db.query('api::department.department').findOne({ where: { code: 'technical' }, select: ['id'] });
    await strapi.db.query(S as any).update({ where: { documentId: docs.S1 }, data: { department: technical.id } });
    try {
      expect(await rowS1(head)).toMatchObject({ readable: true });
      expect((await caseScreen(head)).status).toBe(200);
    } finally {
      await strapi.db.query(S as any).update({ where: { documentId: docs.S1 }, data: { department: null } });
    }
    // Training sessions: the role reads them (no conditions).
    expect((await drill(head, `person=${engineer.id}&figure=training`)).body.data.rows).toEqual([expect.objectContaining({ detail: '现场维修安全', readable: true })]);
  });

  it('refuses agents, and staff who head no department', async () => {
    for (const path of [`/after-sales/supervisor?${OCTOBER}`, `/after-sales/supervisor/items?${OCTOBER}&person=${agentA.id}&figure=handled`]) {
      expect((await http().get(path).set('Authorization', `Bearer ${agentA.token}`)).status).toBe(403);
      expect((await http().get(path).set('Authorization', `Bearer ${engineer.token}`)).status).toBe(403);
    }
  });

  it('writes every access to the audit trail', async () => {
    const before = (await auditRows()).length;
    await view(head);
    await drill(head, `person=${engineer.id}&figure=training`);
    await http().get(`/after-sales/supervisor?${OCTOBER}&format=csv&locale=en`).set('Authorization', `Bearer ${manager.token}`);
    const rows = (await auditRows()).slice(before);
    expect(rows.map((r: any) => [r.action, String(r.actor_id), r.document_id])).toEqual([
      ['supervisor.view', String(head.id), 'headed'],
      ['supervisor.items', String(head.id), String(engineer.id)],
      ['supervisor.export', String(manager.id), 'all'],
    ]);
    expect(JSON.parse(rows[1].note)).toMatchObject({ from: '2026-10-01', to: '2026-10-31', drill: 'training' });
    expect(rows[0].actor_name).toBe('Zhang Head');
  });

  it('exports the figures as CSV in the asked language', async () => {
    const res = await http().get(`/after-sales/supervisor?${OCTOBER}&format=csv&locale=zh-Hans&sort=handled`).set('Authorization', `Bearer ${manager.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain('supervisor-2026-10-01-2026-10-31.csv');
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('主管视图');
    const header = lines[3].split(',');
    expect(header.slice(0, 9)).toEqual(['姓名', '邮箱', '岗位', '部门', '处理事项', '反馈', '投诉', '服务记录', '按时率（全部时限）']);
    const first = lines[4].split(',');
    expect(first.slice(0, 9)).toEqual(['Li Ming', agentA.email, '客服', '售后服务部 After-sales', '4', '3', '1', '0', '60.0%']);
    const cell = (name: string) => first[header.indexOf(name)];
    expect(cell('处理时长中位数（小时）')).toBe('24');
    expect(cell('满意度平均分')).toBe('4');
    expect(cell('重开率')).toBe('33.3%');
    expect(cell('被判定负责的投诉')).toBe('3');
    expect(cell('培训课程')).toBe('2026-10-10 投诉处理流程');
  });

  it('names a bad parameter in a 400', async () => {
    const bad = async (query: string) =>
      (await http().get(`/after-sales/supervisor?${query}`).set('Authorization', `Bearer ${manager.token}`)).body.error?.details?.errors?.map((e: any) => e.path.join('.'));
    expect(await bad('from=2026-13-01')).toEqual(['from']);
    expect(await bad('from=2026-10-31&to=2026-10-01')).toEqual(['from']);
    expect(await bad('sort=height')).toEqual(['sort']);
    expect(await bad('colour=red')).toEqual(['colour']);
    const res = await drill(manager, 'person=x&figure=nothing');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['figure', 'person']);
    const clock = await drill(manager, `person=${agentA.id}&figure=clock&contentType=${FB}&clock=teaBy`);
    expect(clock.status).toBe(400);
    expect(clock.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['clock']);
  });
});
