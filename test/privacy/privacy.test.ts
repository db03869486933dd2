import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';
import { statementOutcome } from '../helpers/statement-outcome';

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const auth = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const CM = '/content-manager/collection-types/api::customer.customer';
const privacyService = () => strapi.plugin('after-sales').service('privacy');

/** Wang's data in every shape it is stored or quoted; none may survive his erasure. */
const WANG = { name: '王伟', phone: '+86 138 0013 8000', email: 'wang.wei@example.cn', wechat: 'wx_wang_wei', address: '上海市浦东新区张江路 88 号' };
const WANG_TRACES = ['王伟', '13800138000', '138 0013 8000', '138-0013-8000', 'wang.wei@example.cn', 'wx_wang_wei', '张江路 88 号'];
const LI = { name: '李娜', phone: '13900139000', email: 'li.na@example.cn' };

let wangId: string;
let liId: string;
let wangFeedback: string;
let liFeedback: string;

const submit = async (customer: Record<string, unknown>, symptom: string) => {
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer, symptom } });
  if (res.status !== 201) throw new Error(`intake ${res.status} ${JSON.stringify(res.body)}`);
  return strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference }, populate: ['customer'] });
};

/** The month (Asia/Shanghai) the test's items are created in. */
const currentMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

/** Uploads the fixture image through Strapi's upload service (the local provider writes it under public/uploads). */
const uploadImage = async (name: string) => {
  const [file] = await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name, alternativeText: name } },
      files: { filepath: path.join(__dirname, '..', 'fixtures', 'signature.png'), originalFilename: name, mimetype: 'image/png', size: 70 },
    });
  const onDisk = path.join(strapi.dirs.static.public, file.url);
  expect(fs.existsSync(onDisk)).toBe(true);
  return { ...file, onDisk } as { id: number; url: string; onDisk: string };
};

/** Every row of every table, as text: where a trace of a customer could hide. */
const everyTableAsText = async () => {
  const knex = strapi.db.connection;
  const tables: string[] =
    strapi.db.dialect.client === 'sqlite'
      ? (await knex.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: { name: string }) => r.name)
      : (await knex.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).rows.map((r: { table_name: string }) => r.table_name);
  const dump: Record<string, string> = {};
  for (const table of tables) dump[table] = JSON.stringify(await knex(table).select('*'));
  return dump;
};

beforeAll(async () => {
  // No background loop may touch the items meanwhile (the erasure test compares their updatedAt).
  strapi = await bootStrapi({ env: { AFTER_SALES_DISPATCHER: 'off', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_RETENTION_JOB: 'off', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });

  const wangItem = await submit({ name: WANG.name, phone: WANG.phone, email: WANG.email }, `王伟反映净化器异响, 请回电 138-0013-8000 或发邮件 ${WANG.email}`);
  wangId = wangItem.customer.documentId;
  wangFeedback = wangItem.documentId;
  await strapi.db.query('api::customer.customer').update({ where: { documentId: wangId }, data: { wechat: WANG.wechat, address: WANG.address, notes: '老客户' } });
  const liItem = await submit(LI, '李娜的扫地机不充电');
  liId = liItem.customer.documentId;
  liFeedback = liItem.documentId;
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_DISPATCHER', 'AFTER_SALES_SCHEDULER', 'AFTER_SALES_RETENTION_JOB', 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP']) delete process.env[key];
});

