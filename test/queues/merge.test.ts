import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { auditCount } from '../helpers/workflow';
import { refuseInserts } from '../helpers/refuse-insert';
import { intakeInDepartment } from '../helpers/intake';

/**
 * Merging duplicate cases, a bulk action of the work queues (#23): each other selected case is closed as a
 * duplicate of the surviving one through the workflow engine and hands it its conversation, the links of
 * other cases to it and its tags, audited on both; refusals item by item, nothing half-written.
 */
let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let departments: Record<string, { id: number; documentId: string }>;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';
const SERVICE = 'api::service-record.service-record';
const CLOCKS = 'after_sales_sla_clocks';
const OUTBOX = 'after_sales_outbox';
const THREAD = 'after_sales_thread_entries';
const AUDIT = 'after_sales_audit_events';
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
const setClock = (now: string) => http().put('/after-sales/test/clock').set(as(admin)).send({ now });
const bulk = (session: AdminSession, body: Record<string, unknown>) => http().post('/after-sales/queues/bulk').set(as(session)).send(body);
const ref = (item: { documentId: string }, uid = FEEDBACK) => ({ contentType: uid, documentId: item.documentId });

const append = (item: { documentId: string; reference: string }, kind: 'message-in' | 'note', bodyText: string, at: string, contentType = FEEDBACK) =>
  strapi
    .plugin('after-sales')
    .service('thread')
    .append({
      contentType,
      documentId: item.documentId,
      reference: item.reference,
      kind,
      channel: kind === 'note' ? null : 'email',
      author: kind === 'note' ? { kind: 'admin', id: admin.id, name: 'Admin' } : { kind: 'customer', id: null, name: '赵敏' },
      bodyText,
      at: new Date(at),
    });
const allEntriesOf = (documentId: string) => strapi.db.connection(THREAD).where({ document_id: documentId }).orderBy('id', 'asc');
/** The entries these tests wrote (the intake adds a system note when the acknowledgement cannot reach the customer). */
const entriesOf = (documentId: string) => allEntriesOf(documentId).whereNot({ author_kind: 'system' });
const stateOf = async (uid: string, documentId: string) => (await strapi.db.query(uid).findOne({ where: { documentId } })).state as string;
/** An item's SLA clock rows: which ran, whether stopped, met (null: cancelled, as a duplicate's). */
const clocksOf = async (uid: string, documentId: string) =>
  ((await strapi.db.connection(CLOCKS).where({ content_type: uid, document_id: documentId }).orderBy('clock')) as any[]).map((c) => ({
    clock: c.clock as string,
    stopped: c.stopped_at !== null,
    met: c.met === null ? null : Boolean(c.met),
  }));
const linkedFeedbackOf = async (complaint: { id: number }) => (await strapi.db.query(COMPLAINT).findOne({ where: { id: complaint.id }, populate: ['feedback'] })).feedback?.documentId ?? null;

beforeAll(async () => {
  // Email configured (nothing is sent: the dispatcher is off), so that a reply can be queued.
  strapi = await bootStrapi({
    env: {
      AFTER_SALES_TEST_CLOCK: '1',
      AFTER_SALES_SCHEDULER: 'off',
      AFTER_SALES_DISPATCHER: 'off',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '2525',
      SMTP_FROM: 'service@example.cn',
    },
  });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  expect((await setClock(shanghai('2026-03-10T10:00:00'))).status).toBe(200);
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM']) delete process.env[key];
  await stopStrapi(strapi);
});

