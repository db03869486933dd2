import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { ensureDepartments } from '../helpers/fixtures';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { auditCount } from '../helpers/workflow';
import { refuseInserts } from '../helpers/refuse-insert';

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
const THREAD = 'after_sales_thread_entries';
const AUDIT = 'after_sales_audit_events';
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
const setClock = (now: string) => http().put('/after-sales/test/clock').set(as(admin)).send({ now });
const bulk = (session: AdminSession, body: Record<string, unknown>) => http().post('/after-sales/queues/bulk').set(as(session)).send(body);
const ref = (item: { documentId: string }, uid = FEEDBACK) => ({ contentType: uid, documentId: item.documentId });

let phones = 0;
/** An item received through the intake, placed in a department. */
const intake = async (kind: 'feedback' | 'complaint', symptom: string, department: string) => {
  phones += 1;
  const res = await http()
    .post('/api/after-sales/intake')
    .send({
      data: {
        kind,
        channel: 'hotline',
        severity: 'general',
        ...(kind === 'feedback' ? { type: 'quality' } : {}),
        customer: { name: '赵敏', phone: `+86 139 1234 ${String(5600 + phones)}` },
        symptom,
      },
    });
  expect(res.status).toBe(201);
  const uid = kind === 'feedback' ? FEEDBACK : COMPLAINT;
  const item = await strapi.db.query(uid).findOne({ where: { reference: res.body.data.reference } });
  await strapi.db.query(uid).update({ where: { id: item.id }, data: { department: departments[department].id } });
  return strapi.db.query(uid).findOne({ where: { id: item.id } });
};
const append = (item: { documentId: string; reference: string }, kind: 'message-in' | 'note', bodyText: string, at: string) =>
  strapi
    .plugin('after-sales')
    .service('thread')
    .append({
      contentType: FEEDBACK,
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
const linkedFeedbackOf = async (complaint: { id: number }) => (await strapi.db.query(COMPLAINT).findOne({ where: { id: complaint.id }, populate: ['feedback'] })).feedback?.documentId ?? null;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  expect((await setClock(shanghai('2026-03-10T10:00:00'))).status).toBe(200);
});
afterAll(async () => {
  for (const key of ['AFTER_SALES_TEST_CLOCK', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
  await stopStrapi(strapi);
});

describe('merging duplicate cases', () => {
  it('merges a duplicate feedback into the surviving one: its thread, the complaint linking it and its tags move; it is a duplicate of the target; both audited', async () => {
    const original = await intake('feedback', '打印机卡纸', 'after-sales');
    const dup = await intake('feedback', '打印机又卡纸了', 'after-sales');
    await append(original, 'message-in', '第一次来信', shanghai('2026-03-10T09:00:00'));
    await append(dup, 'message-in', '重复来信:打印机卡纸', shanghai('2026-03-10T09:30:00'));
    await append(dup, 'note', '应是同一台打印机', shanghai('2026-03-10T09:40:00'));
    const complaint = await intake('complaint', '打印机卡纸导致延误', 'after-sales');
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
    expect(events[2].note).toBe(`${dup.reference} → ${original.reference}`);

    // A merged case cannot survive another merge.
    const again = await bulk(agent, { action: 'merge', target: { reference: dup.reference }, items: [ref(original)] });
    expect(again.status).toBe(400);
    expect(again.body.error.details.errors[0]).toMatchObject({ path: ['target', 'reference'], message: expect.stringContaining('itself marked as a duplicate') });
  });

  it('refuses item by item another kind, a closed case and one the agent may not act on, and writes nothing for them', async () => {
    const target = await intake('feedback', '显示器闪烁', 'after-sales');
    const good = await intake('feedback', '显示器闪烁 2', 'after-sales');
    const closed = await intake('feedback', '显示器闪烁 3', 'after-sales');
    await strapi.db.query(FEEDBACK).update({ where: { id: closed.id }, data: { state: 'closed' } });
    const otherDepartment = await intake('feedback', '显示器闪烁 4', 'technical');
    const complaint = await intake('complaint', '显示器投诉', 'after-sales');
    for (const item of [closed, otherDepartment]) await append(item, 'message-in', `来信 ${item.reference}`, shanghai('2026-03-10T09:00:00'));
    const refused = [closed, otherDepartment, complaint];
    const before = await Promise.all(refused.map((i) => auditCount(strapi, i.documentId)));

    // The target named by its reference, not among the selection.
    const res = await bulk(agent, { action: 'merge', target: { reference: target.reference }, items: [ref(good), ref(complaint, COMPLAINT), ref(closed), ref(otherDepartment)] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ done: 1, refused: 3 });
    const [ok, kind, done, forbidden] = res.body.data.items;
    expect(ok).toMatchObject({ reference: good.reference, ok: true, state: 'duplicate' });
    expect(kind).toMatchObject({ reference: complaint.reference, ok: false, status: 409, code: 'different-kind', message: expect.stringContaining('only cases of the same kind merge') });
    expect(done).toMatchObject({ reference: closed.reference, ok: false, status: 409, code: 'closed', message: expect.stringContaining('already closed') });
    expect(forbidden).toMatchObject({ reference: otherDepartment.reference, ok: false, status: 403, code: 'forbidden' });
    expect(await Promise.all(refused.map((i) => auditCount(strapi, i.documentId)))).toEqual(before);
    expect(await stateOf(FEEDBACK, closed.documentId)).toBe('closed');
    expect(await stateOf(FEEDBACK, otherDepartment.documentId)).toBe('received');
    for (const item of [closed, otherDepartment]) expect((await entriesOf(item.documentId)).map((e: any) => e.body_text)).toEqual([`来信 ${item.reference}`]);

    // Complaints have no mark-duplicate action: refused, naming it.
    const other = await intake('complaint', '显示器投诉 2', 'after-sales');
    const complaints = await bulk(agent, { action: 'merge', target: ref(complaint, COMPLAINT), items: [ref(complaint, COMPLAINT), ref(other, COMPLAINT)] });
    expect(complaints.body.data.items).toEqual([expect.objectContaining({ reference: other.reference, ok: false, code: 'no-merge-action', message: expect.stringContaining('"mark-duplicate"') })]);
    expect(await stateOf(COMPLAINT, other.documentId)).toBe('registered');

    // A surviving case the agent may not change: every item refused.
    const theirs = await bulk(agent, { action: 'merge', target: { reference: otherDepartment.reference }, items: [ref(target)] });
    expect(theirs.status).toBe(400);
    expect(theirs.body.error.details.errors[0].path).toEqual(['target', 'reference']);
  });

  it('a failure after the item was marked leaves nothing half-written: state, thread, links and tags as before', async () => {
    const target = await intake('feedback', '耳机没有声音', 'after-sales');
    const dup = await intake('feedback', '耳机没有声音 2', 'after-sales');
    await append(dup, 'message-in', '耳机还是没声音', shanghai('2026-03-10T09:00:00'));
    const complaint = await intake('complaint', '耳机投诉', 'after-sales');
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
    const target = await intake('feedback', '键盘失灵', 'after-sales');
    const dup = await intake('feedback', '键盘失灵 2', 'after-sales');
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
});