describe('masked contact data', () => {
  it('an agent without "view contact data" sees phone and email masked in the Content Manager', async () => {
    const one = await http().get(`${CM}/${wangId}`).set(auth(agent));
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ name: '王伟', phone: '138****8000', email: 'w***@example.cn' });
    expect(JSON.stringify(one.body)).not.toMatch(/13800138000|0013|wang\.wei@|wx_wang_wei|张江路/);
    const list = await http().get(CM).set(auth(agent));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toMatch(/13800138000|13900139000|wang\.wei@|li\.na@/);
    expect(list.body.results.map((c: { phone: string }) => c.phone).sort()).toEqual(['138****8000', '139****9000']);

    const full = await http().get(`${CM}/${wangId}`).set(auth(manager));
    expect(full.body.data).toMatchObject({ phone: WANG.phone, email: WANG.email });
  });

  it('saving the masked form keeps the stored contact data; a made-up masked value is refused', async () => {
    const shown = (await http().get(`${CM}/${wangId}`).set(auth(agent))).body.data;
    const saved = await http()
      .put(`${CM}/${wangId}`)
      .set(auth(agent))
      .send({ ...shown, company: '伟业贸易' });
    expect(saved.status).toBe(200);
    const stored = await strapi.db.query('api::customer.customer').findOne({ where: { documentId: wangId } });
    expect(stored).toMatchObject({ phone: WANG.phone, email: WANG.email, wechat: WANG.wechat, address: WANG.address, company: '伟业贸易' });
    const forged = await http()
      .put(`${CM}/${wangId}`)
      .set(auth(agent))
      .send({ ...shown, phone: '139****0000' });
    expect(forged.status).toBe(400);
    expect((await strapi.db.query('api::customer.customer').findOne({ where: { documentId: wangId } })).phone).toBe(WANG.phone);
  });

  it('the side panel (messages, timeline) masks contact data for everyone', async () => {
    const wf = adminWorkflow(strapi, agent.token, 'api::feedback.feedback');
    await wf.step(wangFeedback, 'acknowledge', { note: '已致电 +86 138 0013 8000, 客户王伟同意等待' });
    const messages = await http().get(`/after-sales/messages/api::feedback.feedback/${wangFeedback}`).set(auth(agent));
    expect(messages.status).toBe(200);
    expect(messages.body.data.length).toBeGreaterThan(0);
    expect(messages.body.data[0].recipient).toBe('w***@example.cn');
    const timeline = await wf.timeline(wangFeedback);
    expect(timeline.body.data.map((e: { note: string }) => e.note)).toContain('已致电 138****8000, 客户王伟同意等待');
    expect(JSON.stringify([messages.body, timeline.body])).not.toMatch(/13800138000|138 0013 8000|wang\.wei@/);
  });

  it('the privacy summary is masked, and says what this user may do', async () => {
    const summary = await http().get(`/after-sales/privacy/customers/${wangId}`).set(auth(agent));
    expect(summary.status).toBe(200);
    // Agents call customers back: they may reveal (audited), not export, erase or read the audit.
    expect(summary.body.data).toMatchObject({ phone: '138****8000', email: 'w***@example.cn', privacyState: 'active', may: { reveal: true, export: false, erase: false, readAudit: false } });
    const forManager = await http().get(`/after-sales/privacy/customers/${wangId}`).set(auth(manager));
    expect(forManager.body.data.may).toEqual({ reveal: true, export: true, erase: true, readAudit: true });
  });
});