describe('merging duplicate cases', () => {
  it('merges a duplicate feedback into the surviving one: its thread, the complaint linking it and its tags move; it is a duplicate of the target; both audited', async () => {
    const original = await intakeInDepartment(strapi, '打印机卡纸', { department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '打印机又卡纸了', { department: 'after-sales' });
    await append(original, 'message-in', '第一次来信', shanghai('2026-03-10T09:00:00'));
    await append(dup, 'message-in', '重复来信:打印机卡纸', shanghai('2026-03-10T09:30:00'));
    await append(dup, 'note', '应是同一台打印机', shanghai('2026-03-10T09:40:00'));
    const complaint = await intakeInDepartment(strapi, '打印机卡纸导致延误', { kind: 'complaint', department: 'after-sales' });
    await strapi.db.query(COMPLAINT).update({ where: { id: complaint.id }, data: { feedback: dup.id } });
    expect(await linkedFeedbackOf(complaint)).toBe(dup.documentId);
    const tag = await http().post('/after-sales/queues/tags').set(as(admin)).send({ name: '卡纸', colour: '#336699' });
    expect(tag.status).toBe(201);
    expect((await bulk(agent, { action: 'add-tags', tags: [tag.body.data.id], items: [ref(dup)] })).body.data.done).toBe(1);
    const movedIds = (await allEntriesOf(dup.documentId)).map((e: any) => Number(e.id));
    const times = Object.fromEntries((await allEntriesOf(dup.documentId)).map((e: any) => [Number(e.id), e.created_at]));
    const before = { original: await auditCount(strapi, original.documentId), dup: await auditCount(strapi, dup.documentId) };

    const res = await bulk(agent, { action: 'merge', target: ref(original), items: [ref(original), { ...ref(dup), version: dup.version }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 0, target: { documentId: original.documentId, reference: original.reference } });
    expect(res.body.data.items).toEqual([
      expect.objectContaining({ documentId: dup.documentId, reference: dup.reference, ok: true, state: 'duplicate', moved: { entries: movedIds.length, links: 1, tags: 1 } }),
    ]);

    // The duplicate: closed as a duplicate of the original, through the engine (its version moved on).
    const closed = await strapi.db.query(FEEDBACK).findOne({ where: { documentId: dup.documentId } });
    expect(closed).toMatchObject({ state: 'duplicate', duplicateOf: original.reference, version: dup.version + 1 });
    // Its conversation is the original's now, each entry at its own time, saying where it came from.
    expect(await allEntriesOf(dup.documentId)).toEqual([]);
    const entries = await allEntriesOf(original.documentId);
    expect(entries.filter((e: any) => movedIds.includes(Number(e.id))).length).toBe(movedIds.length);
    expect(entries.filter((e: any) => e.author_kind !== 'system').map((e: any) => e.body_text)).toEqual(['第一次来信', '重复来信:打印机卡纸', '应是同一台打印机']);
    for (const entry of entries.filter((e: any) => movedIds.includes(Number(e.id)))) {
      expect(entry).toMatchObject({ reference: original.reference, created_at: times[Number(entry.id)] });
      expect(JSON.parse(entry.meta).mergedFrom).toMatchObject({ documentId: dup.documentId, reference: dup.reference });
    }
    // The case screen of the original shows the merged conversation.
    const view = await http().get(`/after-sales/cases/${FEEDBACK}/${original.documentId}`).set(as(agent));
    expect(view.status).toBe(200);
    expect(view.body.data.thread.filter((t: any) => (t.type === 'message-in' || t.type === 'note') && t.author.kind !== 'system').map((t: any) => t.text)).toEqual([
      '第一次来信',
      '重复来信:打印机卡纸',
      '应是同一台打印机',
    ]);
    // The complaint names the original; the tag is on it.
    expect(await linkedFeedbackOf(complaint)).toBe(original.documentId);
    const tagged = await http()
      .get('/after-sales/queues/items')
      .query({ tags: String(tag.body.data.id) })
      .set(as(agent));
    // (The duplicate, closed, has left the open queues; it keeps its tag.)
    expect(tagged.body.data.map((r: any) => r.reference)).toEqual([original.reference]);
    expect(tagged.body.data[0].tags.map((t: any) => t.name)).toEqual(['卡纸']);
    const [{ n }] = await strapi.db.connection('after_sales_item_tags').where({ document_id: dup.documentId }).count({ n: '*' });
    expect(Number(n)).toBe(1);
    // Audited: the workflow's mark-duplicate and the merge on the duplicate, the merge on the original.
    expect(await auditCount(strapi, dup.documentId)).toBe(before.dup + 2);
    expect(await auditCount(strapi, original.documentId)).toBe(before.original + 1);
    const events = await strapi.db
      .connection(AUDIT)
      .whereIn('document_id', [dup.documentId, original.documentId])
      .whereIn('action', ['mark-duplicate', 'queues.merge', 'queues.merged-in'])
      .orderBy('id');
    expect(events.map((e: any) => [e.document_id, e.action, e.to_state])).toEqual([
      [dup.documentId, 'mark-duplicate', 'duplicate'],
      [dup.documentId, 'queues.merge', 'duplicate'],
      [original.documentId, 'queues.merged-in', 'received'],
    ]);
    expect(events.every((e: any) => Number(e.actor_id) === agent.id)).toBe(true);
    // The note on both names what moved.
    const note = `${dup.reference} → ${original.reference}: moved ${movedIds.length} entries, 1 link, 1 tag`;
    expect(events.slice(1).map((e: any) => e.note)).toEqual([note, note]);
    // Its SLA clocks were cancelled (stopped, neither met nor missed: the monthly report leaves them out).
    const clocks = await clocksOf(FEEDBACK, dup.documentId);
    expect(clocks.filter((c) => !c.stopped)).toEqual([]);
    expect(clocks.map((c) => c.clock)).toEqual(expect.arrayContaining(['acknowledgeBy', 'resolveBy']));
    expect(clocks.filter((c) => ['acknowledgeBy', 'respondBy', 'resolveBy'].includes(c.clock)).every((c) => c.met === null)).toBe(true);

    // A merged case cannot survive another merge.
    const again = await bulk(agent, { action: 'merge', target: { reference: dup.reference }, items: [ref(original)] });
    expect(again.status).toBe(400);
    expect(again.body.error.details.errors[0]).toMatchObject({ path: ['target', 'reference'], message: expect.stringContaining('itself marked as a duplicate') });
  });

  it("the lists naming the duplicate name the kept case: analysis reports, improvement records, a knowledge article's source, a care call", async () => {
    const original = await intakeInDepartment(strapi, '净水器漏水', { department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '净水器又漏水了', { department: 'after-sales' });
    const REPORT = 'api::analysis-report.analysis-report';
    const RECORD = 'api::improvement-record.improvement-record';
    const ARTICLE = 'api::knowledge-article.knowledge-article';
    const CALL = 'api::care-call.care-call';
    const onlyDup = await strapi.db.query(REPORT).create({ data: { title: '漏水分析', feedbacks: [dup.id] } });
    const bothInReport = await strapi.db.query(REPORT).create({ data: { title: '漏水分析(两条)', feedbacks: [original.id, dup.id] } });
    const record = await strapi.db.query(RECORD).create({ data: { title: '加固接头', feedbacks: [dup.id] } });
    const article = await strapi.db.query(ARTICLE).create({ data: { title: '净水器漏水怎么办', slug: `leak-${dup.id}`, problem: '漏水', solution: '拧紧接头', sourceFeedback: dup.id } });
    const call = await strapi.db.query(CALL).create({ data: { summary: '回访', state: 'due', dueOn: '2026-03-12', feedback: dup.id } });

    const res = await bulk(agent, { action: 'merge', target: ref(original), items: [ref(dup)] });
    expect(res.body.data.items).toEqual([expect.objectContaining({ ok: true, moved: expect.objectContaining({ links: 5 }) })]);
    const feedbacksOf = async (uid: string, id: number) =>
      ((await strapi.db.query(uid).findOne({ where: { id }, populate: { feedbacks: { select: ['documentId'] } } })).feedbacks as { documentId: string }[]).map((f) => f.documentId);
    expect(await feedbacksOf(REPORT, onlyDup.id)).toEqual([original.documentId]);
    // A list holding both keeps the kept case once.
    expect(await feedbacksOf(REPORT, bothInReport.id)).toEqual([original.documentId]);
    expect(await feedbacksOf(RECORD, record.id)).toEqual([original.documentId]);
    expect((await strapi.db.query(ARTICLE).findOne({ where: { id: article.id }, populate: ['sourceFeedback'] })).sourceFeedback.documentId).toBe(original.documentId);
    expect((await strapi.db.query(CALL).findOne({ where: { id: call.id }, populate: ['feedback'] })).feedback.documentId).toBe(original.documentId);
  });

  it("refuses item by item another kind, a closed case, another customer's case and one the agent may not act on, and writes nothing for them", async () => {
    const target = await intakeInDepartment(strapi, '显示器闪烁', { department: 'after-sales' });
    const good = await intakeInDepartment(strapi, '显示器闪烁 2', { department: 'after-sales' });
    const closed = await intakeInDepartment(strapi, '显示器闪烁 3', { department: 'after-sales' });
    await strapi.db.query(FEEDBACK).update({ where: { id: closed.id }, data: { state: 'closed' } });
    const otherDepartment = await intakeInDepartment(strapi, '显示器闪烁 4', { department: 'technical' });
    const complaint = await intakeInDepartment(strapi, '显示器投诉', { kind: 'complaint', department: 'after-sales' });
    // Another caller's case: its conversation would show on 赵敏's case (and her tracking page).
    const otherCustomer = await intakeInDepartment(strapi, '显示器闪烁 5', { department: 'after-sales', phone: '+86 139 8765 4321' });
    for (const item of [closed, otherDepartment, otherCustomer]) await append(item, 'message-in', `来信 ${item.reference}`, shanghai('2026-03-10T09:00:00'));
    const refused = [closed, otherDepartment, complaint, otherCustomer];
    const before = await Promise.all(refused.map((i) => auditCount(strapi, i.documentId)));

    // The target named by its reference, not among the selection.
    const res = await bulk(agent, {
      action: 'merge',
      target: { reference: target.reference },
      items: [ref(good), ref(complaint, COMPLAINT), ref(closed), ref(otherDepartment), ref(otherCustomer)],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 4 });
    const [ok, kind, done, forbidden, stranger] = res.body.data.items;
    expect(stranger).toMatchObject({
      reference: otherCustomer.reference,
      ok: false,
      status: 409,
      code: 'different-customer',
      message: expect.stringContaining('only cases of the same customer merge'),
    });
    expect(await stateOf(FEEDBACK, otherCustomer.documentId)).toBe('received');
    expect(ok).toMatchObject({ reference: good.reference, ok: true, state: 'duplicate' });
    expect(kind).toMatchObject({ reference: complaint.reference, ok: false, status: 409, code: 'different-kind', message: expect.stringContaining('only cases of the same kind merge') });
    expect(done).toMatchObject({ reference: closed.reference, ok: false, status: 409, code: 'closed', message: expect.stringContaining('already closed') });
    expect(forbidden).toMatchObject({ reference: otherDepartment.reference, ok: false, status: 403, code: 'forbidden' });
    expect(await Promise.all(refused.map((i) => auditCount(strapi, i.documentId)))).toEqual(before);
    expect(await stateOf(FEEDBACK, closed.documentId)).toBe('closed');
    expect(await stateOf(FEEDBACK, otherDepartment.documentId)).toBe('received');
    for (const item of [closed, otherDepartment, otherCustomer]) expect((await entriesOf(item.documentId)).map((e: any) => e.body_text)).toEqual([`来信 ${item.reference}`]);

    // A feedback into a complaint: another kind, refused (the other way round too).
    const back = await bulk(agent, { action: 'merge', target: ref(complaint, COMPLAINT), items: [ref(target)] });
    expect(back.body.data.items).toEqual([expect.objectContaining({ reference: target.reference, ok: false, status: 409, code: 'different-kind' })]);
    expect(await stateOf(FEEDBACK, target.documentId)).toBe('received');
    expect(await stateOf(COMPLAINT, complaint.documentId)).toBe('registered');

    // A surviving case the agent may not change: every item refused.
    const theirs = await bulk(agent, { action: 'merge', target: { reference: otherDepartment.reference }, items: [ref(target)] });
    expect(theirs.status).toBe(400);
    expect(theirs.body.error.details.errors[0].path).toEqual(['target', 'reference']);
  });

  it('a failure after the item was marked leaves nothing half-written: state, thread, links and tags as before', async () => {
    const target = await intakeInDepartment(strapi, '耳机没有声音', { department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '耳机没有声音 2', { department: 'after-sales' });
    await append(dup, 'message-in', '耳机还是没声音', shanghai('2026-03-10T09:00:00'));
    const complaint = await intakeInDepartment(strapi, '耳机投诉', { kind: 'complaint', department: 'after-sales' });
    await strapi.db.query(COMPLAINT).update({ where: { id: complaint.id }, data: { feedback: dup.id } });
    const auditBefore = [await auditCount(strapi, dup.documentId), await auditCount(strapi, target.documentId)];
    // The last write of the item (the audit event on the target) fails in the database.
    const restore = await refuseInserts(strapi, AUDIT, 'action', 'queues.merged-in');
    try {
      const res = await bulk(agent, { action: 'merge', target: ref(target), items: [ref(dup)] });
      expect(res.status).toBe(500);
    } finally {
      await restore();
    }
    expect(await stateOf(FEEDBACK, dup.documentId)).toBe('received');
    expect((await strapi.db.query(FEEDBACK).findOne({ where: { documentId: dup.documentId } })).duplicateOf ?? null).toBeNull();
    expect((await entriesOf(dup.documentId)).map((e: any) => e.body_text)).toEqual(['耳机还是没声音']);
    expect(await allEntriesOf(target.documentId).whereNot({ author_kind: 'system' }).whereNotNull('meta')).toEqual([]);
    expect(await linkedFeedbackOf(complaint)).toBe(dup.documentId);
    expect([await auditCount(strapi, dup.documentId), await auditCount(strapi, target.documentId)]).toEqual(auditBefore);
    // Without the fault the same merge goes through.
    const res = await bulk(agent, { action: 'merge', target: ref(target), items: [ref(dup)] });
    expect(res.body.data).toMatchObject({ done: 1, refused: 0 });
    expect(await linkedFeedbackOf(complaint)).toBe(target.documentId);
  });

  it('refuses bad input with a 400 naming the field, before anything is written', async () => {
    const target = await intakeInDepartment(strapi, '键盘失灵', { department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '键盘失灵 2', { department: 'after-sales' });
    const before = await auditCount(strapi, dup.documentId);
    const fields = async (body: Record<string, unknown>) => {
      const res = await bulk(agent, body);
      expect(res.status).toBe(400);
      return res.body.error.details.errors.map((e: any) => e.path.join('.'));
    };
    expect(await fields({ action: 'merge', items: [ref(dup)] })).toEqual(['target']);
    expect(await fields({ action: 'merge', target: { reference: 'no such; ref' }, items: [ref(dup)] })).toEqual(['target.reference']);
    expect(await fields({ action: 'merge', target: { contentType: FEEDBACK, documentId: 'nope' }, items: [ref(dup)] })).toEqual(['target.documentId']);
    expect(await fields({ action: 'merge', target: { reference: 'FB-19990101-9999' }, items: [ref(dup)] })).toEqual(['target.reference']);
    expect(await fields({ action: 'merge', target: ref(target), items: [] })).toEqual(['items']);
    expect(await fields({ action: 'merge', target: ref(target), items: [ref(target)] })).toEqual(['items']);
    expect(await fields({ action: 'merge', target: ref(target), items: [ref(dup), ref(dup)] })).toEqual(['items.1.documentId']);
    expect(await fields({ action: 'fuse', target: ref(target), items: [ref(dup)] })).toEqual(['action']);
    expect(await auditCount(strapi, dup.documentId)).toBe(before);
    expect(await stateOf(FEEDBACK, dup.documentId)).toBe('received');
  });

  it("merges complaints into a complaint: a duplicate naming it, its thread and service records moved, its clocks cancelled as a feedback duplicate's, noted on both", async () => {
    const original = await intakeInDepartment(strapi, '空调漏水投诉', { kind: 'complaint', department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '空调漏水再次投诉', { kind: 'complaint', department: 'after-sales' });
    await append(original, 'message-in', '第一次投诉来信', shanghai('2026-03-10T09:00:00'), COMPLAINT);
    await append(dup, 'message-in', '重复投诉来信', shanghai('2026-03-10T09:30:00'), COMPLAINT);
    const service = await strapi.documents(SERVICE).create({ data: { kind: 'onsite-repair', department: departments['after-sales'].documentId, complaint: dup.documentId } as any });
    expect((await clocksOf(COMPLAINT, dup.documentId)).filter((c) => !c.stopped).map((c) => c.clock)).toEqual(['resolveBy', 'respondBy']);
    const movedIds = (await allEntriesOf(dup.documentId)).map((e: any) => Number(e.id));
    const before = { original: await auditCount(strapi, original.documentId), dup: await auditCount(strapi, dup.documentId) };

    const res = await bulk(agent, { action: 'merge', target: ref(original, COMPLAINT), items: [ref(original, COMPLAINT), { ...ref(dup, COMPLAINT), version: dup.version }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 0, target: { contentType: COMPLAINT, documentId: original.documentId } });
    expect(res.body.data.items).toEqual([expect.objectContaining({ reference: dup.reference, ok: true, state: 'duplicate', moved: { entries: movedIds.length, links: 1, tags: 0 } })]);
    const closed = await strapi.db.query(COMPLAINT).findOne({ where: { documentId: dup.documentId } });
    expect(closed).toMatchObject({ state: 'duplicate', duplicateOf: original.reference, version: dup.version + 1 });
    expect(closed.closedAt).not.toBeNull();
    // Its conversation is the original's; the service record names the original.
    expect(await allEntriesOf(dup.documentId)).toEqual([]);
    expect((await entriesOf(original.documentId)).map((e: any) => e.body_text)).toEqual(['第一次投诉来信', '重复投诉来信']);
    expect((await strapi.db.query(SERVICE).findOne({ where: { documentId: service.documentId }, populate: ['complaint'] })).complaint.documentId).toBe(original.documentId);
    // Its clocks: cancelled as a feedback duplicate's (stopped, neither met nor missed); the original's run on.
    expect(await clocksOf(COMPLAINT, dup.documentId)).toEqual([
      { clock: 'resolveBy', stopped: true, met: null },
      { clock: 'respondBy', stopped: true, met: null },
    ]);
    expect((await clocksOf(COMPLAINT, original.documentId)).filter((c) => !c.stopped).map((c) => c.clock)).toEqual(['resolveBy', 'respondBy']);
    // The same when its clock rows are derived from its columns (a database of before the clock rows, its due dates
    // still on the item: the backfill).
    await strapi.db.connection(CLOCKS).where({ content_type: COMPLAINT, document_id: dup.documentId }).del();
    await strapi.db.query(COMPLAINT).update({ where: { id: dup.id }, data: { respondBy: shanghai('2026-03-11T10:00:00'), resolveBy: shanghai('2026-03-24T10:00:00') } });
    await strapi.plugin('after-sales').service('sla').backfillClocks({ force: true });
    expect(await clocksOf(COMPLAINT, dup.documentId)).toEqual([
      { clock: 'resolveBy', stopped: true, met: null },
      { clock: 'respondBy', stopped: true, met: null },
    ]);
    // The case screen of the duplicate shows the state by its title.
    const view = await http().get(`/after-sales/cases/${COMPLAINT}/${dup.documentId}`).set(as(agent)).query({ locale: 'zh-Hans' });
    expect(view.body.data).toMatchObject({ state: 'duplicate', stateCategory: 'done' });
    // Audited on both, the note naming what moved.
    expect(await auditCount(strapi, dup.documentId)).toBe(before.dup + 2);
    expect(await auditCount(strapi, original.documentId)).toBe(before.original + 1);
    const events = await strapi.db
      .connection(AUDIT)
      .whereIn('document_id', [dup.documentId, original.documentId])
      .whereIn('action', ['mark-duplicate', 'queues.merge', 'queues.merged-in'])
      .orderBy('id');
    const note = `${dup.reference} → ${original.reference}: moved ${movedIds.length} ${movedIds.length === 1 ? 'entry' : 'entries'}, 1 link, 0 tags`;
    expect(events.map((e: any) => [e.document_id, e.action, e.to_state, e.action === 'mark-duplicate' ? null : e.note])).toEqual([
      [dup.documentId, 'mark-duplicate', 'duplicate', null],
      [dup.documentId, 'queues.merge', 'duplicate', note],
      [original.documentId, 'queues.merged-in', 'registered', note],
    ]);

    // mark-duplicate itself must name another existing complaint.
    const third = await intakeInDepartment(strapi, '空调漏水 3', { kind: 'complaint', department: 'after-sales' });
    const perform = (duplicateOf: string) =>
      http().post(`/after-sales/workflows/${COMPLAINT}/${third.documentId}/actions/mark-duplicate`).set(as(admin)).send({ version: third.version, data: { duplicateOf } });
    for (const [duplicateOf, message] of [
      ['CP-19990101-9999', 'no complaint with reference'],
      [third.reference, 'cannot be the item itself'],
    ]) {
      const refused = await perform(duplicateOf);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.errors[0]).toMatchObject({ path: ['data', 'duplicateOf'], message: expect.stringContaining(message) });
    }
    expect(await stateOf(COMPLAINT, third.documentId)).toBe('registered');
  });

  it('merges service records into a service record; a scheduled one only', async () => {
    const create = async () => {
      const made = await strapi.documents(SERVICE).create({ data: { kind: 'onsite-repair', department: departments['after-sales'].documentId } as any });
      return strapi.db.query(SERVICE).findOne({ where: { documentId: made.documentId } });
    };
    const [original, dup, started] = [await create(), await create(), await create()];
    await strapi.db.query(SERVICE).update({ where: { id: started.id }, data: { state: 'in-progress' } });
    await append(dup, 'note', '同一次上门', shanghai('2026-03-10T09:00:00'), SERVICE);
    const res = await bulk(admin, { action: 'merge', target: { reference: original.reference }, items: [ref(dup, SERVICE), ref(started, SERVICE)] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 1 });
    expect(res.body.data.items).toEqual([
      expect.objectContaining({ reference: dup.reference, ok: true, state: 'duplicate', moved: { entries: 1, links: 0, tags: 0 } }),
      expect.objectContaining({ reference: started.reference, ok: false, status: 409, code: 'illegal-state' }),
    ]);
    expect(await strapi.db.query(SERVICE).findOne({ where: { documentId: dup.documentId } })).toMatchObject({ state: 'duplicate', duplicateOf: original.reference });
    expect(await stateOf(SERVICE, started.documentId)).toBe('in-progress');
    expect((await entriesOf(original.documentId)).map((e: any) => e.body_text)).toEqual(['同一次上门']);
    const [event] = await strapi.db.connection(AUDIT).where({ document_id: original.documentId, action: 'queues.merged-in' });
    expect(event.note).toBe(`${dup.reference} → ${original.reference}: moved 1 entry, 0 links, 0 tags`);
  });

  it("a reply moves with its outbox message: the kept case's screen shows it with its delivery status, the duplicate's no longer", async () => {
    const original = await intakeInDepartment(strapi, '洗衣机异响', { department: 'after-sales' });
    const dup = await intakeInDepartment(strapi, '洗衣机异响 2', { department: 'after-sales' });
    // The customer has an email address, the reply's channel.
    const customer = (await strapi.db.query(FEEDBACK).findOne({ where: { id: dup.id }, populate: ['customer'] })).customer;
    await strapi.db.query('api::customer.customer').update({ where: { id: customer.id }, data: { email: 'zhao.min@example.cn' } });
    const reply = await http().post(`/after-sales/cases/${FEEDBACK}/${dup.documentId}/replies`).set(as(agent)).send({ text: '您好,我们会安排工程师联系您。' });
    expect(reply.body.error ?? null).toBeNull();
    expect(reply.status).toBe(201);
    const outboxId = reply.body.data.entry.outboxId;
    expect(outboxId).toEqual(expect.any(Number));
    // Delivered (as the dispatcher records it), before the merge.
    await strapi.db
      .connection(OUTBOX)
      .where({ id: outboxId })
      .update({ status: 'sent', sent_at: shanghai('2026-03-10T10:01:00') });
    const others = (await strapi.db.connection(OUTBOX).where({ document_id: dup.documentId }).whereNot({ id: outboxId }).select('id')).map((r: any) => Number(r.id));

    const res = await bulk(agent, { action: 'merge', target: ref(original), items: [ref(dup)] });
    expect(res.body.data).toMatchObject({ done: 1, refused: 0 });
    const row = await strapi.db.connection(OUTBOX).where({ id: outboxId }).first();
    expect(row).toMatchObject({ content_type: FEEDBACK, document_id: original.documentId, reference: original.reference, status: 'sent' });
    // The duplicate's own messages (its acknowledgement…) stay with it.
    expect((await strapi.db.connection(OUTBOX).where({ document_id: dup.documentId }).select('id')).map((r: any) => Number(r.id))).toEqual(others);

    const view = await http().get(`/after-sales/cases/${FEEDBACK}/${original.documentId}`).set(as(agent));
    expect(view.status).toBe(200);
    const shown = view.body.data.thread.filter((t: any) => t.type === 'reply');
    expect(shown).toEqual([expect.objectContaining({ text: '您好,我们会安排工程师联系您。', mergedFrom: dup.reference, delivery: expect.objectContaining({ status: 'sent' }) })]);
    const left = await http().get(`/after-sales/cases/${FEEDBACK}/${dup.documentId}`).set(as(agent));
    expect(left.body.data.thread.filter((t: any) => t.type === 'reply' || t.key === `outbox:${outboxId}`)).toEqual([]);
  });
});

describe('migration 0780', () => {
  it("gives a stored complaint or service-record policy (an administrator's edit) the duplicate's cancel rule, once", async () => {
    const knex = strapi.db.connection;
    const definitionOf = async (id: string) => JSON.parse((await knex('after_sales_sla_policies').where({ id }).first()).definition);
    const cancels = (policy: any) => Object.fromEntries(policy.clocks.map((c: any) => [c.field, (c.cancel ?? []).map((e: any) => e.enter ?? e.action)]));
    const built = { complaint: await definitionOf('complaint.default'), service: await definitionOf('service-record.default') };
    expect(cancels(built.complaint)).toEqual({ respondBy: ['duplicate'], resolveBy: ['duplicate'], callbackBy: [] });
    expect(cancels(built.service)).toEqual({ archiveBy: ['cancelled', 'duplicate'] });
    // An edit of before: no cancel rule for duplicates.
    const without = (policy: any) => ({ ...policy, clocks: policy.clocks.map((c: any) => ({ ...c, cancel: (c.cancel ?? []).filter((e: any) => e.enter !== 'duplicate') })) });
    for (const [id, policy] of [
      ['complaint.default', built.complaint],
      ['service-record.default', built.service],
    ])
      await knex('after_sales_sla_policies')
        .where({ id })
        .update({ definition: JSON.stringify(without(policy)), edited: true });
    await knex('after_sales_plugin_migrations').where({ name: '0780-duplicate-cancels-clocks' }).del();
    await strapi.plugin('after-sales').service('migrations').migratePlugin();
    expect(cancels(await definitionOf('complaint.default'))).toEqual({ respondBy: ['duplicate'], resolveBy: ['duplicate'], callbackBy: [] });
    expect(cancels(await definitionOf('service-record.default'))).toEqual({ archiveBy: ['cancelled', 'duplicate'] });
    const revision = (await knex('after_sales_sla_policies').where({ id: 'complaint.default' }).first()).revision;
    await knex('after_sales_plugin_migrations').where({ name: '0780-duplicate-cancels-clocks' }).del();
    await strapi.plugin('after-sales').service('migrations').migratePlugin();
    expect((await knex('after_sales_sla_policies').where({ id: 'complaint.default' }).first()).revision).toBe(revision);
  });
});
