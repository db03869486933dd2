import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * Issue 25 item 3, 004 二(四): a recall of one batch from an approved improvement record opens one
 * service record per unit for exactly the owners of that batch (not another batch's, not an erased
 * customer's), tells each on their channel (a customer no channel reaches gets a note to phone them),
 * is not doubled when started again, and follows each unit to done / refused / unreachable with a
 * progress figure. Bad input is refused naming the field, nothing written.
 */
const CUSTOMER = 'api::customer.customer';
const SERVICE_RECORD = 'api::service-record.service-record';
const IMPROVEMENT = 'api::improvement-record.improvement-record';
const ENV = { SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', SMTP_FROM: 'service@example.cn', AFTER_SALES_TEST_CLOCK: '1', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' };

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let improvement: { documentId: string; reference: string };
const customers: Record<string, string> = {};
const http = () => request(strapi.server.httpServer);
const as = (s: AdminSession) => ({ Authorization: `Bearer ${s.token}` });
const base = () => `/after-sales/improvements/${improvement.documentId}/field-actions`;
const count = async (table: string) => Number((await strapi.db.connection(table).count({ n: '*' }))[0].n);
const paths = (res: request.Response) => res.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'));
const recordsOf = async (customer: string) =>
  (await strapi.db.query(SERVICE_RECORD).findMany({ where: { customer: { documentId: customers[customer] }, kind: 'onsite-repair' }, populate: { product: true } })) as any[];
const notices = (documentId: string) =>
  strapi.db.connection('after_sales_outbox').where({ content_type: SERVICE_RECORD, document_id: documentId }).select('template_key', 'channel', 'locale', 'recipient', 'body_text');

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  const product = await createProduct(strapi, { modelCode: 'PR-70', name: '打印机 PR-70' });
  const add = async (key: string, data: Record<string, unknown>) => {
    customers[key] = (await createCustomer(strapi, { wechat: null, address: null, ...data })).documentId;
  };
  await add('zh', { name: '王伟', locale: 'zh-Hans', email: 'wang@example.cn', phone: '+86 138 0013 7001' });
  await add('en', { name: 'Anna Schmidt', locale: 'en', email: 'anna@example.de', phone: '+86 138 0013 7002' });
  await add('landline', { name: '李娜', email: null, phone: '+86 10 6552 9988' });
  await add('otherBatch', { name: '赵强', email: 'zhao@example.cn' });
  await add('erased', { name: '已删除', email: 'gone@example.cn' });
  await strapi.db.query(CUSTOMER).update({ where: { documentId: customers.erased }, data: { privacyState: 'erased' } });
  const installed = (customer: string, batch: string, serialNumber: string) =>
    strapi.documents(SERVICE_RECORD as any).create({ data: { kind: 'installation', customer: customers[customer], product: product.documentId, batch, serialNumber } as any });
  // 王伟 reported the jam without a serial number; the installation record names it: one unit.
  await createFeedback(strapi, { customer: customers.zh, product: product.documentId, batch: 'B2405', symptom: '卡纸' });
  await installed('zh', 'B2405', 'SN-0001');
  await installed('en', 'B2405', 'SN-0002');
  await createFeedback(strapi, { customer: customers.landline, product: product.documentId, batch: 'B2405', symptom: '卡纸' });
  await createFeedback(strapi, { customer: customers.otherBatch, product: product.documentId, batch: 'B2406', symptom: '卡纸' });
  await installed('erased', 'B2405', 'SN-0003');
  improvement = (await strapi.documents(IMPROVEMENT as any).create({
    data: { title: 'PR-70 / B2405: 零部件批次问题', product: product.documentId, batch: 'B2405', rootCause: '搓轮耐磨性不足', shortTermFix: '上门更换搓轮' } as any,
  })) as any;
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('a recall of one batch from an improvement record', () => {
  it('refuses bad input naming each field, and a record whose plan is not approved; writes nothing', async () => {
    const before = await count('service_records');
    const bad = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'recall-everything', models: ['PR 70'], serialRanges: [{ from: 'SN-9', to: 'SN-1' }] });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['kind', 'models.0', 'serialRanges.0.to']);
    const nothing = await http().post(base()).set(as(manager)).send({ kind: 'exchange' });
    expect(paths(nothing)).toEqual(['models']);
    const notApproved = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B2405'] });
    expect(notApproved.status).toBe(409);
    expect(await count('service_records')).toBe(before);
    expect(await count('after_sales_field_actions')).toBe(0);
    await strapi.db.query(IMPROVEMENT).update({ where: { documentId: improvement.documentId }, data: { state: 'approved' } });
    const noUnit = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B9999'] });
    expect(noUnit.status).toBe(400);
    expect(paths(noUnit)).toEqual(['batches']);
  });

  it('is started by those with the permission only', async () => {
    const res = await http()
      .post(base())
      .set(as(agent))
      .send({ kind: 'onsite-replacement', batches: ['B2405'] });
    expect(res.status).toBe(403);
  });

  it('previews the units: the batch owners, a serial range narrows it', async () => {
    const batch = await http()
      .post(`${base()}/preview`)
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B2405'] });
    expect(batch.status).toBe(200);
    expect(batch.body.data).toMatchObject({ total: 3, new: 3, customers: 3 });
    expect(batch.body.data.units.map((u: any) => [u.customer.name, u.serialNumber])).toEqual([
      ['李娜', null],
      ['王伟', 'SN-0001'],
      ['Anna Schmidt', 'SN-0002'],
    ]);
    const range = await http()
      .post(`${base()}/preview`)
      .set(as(manager))
      .send({ kind: 'onsite-replacement', serialRanges: [{ from: 'SN-0002', to: 'SN-0010' }] });
    expect(range.body.data.units.map((u: any) => u.customer.name)).toEqual(['Anna Schmidt']);
  });

  it('opens one service record per unit for exactly the owners of the batch and tells each on their channel', async () => {
    // The manager words the Chinese notice in the template editor, with the unit's own variables.
    const edited = await http()
      .put('/after-sales/messages/editor/templates/field-action.onsite-replacement')
      .set(as(manager))
      .send({ data: { locale: 'zh-Hans', subject: '召回通知 {{item.reference}}', body: '{{customer.name}}:您的 {{unit.model}}(序列号 {{unit.serialNumber}})将由工程师上门免费更换搓轮。' } });
    expect(edited.status).toBe(200);
    const started = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B2405'], note: '携带新搓轮 B2501' });
    expect(started.status).toBe(201);
    expect(started.body.data).toMatchObject({ created: 3, existing: 0, notified: 2, unreachable: 1 });
    for (const key of ['zh', 'en', 'landline']) {
      const records = await recordsOf(key);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ state: 'scheduled', batch: 'B2405', product: { modelCode: 'PR-70' } });
      expect(records[0].reference).toMatch(/^SR-\d{8}-\d{4}$/);
      const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: records[0].documentId, action: 'field-action-opened' });
      expect(audit).toHaveLength(1);
    }
    expect(await recordsOf('otherBatch')).toHaveLength(0);
    expect(await recordsOf('erased')).toHaveLength(0);
    expect((await recordsOf('zh'))[0].serialNumber).toBe('SN-0001');

    const [zh] = await notices((await recordsOf('zh'))[0].documentId);
    expect(zh).toMatchObject({ template_key: 'field-action.onsite-replacement', channel: 'email', locale: 'zh-Hans', recipient: 'wang@example.cn' });
    expect(zh.body_text).toBe('王伟:您的 PR-70(序列号 SN-0001)将由工程师上门免费更换搓轮。');
    expect(
      (
        await strapi.db
          .connection('after_sales_outbox')
          .where({ document_id: (await recordsOf('zh'))[0].documentId })
          .first('subject')
      ).subject
    ).toBe(`召回通知 ${(await recordsOf('zh'))[0].reference}`);
    const [en] = await notices((await recordsOf('en'))[0].documentId);
    expect(en).toMatchObject({ channel: 'email', locale: 'en', recipient: 'anna@example.de' });
    expect(en.body_text).toContain('Dear Anna Schmidt');
    expect(en.body_text).toContain('model PR-70, batch B2405, serial number SN-0002');
    // No channel reaches a landline without an email: no message, a note to phone the customer.
    const landline = (await recordsOf('landline'))[0];
    expect(await notices(landline.documentId)).toHaveLength(0);
    const notes = await strapi.db.connection('after_sales_thread_entries').where({ document_id: landline.documentId, entry_kind: 'note' });
    expect(notes.some((n: any) => /请电话通知客户/.test(n.body_text))).toBe(true);
  });

  it('does not double anything when started again', async () => {
    const before = await count('service_records');
    const outbox = await count('after_sales_outbox');
    const again = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'onsite-replacement', models: ['PR-70'], batches: ['B2405'] });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ created: 0, existing: 3, fieldAction: null });
    expect(await count('service_records')).toBe(before);
    expect(await count('after_sales_outbox')).toBe(outbox);
    expect(await count('after_sales_field_actions')).toBe(1);
  });

  it('follows each unit to done, refused or unreachable, with the progress figure', async () => {
    const shown = await http().get(base()).set(as(agent));
    expect(shown.status).toBe(200);
    expect(shown.body.data.progress).toMatchObject({ total: 3, open: 3, done: 0 });
    const unitOf = (name: string) => shown.body.data.fieldActions[0].units.find((u: any) => u.customer.name === name);
    expect(unitOf('李娜')).toMatchObject({ notifiedChannel: null, outcome: null });
    expect(unitOf('王伟').notifiedChannel).toBe('email');

    const noNote = await http()
      .put(`${base()}/units/${unitOf('李娜').id}`)
      .set(as(agent))
      .send({ outcome: 'unreachable' });
    expect(noNote.status).toBe(400);
    expect(paths(noNote)).toEqual(['note']);
    const unreachable = await http()
      .put(`${base()}/units/${unitOf('李娜').id}`)
      .set(as(agent))
      .send({ outcome: 'unreachable', note: '三次致电无人接听' });
    expect(unreachable.status).toBe(200);
    expect((await recordsOf('landline'))[0].state).toBe('cancelled');
    const refused = await http()
      .put(`${base()}/units/${unitOf('Anna Schmidt').id}`)
      .set(as(manager))
      .send({ outcome: 'refused', note: 'already repaired elsewhere' });
    expect(refused.status).toBe(200);
    expect(refused.body.data.progress).toMatchObject({ total: 3, refused: 1, unreachable: 1, open: 1 });
    const twice = await http()
      .put(`${base()}/units/${unitOf('Anna Schmidt').id}`)
      .set(as(manager))
      .send({ outcome: 'done' });
    expect(twice.status).toBe(409);

    // 王伟's service record is carried out: its unit is done with it.
    const record = (await recordsOf('zh'))[0];
    const wf = adminWorkflow(strapi, manager.token, SERVICE_RECORD);
    await wf.step(record.documentId, 'start');
    await wf.step(record.documentId, 'complete', { data: { findings: '搓轮磨损', result: '已更换新搓轮' } });
    const after = await http().get(base()).set(as(manager));
    expect(after.body.data.progress).toEqual({ total: 3, done: 1, refused: 1, unreachable: 1, open: 0, percentDone: 33, percentSettled: 100 });
    expect(after.body.data.fieldActions[0].units.find((u: any) => u.customer.name === '王伟')).toMatchObject({ outcome: 'done', serviceRecord: { state: 'completed' } });
    const events = await strapi.db.connection('after_sales_audit_events').where({ document_id: improvement.documentId }).whereIn('action', ['field-action-started', 'field-action-unit']);
    expect(events).toHaveLength(3);
  });

  it('reaches units imported as a CSV that no case names: bad lines named, all or nothing, never doubled', async () => {
    const importCsv = (csv: string) => http().post('/after-sales/field-actions/units/import').set(as(manager)).send({ csv });
    const bad = await importCsv('customer,model,batch,serialNumber\nnobody@example.cn,PR-70,B2407,SN-0100\nzhao@example.cn,XX-1,B2407,SN-0101\nzhao@example.cn,PR-70,B2407,SN 0102');
    expect(bad.status).toBe(400);
    // The form of every line first; then who and which model.
    expect(paths(bad)).toEqual(['csv.4.serialNumber']);
    const bad2 = await importCsv('customer,model,batch,serialNumber\nnobody@example.cn,PR-70,B2407,SN-0100\nzhao@example.cn,XX-1,B2407,SN-0101');
    expect(paths(bad2)).toEqual(['csv.2.customer', 'csv.3.model']);
    expect(await count('after_sales_imported_units')).toBe(0);
    expect((await http().post('/after-sales/field-actions/units/import').set(as(agent)).send({ csv: 'customer,model\nzhao@example.cn,PR-70' })).status).toBe(403);

    const csv = 'customer;model;batch;serial\nzhao@example.cn;PR-70;B2407;SN-0100\n+86 138 0013 7001;PR-70;B2407;SN-0101\nZHAO@example.cn;PR-70;B2407;SN-0100';
    const imported = await importCsv(csv);
    expect(imported.status).toBe(201);
    expect(imported.body.data).toMatchObject({ lines: 3, units: 2, imported: 2 });
    expect((await importCsv(csv)).body.data).toMatchObject({ imported: 0, total: 2 });

    const preview = await http()
      .post(`${base()}/preview`)
      .set(as(manager))
      .send({ kind: 'mail-in-repair', batches: ['B2407'] });
    expect(preview.body.data.units.map((u: any) => [u.customer.name, u.serialNumber])).toEqual([
      ['赵强', 'SN-0100'],
      ['王伟', 'SN-0101'],
    ]);
    const started = await http()
      .post(base())
      .set(as(manager))
      .send({ kind: 'mail-in-repair', batches: ['B2407'] });
    expect(started.status).toBe(201);
    expect(started.body.data).toMatchObject({ created: 2, notified: 2 });
    const mailIn = await strapi.db.query(SERVICE_RECORD).findMany({ where: { kind: 'mail-in-repair', batch: 'B2407' }, populate: { customer: true } });
    expect(mailIn.map((r: any) => r.customer.name).sort()).toEqual(['王伟', '赵强'].sort());
  });
});