describe('reveal and the access audit', () => {
  it('reveal needs the permission and a reason; it gives the full values and is audited', async () => {
    const engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
    expect((await http().post(`/after-sales/privacy/customers/${wangId}/reveal`).set(auth(engineer)).send({ reason: 'call back about the noise' })).status).toBe(403);
    const noReason = await http().post(`/after-sales/privacy/customers/${wangId}/reveal`).set(auth(manager)).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.errors[0].path).toEqual(['reason']);

    const revealed = await http().post(`/after-sales/privacy/customers/${wangId}/reveal`).set(auth(manager)).send({ reason: 'call back about the noise' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.data).toMatchObject({ phone: WANG.phone, email: WANG.email, wechat: WANG.wechat, address: WANG.address });

    const audit = await http().get(`/after-sales/privacy/audit?customer=${wangId}`).set(auth(manager));
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ action: 'reveal', customer: wangId, reason: 'call back about the noise', actor: { kind: 'admin', id: String(manager.id) } });
    expect(audit.body.data[0].fields).toEqual(['phone', 'email', 'wechat', 'address']);
    expect((await http().get('/after-sales/privacy/audit').set(auth(agent))).status).toBe(403);
  });

  it('the audit is append-only in the database itself', async () => {
    const knex = strapi.db.connection;
    const AUDIT = 'after_sales_privacy_audit';
    const triggers =
      strapi.db.dialect.client === 'sqlite'
        ? (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${AUDIT}' ORDER BY name`)).map((r: { name: string }) => r.name)
        : (
            await knex.raw(
              `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relname = '${AUDIT}' AND n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY t.tgname`
            )
          ).rows.map((r: { name: string }) => r.name);
    expect(triggers).toEqual([`${AUDIT}_no_delete`, ...(strapi.db.dialect.client === 'sqlite' ? [] : [`${AUDIT}_no_truncate`]), `${AUDIT}_no_update`]);

    // This test's own access, so that every statement below has rows to refuse: a row trigger
    // cannot refuse a DELETE that matches no row, so a test leaning on an earlier test's row would
    // pass vacuously (or fail for the wrong reason) whenever that row is not there.
    const own = await http().post(`/after-sales/privacy/customers/${liId}/reveal`).set(auth(manager)).send({ reason: 'check that the audit cannot be rewritten' });
    expect(own.status).toBe(200);
    const rows = await knex(AUDIT).select('*').orderBy('id');
    expect(rows.map((r: { customer_document_id: string; reason: string }) => [r.customer_document_id, r.reason])).toEqual([
      [wangId, 'call back about the noise'],
      [liId, 'check that the audit cannot be rewritten'],
    ]);
    expect(await statementOutcome(knex(AUDIT).where({ id: rows[1].id }).del())).toMatch(/append-only/);
    expect(await statementOutcome(knex(AUDIT).del())).toMatch(/append-only/);
    expect(await statementOutcome(knex(AUDIT).truncate())).toMatch(/append-only/);
    expect(await statementOutcome(knex(AUDIT).where({ id: rows[0].id }).update({ actor_name: 'someone else' }))).toMatch(/append-only/);
    expect(await statementOutcome(knex(AUDIT).update({ created_at: new Date(0).toISOString() }))).toMatch(/append-only/);
    expect(await knex(AUDIT).select('*').orderBy('id')).toEqual(rows);
  });
});

describe('export of one customer’s data', () => {
  it('holds all of Wang’s data and none of Li’s, from the admin and by API token, each audited', async () => {
    expect((await http().post(`/after-sales/privacy/customers/${wangId}/export`).set(auth(agent)).send({ reason: 'customer request' })).status).toBe(403);
    // A unit each owns, imported for field actions (004 二(四)): Wang's is in Wang's export only.
    for (const [customer, serial] of [
      [wangId, 'SN-WANG-1'],
      [liId, 'SN-LI-9'],
    ])
      await strapi.db.connection('after_sales_imported_units').insert({ customer_document_id: customer, model: 'PR-70', batch: 'B2601', serial_number: serial, imported_at: new Date().toISOString() });
    const res = await http().post(`/after-sales/privacy/customers/${wangId}/export`).set(auth(manager)).send({ reason: 'customer asked what we hold' });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`customer-${wangId}.json`);
    const data = JSON.parse(res.text);
    expect(data.customer).toMatchObject({ documentId: wangId, name: WANG.name, phone: WANG.phone, email: WANG.email, wechat: WANG.wechat, address: WANG.address, notes: '老客户' });
    expect(data.feedback.map((f: { documentId: string }) => f.documentId)).toEqual([wangFeedback]);
    expect(data.messages.length).toBeGreaterThan(0);
    expect(data.messages.every((m: { documentId: string }) => m.documentId === wangFeedback)).toBe(true);
    expect(data.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'acknowledge']);
    expect(data.importedUnits).toEqual([{ model: 'PR-70', batch: 'B2601', serialNumber: 'SN-WANG-1', importedAt: expect.any(String) }]);
    expect(data.fieldActionUnits).toEqual([]);
    const text = res.text;
    for (const trace of [LI.name, LI.phone, LI.email, liId, liFeedback, '扫地机', 'SN-LI-9']) expect(text).not.toContain(trace);

    const token = await (strapi.service('admin::api-token') as any).create({ name: 'dsar-gateway', type: 'custom', lifespan: null, permissions: ['plugin::after-sales.privacy-api.exportCustomer'] });
    const other = await (strapi.service('admin::api-token') as any).create({ name: 'no-export', type: 'custom', lifespan: null, permissions: ['plugin::after-sales.public-api.staffList'] });
    const byToken = await http().post(`/api/after-sales/privacy/customers/${liId}/export`).set('Authorization', `Bearer ${token.accessKey}`).send({ reason: 'request by email' });
    expect(byToken.status).toBe(200);
    expect(JSON.parse(byToken.text).customer).toMatchObject({ name: LI.name, email: LI.email });
    expect(byToken.text).not.toContain(WANG.name);
    expect((await http().post(`/api/after-sales/privacy/customers/${liId}/export`).set('Authorization', `Bearer ${other.accessKey}`).send({ reason: 'request by email' })).status).toBe(403);
    expect((await http().post(`/api/after-sales/privacy/customers/${liId}/export`).set('Authorization', `Bearer ${token.accessKey}`).send({})).status).toBe(400);

    const audit = (await http().get('/after-sales/privacy/audit?action=export').set(auth(manager))).body.data;
    expect(audit.map((a: { customer: string; actor: { kind: string } }) => [a.customer, a.actor.kind])).toEqual([
      [liId, 'api-token'],
      [wangId, 'admin'],
    ]);
  });
});

describe('erasure by anonymisation', () => {
  it('replaces Wang’s data in every table, keeps every report figure, and is audited once', async () => {
    const wf = adminWorkflow(strapi, manager.token, 'api::feedback.feedback');
    // Wang's case runs to the survey; he answers it with a comment quoting himself.
    await wf.step(wangFeedback, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
    await wf.step(wangFeedback, 'start');
    await wf.step(wangFeedback, 'resolve', { data: { resolutionSummary: '为王伟更换了风扇', rootCause: 'fan bearing' } });
    await wf.step(wangFeedback, 'start-callback');
    const invitation = await strapi.db.connection('after_sales_outbox').where({ document_id: wangFeedback }).andWhere('template_key', 'like', '%survey%').first();
    const surveyToken = /surveys?\/([A-Za-z0-9_-]+)/.exec(invitation.body_text)![1];
    expect(
      (
        await http()
          .post(`/api/after-sales/surveys/${surveyToken}`)
          .send({ data: { score: 5, comment: '王伟: 很满意, 有事打 13800138000' } })
      ).status
    ).toBe(200);
    // A complaint with a photo as evidence and a signed on-site service record of Wang's.
    const evidence = await uploadImage('王伟-发票.png');
    const complaint = await strapi.documents('api::complaint.complaint').create({
      data: {
        description: `客户${WANG.name}投诉送货慢 (${WANG.email})`,
        cause: 'human',
        customer: wangId,
        responsibleDepartment: departments['after-sales'].documentId,
        evidence: [evidence.id],
      } as any,
    });
    const signature = await uploadImage('王伟-signature.png');
    const record = await strapi.documents('api::service-record.service-record').create({ data: { kind: 'onsite-repair', customer: wangId, department: departments['after-sales'].documentId } as any });
    const sr = adminWorkflow(strapi, manager.token, 'api::service-record.service-record');
    await sr.step(record.documentId, 'start');
    await sr.step(record.documentId, 'complete', { data: { findings: `${WANG.address} 现场电源电压低`, result: 'fixed', returnedAt: new Date().toISOString() } });
    await sr.step(record.documentId, 'sign', { data: { customerOpinion: '满意, 王伟', customerSignature: signature.id } });
    // Li's records quote Wang: her own words, a staff note and a complaint with its own evidence photo.
    const liQuoting = await submit(LI, `邻居王伟 (wang.wei@example.cn, 138 0013 8000) 也买了这款, 同样不充电`);
    await adminWorkflow(strapi, agent.token, 'api::feedback.feedback').step(liQuoting.documentId, 'acknowledge', { note: '李娜说王伟的电话是 13800138000' });
    const liEvidence = await uploadImage('li-receipt.png');
    const liComplaint = await strapi.documents('api::complaint.complaint').create({
      data: { description: '李娜投诉: 和王伟同一天送货, 都晚了', cause: 'human', customer: liId, responsibleDepartment: departments['after-sales'].documentId, evidence: [liEvidence.id] } as any,
    });

    const updatedBefore = (await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: wangFeedback } })).updatedAt;
    const month = currentMonth();
    const before = await http().get(`/after-sales/reports/monthly?month=${month}`).set(auth(manager));
    const beforeCsv = await http().get(`/after-sales/reports/monthly?month=${month}&format=csv`).set(auth(manager));
    expect(before.status).toBe(200);
    expect(before.body.data.satisfaction.responses).toBe(1);
    const beforeDump = await everyTableAsText();
    expect(Object.values(beforeDump).join('\n')).toContain('13800138000');

    const customers = '/after-sales/privacy/customers';
    const version = (await strapi.db.query('api::customer.customer').findOne({ where: { documentId: wangId } })).version;
    expect((await http().post(`${customers}/${wangId}/erase`).set(auth(agent)).send({ version, reason: 'customer asked to be deleted' })).status).toBe(403);
    const quoting = await http().post(`${customers}/${wangId}/erase`).set(auth(manager)).send({ version, reason: '王伟 asked to be deleted' });
    expect(quoting.status).toBe(400);
    expect(quoting.body.error.details.errors[0].path).toEqual(['data', 'note']);
    expect(
      (
        await http()
          .post(`${customers}/${wangId}/erase`)
          .set(auth(manager))
          .send({ version: version - 1, reason: 'customer asked to be deleted' })
      ).status
    ).toBe(409);
    expect((await http().post(`${customers}/${wangId}/erase`).set(auth(manager)).send({ version })).status).toBe(400);

    const erased = await http().post(`${customers}/${wangId}/erase`).set(auth(manager)).send({ version, reason: 'customer asked to be deleted (ticket 42)' });
    expect(erased.status).toBe(200);
    expect(erased.body.data).toMatchObject({ state: 'erased', from: 'active' });
    const pseudonym = erased.body.data.pseudonym as string;
    expect(pseudonym).toMatch(/^Customer-[0-9a-f]{10}$/);

    // No trace of Wang in any table; Li is untouched.
    const dump = await everyTableAsText();
    for (const [table, rows] of Object.entries(dump)) {
      for (const trace of WANG_TRACES) {
        if (rows.toLowerCase().includes(trace.toLowerCase())) throw new Error(`table ${table} still holds "${trace}"`);
      }
    }
    expect(dump.customers).toContain(LI.email);
    expect(dump.feedbacks).toContain('李娜的扫地机不充电');

    // Wang's files are gone, rows and bytes; Li's photo stays, still attached to her complaint.
    const fileRow = (id: number) => strapi.db.query('plugin::upload.file').findOne({ where: { id } });
    for (const file of [evidence, signature]) {
      expect(await fileRow(file.id)).toBeNull();
      expect(fs.existsSync(file.onDisk)).toBe(false);
    }
    expect(await fileRow(liEvidence.id)).not.toBeNull();
    expect(fs.existsSync(liEvidence.onDisk)).toBe(true);
    const liStored = await strapi.db.query('api::complaint.complaint').findOne({ where: { documentId: liComplaint.documentId }, populate: ['evidence'] });
    expect(liStored.evidence.map((f: { id: number }) => f.id)).toEqual([liEvidence.id]);
    // Nothing is left owing: each file came off the storage-deletion queue once its bytes were gone.
    expect(Number((await strapi.db.connection('after_sales_file_erasures').count({ n: '*' }))[0].n)).toBe(0);
    expect(liStored.description).toBe(`李娜投诉: 和${pseudonym}同一天送货, 都晚了`);
    const wangComplaint = await strapi.db.query('api::complaint.complaint').findOne({ where: { documentId: complaint.documentId }, populate: ['evidence'] });
    expect(wangComplaint.evidence ?? []).toEqual([]);

    // Where Li's records quoted Wang, the pseudonym stands; the rest of them is hers and unchanged.
    expect((await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: liQuoting.documentId } })).symptom).toBe(
      `邻居${pseudonym} (${pseudonym}, ${pseudonym}) 也买了这款, 同样不充电`
    );
    const liTimeline = await adminWorkflow(strapi, manager.token, 'api::feedback.feedback').timeline(liQuoting.documentId);
    expect(liTimeline.body.data.map((e: { note: string | null }) => e.note)).toContain(`李娜说${pseudonym}的电话是 ${pseudonym}`);
    fs.rmSync(liEvidence.onDisk, { force: true });

    // The pseudonym stands where Wang was quoted; items, states, scores and timestamps are kept.
    const profile = await strapi.db.query('api::customer.customer').findOne({ where: { documentId: wangId } });
    expect(profile).toMatchObject({ name: pseudonym, phone: null, email: null, wechat: null, address: null, notes: null, privacyState: 'erased' });
    expect(profile.anonymisedAt).not.toBeNull();
    const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: wangFeedback } });
    expect(item).toMatchObject({ state: 'closed', satisfactionScore: 5, rootCause: 'fan bearing', resolutionSummary: `为${pseudonym}更换了风扇` });
    expect(item.updatedAt).toEqual(updatedBefore);
    expect(item.symptom).toBe(`${pseudonym}反映净化器异响, 请回电 ${pseudonym} 或发邮件 ${pseudonym}`);
    const storedComplaint = await strapi.db.query('api::complaint.complaint').findOne({ where: { documentId: complaint.documentId } });
    expect(storedComplaint.description).toBe(`客户${pseudonym}投诉送货慢 (${pseudonym})`);
    const storedRecord = await strapi.db.query('api::service-record.service-record').findOne({ where: { documentId: record.documentId }, populate: ['customerSignature'] });
    expect(storedRecord).toMatchObject({ state: 'signed', customerSignature: null });
    expect(storedRecord.signedAt).not.toBeNull();

    const after = await http().get(`/after-sales/reports/monthly?month=${month}`).set(auth(manager));
    expect(after.body.data).toEqual(before.body.data);
    expect((await http().get(`/after-sales/reports/monthly?month=${month}&format=csv`).set(auth(manager))).text).toBe(beforeCsv.text);

    // Audited: an event in the customer's timeline and in the access audit; a second erasure is refused.
    const timeline = await http().get(`/after-sales/workflows/api::customer.customer/${wangId}/timeline`).set(auth(manager));
    expect(timeline.body.data.map((e: { action: string; note: string }) => [e.action, e.note])).toEqual([['erase', 'customer asked to be deleted (ticket 42)']]);
    const audit = (await http().get(`/after-sales/privacy/audit?customer=${wangId}`).set(auth(manager))).body.data;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['erase', 'export', 'reveal']);
    // 'conversation': the notes asking staff to phone her (no channel reached her in this test) quote her words.
    expect(audit[0].fields).toEqual(['profile', 'items', 'messages', 'surveys', 'notes', 'conversation', 'files', 'quotes-elsewhere']);
    const again = await http()
      .post(`${customers}/${wangId}/erase`)
      .set(auth(manager))
      .send({ version: version + 1, reason: 'customer asked to be deleted' });
    expect(again.status).toBe(409);
  });
  it("leaves a namesake's own records alone, and finds the phone in another customer's records however it is written", async () => {
    const person = (name: string, phone: string, email: string) => createCustomer(strapi, { name, phone, email, wechat: null, address: null });
    const erased = await person('张强', '13300133000', 'zhang.qiang@example.cn');
    const namesake = await person('张强', '+86 132 0013 2000', 'zq@example.cn');
    const friend = await person('陈静', '13100131000', 'chen.jing@example.cn');
    const item = (customer: string, symptom: string) => strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom, customer } as any });
    const namesakes = await item(namesake.documentId, '张强的冰箱不制冷, 电话 132-0013-2000; 邻居也叫张强, 电话 133 0013 3000');
    const friends = await item(friend.documentId, '陈静代张强 (１３３００１３３０００) 反映');
    const erasure = await http().post(`/after-sales/privacy/customers/${erased.documentId}/erase`).set(auth(manager)).send({ version: erased.version, reason: 'customer request by email' });
    expect(erasure.status).toBe(200);
    const pseudonym = erasure.body.data.pseudonym as string;

    const symptom = async (documentId: string) => (await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId } })).symptom;
    expect(await symptom(namesakes.documentId)).toBe(`张强的冰箱不制冷, 电话 132-0013-2000; 邻居也叫张强, 电话 ${pseudonym}`);
    expect(await symptom(friends.documentId)).toBe(`陈静代${pseudonym} (${pseudonym}) 反映`);
    expect(await strapi.db.query('api::customer.customer').findOne({ where: { documentId: namesake.documentId } })).toMatchObject({ name: '张强', phone: '+86 132 0013 2000' });
  });
});

describe('erased files whose storage deletion was cut short', () => {
  it('are removed from storage by the retry (startup, retention job); only their storage keys were queued', async () => {
    // As if an instance stopped between an erasure's commit and its storage deletion: the file row
    // is gone, its bytes are still on disk and its queue entry is still there.
    const file = await uploadImage('wang-wei-id-card.png');
    const stored = await strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } });
    const queue = () => strapi.db.connection('after_sales_file_erasures');
    await strapi.db.transaction(async ({ trx }) => {
      await strapi.db.query('plugin::upload.file').delete({ where: { id: file.id } });
      const keys = { id: stored.id, hash: stored.hash, ext: stored.ext, url: stored.url, provider: stored.provider, formats: {} };
      await trx('after_sales_file_erasures').insert({ file_id: stored.id, storage: JSON.stringify(keys), attempts: 0, created_at: new Date(Date.now() - 5 * 60_000).toISOString() });
    });
    // A deletion queued a moment ago belongs to an erasure still running: the retry leaves it.
    const fresh = await uploadImage('fresh.png');
    const freshRow = await strapi.db.query('plugin::upload.file').findOne({ where: { id: fresh.id } });
    await queue().insert({
      file_id: freshRow.id,
      storage: JSON.stringify({ id: freshRow.id, hash: freshRow.hash, ext: freshRow.ext, url: freshRow.url, provider: freshRow.provider }),
      attempts: 0,
      created_at: new Date().toISOString(),
    });

    expect(await strapi.plugin('after-sales').service('privacy').retryFileRemovals()).toBe(1);
    expect(fs.existsSync(file.onDisk)).toBe(false);
    expect((await queue().select('file_id')).map((r: { file_id: number }) => r.file_id)).toEqual([freshRow.id]);
    expect(fs.existsSync(fresh.onDisk)).toBe(true);
    await queue().del();
    fs.rmSync(fresh.onDisk, { force: true });
  });
});

describe('retention policy', () => {
  const longAgo = new Date(Date.now() - 40 * 31 * 24 * 3600 * 1000);
  /** Raw: the entity manager would stamp updatedAt with the current time. */
  const setActivity = (uid: string, documentId: string, at: Date) =>
    strapi.db
      .connection(strapi.db.metadata.get(uid as any).tableName)
      .where({ document_id: documentId })
      .update({ created_at: strapi.db.dialect.client === 'sqlite' ? at.getTime() : at, updated_at: strapi.db.dialect.client === 'sqlite' ? at.getTime() : at });

  it('anonymises only customers with no open item and no activity for N months, once, with a dry run first', async () => {
    const dormant = await createCustomer(strapi, { name: '赵敏', phone: '13700137000', email: 'zhao.min@example.cn' });
    await setActivity('api::customer.customer', dormant.documentId, longAgo);
    const closedLongAgo = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: '赵敏的旧问题', customer: dormant.documentId } as any });
    await strapi.db.query('api::feedback.feedback').update({ where: { documentId: closedLongAgo.documentId }, data: { state: 'closed' } });
    await setActivity('api::feedback.feedback', closedLongAgo.documentId, longAgo);

    const withOpenItem = await createCustomer(strapi, { name: '孙悦', phone: '13600136000', email: 'sun.yue@example.cn' });
    await setActivity('api::customer.customer', withOpenItem.documentId, longAgo);
    const open = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: '孙悦的问题', customer: withOpenItem.documentId } as any });
    await setActivity('api::feedback.feedback', open.documentId, longAgo);

    const recentItem = await createCustomer(strapi, { name: '周杰', phone: '13500135000', email: 'zhou.jie@example.cn' });
    await setActivity('api::customer.customer', recentItem.documentId, longAgo);
    const recent = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'hotline', symptom: '周杰的问题', customer: recentItem.documentId } as any });
    await strapi.db.query('api::feedback.feedback').update({ where: { documentId: recent.documentId }, data: { state: 'closed' } });

    // Switched off (the default): the scheduled job does nothing.
    expect(await privacyService().scheduledRetention(60_000)).toBeNull();

    const preview = await http().get('/after-sales/privacy/retention').set(auth(manager));
    expect(preview.status).toBe(200);
    expect(preview.body.data.policy).toEqual({ enabled: false, months: 36, batchSize: 100 });
    expect(preview.body.data.preview.wouldAnonymise.map((c: { documentId: string }) => c.documentId)).toEqual([dormant.documentId]);
    expect((await strapi.db.query('api::customer.customer').findOne({ where: { documentId: dormant.documentId } })).name).toBe('赵敏');
    expect((await http().get('/after-sales/privacy/retention').set(auth(agent))).status).toBe(403);
    expect((await http().post('/after-sales/privacy/retention/run').set(auth(manager)).send({ dryRun: 'yes' })).status).toBe(400);

    const settings = await http()
      .put('/after-sales/extensions/after-sales.privacy/configuration')
      .set(auth(manager))
      .send({ data: { retentionEnabled: true, retentionMonths: 36 } });
    expect(settings.status).toBe(200);
    // An hour's lease: a slow machine must not see it run out between these lines (a full CI run took over a minute here).
    const HOUR = 3_600_000;
    const runs = await Promise.all([privacyService().scheduledRetention(HOUR), privacyService().scheduledRetention(HOUR)]);
    const ran = runs.filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0].anonymised).toEqual([dormant.documentId]);

    // The lease is held for the interval; once it has passed, nobody is left to anonymise.
    expect(await privacyService().scheduledRetention(HOUR)).toBeNull();
    await strapi.db.connection('after_sales_job_claims').update({ lease_until: 0 });
    expect((await privacyService().scheduledRetention(HOUR)).anonymised).toEqual([]);

    const zhao = await strapi.db.query('api::customer.customer').findOne({ where: { documentId: dormant.documentId } });
    expect(zhao).toMatchObject({ privacyState: 'erased', phone: null, email: null });
    expect(zhao.name).toMatch(/^Customer-/);
    expect((await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: closedLongAgo.documentId } })).symptom).toBe(`${zhao.name}的旧问题`);
    for (const kept of [withOpenItem, recentItem]) {
      expect((await strapi.db.query('api::customer.customer').findOne({ where: { documentId: kept.documentId } })).privacyState).toBe('active');
    }
    const erasures = await strapi.db.connection('after_sales_privacy_audit').where({ customer_document_id: dormant.documentId, action: 'erase' });
    expect(erasures).toHaveLength(1);
    expect(erasures[0]).toMatchObject({ actor_kind: 'system', actor_name: 'retention policy' });
    const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: dormant.documentId, action: 'erase' });
    expect(events).toHaveLength(1);
  });
});
