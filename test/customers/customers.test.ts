import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';

/**
 * Issue 20, items 5 and 6: one customer record per person (phones parsed with libphonenumber on
 * every write path, duplicates merged and undone) and the customer page under the contact-data rules.
 */
const CUSTOMER = 'api::customer.customer';
const uid = (name: string) => `api::${name}.${name}`;
const CM_CUSTOMERS = `/content-manager/collection-types/${CUSTOMER}`;

let strapi: Core.Strapi;
let department: string;
const sessions: Record<string, AdminSession> = {};
const http = () => request(strapi.server.httpServer);
const as = (code: string) => ({ Authorization: `Bearer ${sessions[code].token}` });
const plugin = (name: string) => strapi.plugin('after-sales').service(name) as any;
const intake = (phone: string, symptom = '净化器异响') =>
  http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer: { name: '王伟', phone, locale: 'zh-Hans' }, symptom } });

const ROLES = ['after-sales-agent', 'after-sales-manager', 'technical-engineer', 'sales', 'knowledge-editor', 'super-admin'];

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  department = departments['after-sales'].documentId;
  for (const code of ROLES) sessions[code] = await createAdmin(strapi, code);
  await strapi.db.query('api::department.department').update({ where: { id: departments['after-sales'].id }, data: { members: ROLES.map((r) => sessions[r].id) } });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('phones are parsed with libphonenumber on every write path', () => {
  it('a second and third intake with the same phone in another format land on the same customer', async () => {
    const references: string[] = [];
    for (const phone of ['138 0013 8000', '+86 13800138000', '008613800138000']) {
      const res = await intake(phone);
      expect({ phone, status: res.status }).toEqual({ phone, status: 201 });
      references.push(res.body.data.reference);
    }
    const customers = await strapi.db.query(CUSTOMER).findMany({ where: { phoneNormalized: '+8613800138000' } });
    expect(customers).toHaveLength(1);
    const items = await strapi.db.query(uid('feedback')).findMany({ where: { reference: { $in: references } }, populate: ['customer'] });
    expect(items.map((i: any) => i.customer?.documentId)).toEqual([customers[0].documentId, customers[0].documentId, customers[0].documentId]);
  });

  it('an invalid phone is a 400 naming the field, on the intake, the Content Manager and the REST API', async () => {
    const res = await intake('+86 128 0013 8000');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: ['data', 'customer', 'phone'], message: 'is not a valid mainland China phone number' })]);
    expect((await intake('95588')).status).toBe(400);

    const cm = await http().post(CM_CUSTOMERS).set(as('super-admin')).send({ name: '赵六', phone: '138 0013' });
    expect(cm.status).toBe(400);
    expect(cm.body.error.message).toMatch(/^phone: /);
    expect(cm.body.error.details.errors).toEqual([expect.objectContaining({ path: ['phone'] })]);

    const ok = await http().post(CM_CUSTOMERS).set(as('super-admin')).send({ name: '赵六', phone: '021-6888 8888', email: 'Zhao@Example.CN' });
    expect(ok.status).toBe(201);
    const stored = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: ok.body.data.documentId } });
    expect(stored).toMatchObject({ phoneNormalized: '+862168888888', emailNormalized: 'zhao@example.cn' });

    // The document service (what the REST API and every extension use) refuses it too.
    await expect(strapi.documents(CUSTOMER as any).update({ documentId: ok.body.data.documentId, data: { phone: '+86 128 0013 8000' } as any })).rejects.toThrow(
      /^phone: is not a valid mainland China phone number/
    );
  });

  it('the backfill lists stored phones it cannot read, and a correction takes them off the list', async () => {
    // A number stored before numbers were checked (written below the document service).
    const legacy = await createCustomer(strapi, { name: '钱七', phone: '13900139000', email: null, wechat: null, address: null });
    await strapi.db.connection('customers').where({ document_id: legacy.documentId }).update({ phone: '1390013', phone_normalized: '+861390013' });
    await strapi.db.connection('after_sales_plugin_migrations').where({ name: '0250-customer-contacts-libphonenumber' }).delete();
    await strapi.db.connection.schema.dropTable('after_sales_contact_issues');
    await plugin('migrations').migratePlugin();
    const row = await strapi.db.connection('customers').where({ document_id: legacy.documentId }).first();
    expect(row).toMatchObject({ phone: '1390013', phone_normalized: null });
    const issues = await http().get('/after-sales/customers/contact-issues').set(as('after-sales-manager'));
    expect(issues.status).toBe(200);
    expect(issues.body.data).toEqual([
      expect.objectContaining({ customer: expect.objectContaining({ documentId: legacy.documentId, phone: '1390013' }), field: 'phone', problem: 'is not a valid mainland China phone number' }),
    ]);
    // Saving the rest of the form with the unreadable number unchanged is allowed; correcting it clears the issue.
    await strapi.documents(CUSTOMER as any).update({ documentId: legacy.documentId, data: { company: '钱氏', phone: '1390013' } as any });
    await strapi.documents(CUSTOMER as any).update({ documentId: legacy.documentId, data: { phone: '139 0013 9000' } as any });
    expect((await http().get('/after-sales/customers/contact-issues').set(as('after-sales-manager'))).body.data).toEqual([]);
  });
});

describe('duplicates and merge', () => {
  let survivor: Record<string, any>;
  let merged: Record<string, any>;
  const itemDocs: Record<string, string> = {};
  let mergeId: number;
  let carePlan: string;
  const npsIds: Record<string, number> = {};
  const invite = async (campaign: number, customer: string, answer?: { score: number; comment: string }) => {
    const [row] = await strapi.db
      .connection('after_sales_nps_invitations')
      .insert({
        campaign_id: campaign,
        customer_document_id: customer,
        token_hash: `${campaign}-${customer}`.padEnd(64, 'x').slice(0, 64),
        locale: 'zh-Hans',
        expires_at: Date.now() + 1e9,
        created_at: new Date().toISOString(),
        ...(answer ? { answered_at: new Date().toISOString(), score: answer.score, comment: answer.comment } : {}),
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  };
  const unitIds: Record<string, number> = {};
  const insertRow = async (table: string, row: Record<string, unknown>) => {
    const [inserted] = await strapi.db.connection(table).insert(row).returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  };
  const imported = (customer: string, serial: string) =>
    insertRow('after_sales_imported_units', { customer_document_id: customer, model: 'PR-70', batch: 'B2601', serial_number: serial, imported_at: new Date().toISOString() });
  const unitOwner = async (table: string, id: number) => (await strapi.db.connection(table).where({ id }).first()).customer_document_id;
  // Beta-test invitations (one per customer and test, the answers on the row): test A invited only the
  // merged record (answered), test B invited both records.
  const betaIds: Record<string, number> = {};
  const betaInvite = (betaTest: number, customer: string, answers?: Record<string, unknown>) =>
    insertRow('after_sales_beta_invitations', {
      beta_test_id: betaTest,
      customer_document_id: customer,
      token_hash: `beta-${betaTest}-${customer}`.padEnd(64, 'x').slice(0, 64),
      locale: 'zh-Hans',
      expires_at: Date.now() + 1e9,
      created_at: new Date().toISOString(),
      ...(answers ? { answered_at: new Date().toISOString(), answers: JSON.stringify(answers) } : {}),
    });
  const betaOwner = async (id: number) => (await strapi.db.connection('after_sales_beta_invitations').where({ id }).first()).customer_document_id;
  const betaOwners = async () => ({ only: await betaOwner(betaIds.only), both: await betaOwner(betaIds.both), survivors: await betaOwner(betaIds.survivors) });
  const npsOwner = async (id: number) => (await strapi.db.connection('after_sales_nps_invitations').where({ id }).first()).customer_document_id;
  const carePlanCustomer = async () => (await strapi.db.query('api::care-plan.care-plan').findOne({ where: { documentId: carePlan }, populate: ['customer'] }))?.customer?.documentId ?? null;

  beforeAll(async () => {
    survivor = await createCustomer(strapi, { name: '孙八', phone: '+86 137 0013 7000', email: null, wechat: null, address: null, notes: '老客户' });
    merged = await createCustomer(strapi, {
      name: '孙八 (网站)',
      phone: '137-0013-7000',
      email: 'sun.ba@example.cn',
      wechat: 'wx_sun',
      address: null,
      notes: '下午回电',
      contactConsent: true,
      contactConsentAt: '2026-05-01T00:00:00.000Z',
    });
    itemDocs.feedback = (await strapi.documents(uid('feedback') as any).create({ data: { channel: 'hotline', symptom: '不出风', customer: merged.documentId, department } as any })).documentId;
    itemDocs.complaint = (await strapi.documents(uid('complaint') as any).create({ data: { description: '多次维修未果', customer: merged.documentId, department } as any })).documentId;
    itemDocs['service-record'] = (await strapi.documents(uid('service-record') as any).create({ data: { kind: 'onsite-repair', customer: merged.documentId, department } as any })).documentId;
    await plugin('audit').append({ contentType: CUSTOMER, documentId: merged.documentId, action: 'privacy.note', actor: { kind: 'system', id: null, name: 'test' }, note: 'about the merged record' });
    await plugin('outbox').enqueue({
      dedupeKey: `test-${merged.documentId}`,
      contentType: CUSTOMER,
      documentId: merged.documentId,
      templateKey: 'test',
      channel: 'email',
      recipient: 'sun.ba@example.cn',
      subject: 'hello',
      bodyText: 'hi',
      bodyHtml: null,
      trigger: 'test',
    });
    await plugin('thread').append({ contentType: CUSTOMER, documentId: merged.documentId, kind: 'note', author: { kind: 'system', name: 'test' }, bodyText: 'a note' });
    // A care plan made for the merged record, and its loyalty answers: campaign 901 reached only the
    // merged record, 902 reached both records of the person (one answer per person and campaign).
    carePlan = (await strapi.documents('api::care-plan.care-plan' as any).create({ data: { name: '孙八 月度回访', customer: merged.documentId, every: 1, unit: 'months', channel: 'phone' } as any }))
      .documentId;
    npsIds.only = await invite(901, merged.documentId, { score: 9, comment: '很好' });
    npsIds.both = await invite(902, merged.documentId);
    npsIds.survivors = await invite(902, survivor.documentId, { score: 7, comment: '还行' });
    const betaTest = async (name: string) =>
      insertRow('after_sales_beta_tests', { improvement_document_id: 'merge-test-record', name, questions: '[]', invited: 2, created_at: new Date().toISOString() });
    const [testA, testB] = [await betaTest('合并测试 A'), await betaTest('合并测试 B')];
    betaIds.only = await betaInvite(testA, merged.documentId, { fixed: 'yes', note: '不再漏水' });
    betaIds.both = await betaInvite(testB, merged.documentId);
    betaIds.survivors = await betaInvite(testB, survivor.documentId, { fixed: 'no' });
    // Units imported for field actions: SN-1 only the merged record's, SN-2 imported for both records; and a unit of a recall.
    unitIds.only = await imported(merged.documentId, 'SN-1');
    unitIds.both = await imported(merged.documentId, 'SN-2');
    unitIds.survivors = await imported(survivor.documentId, 'SN-2');
    unitIds.recall = await insertRow('after_sales_field_action_units', {
      field_action_id: 1,
      improvement_document_id: 'merge-test-record',
      unit_key: `${merged.documentId}|PR-70|B2601|SN-1`,
      customer_document_id: merged.documentId,
      model: 'PR-70',
      batch: 'B2601',
      serial_number: 'SN-1',
      service_record_document_id: 'merge-test-service-record',
      created_at: new Date().toISOString(),
    });
  });

  it('proposes customers sharing a phone or email', async () => {
    expect((await http().get('/after-sales/customers/duplicates').set(as('after-sales-agent'))).status).toBe(403);
    const res = await http().get('/after-sales/customers/duplicates').set(as('after-sales-manager'));
    expect(res.status).toBe(200);
    const group = res.body.data.find((g: any) => g.customers.some((c: any) => c.documentId === merged.documentId));
    expect(group).toEqual({
      sharedBy: ['phone'],
      customers: [expect.objectContaining({ documentId: survivor.documentId, items: 0 }), expect.objectContaining({ documentId: merged.documentId, items: 3 })],
    });
  });

  it('merge moves everything to the survivor, is audited, and refuses bad input by field', async () => {
    expect((await http().post('/after-sales/customers/merges').set(as('after-sales-agent')).send({ survivor: survivor.documentId, merged: merged.documentId })).status).toBe(403);
    const same = await http().post('/after-sales/customers/merges').set(as('after-sales-manager')).send({ survivor: survivor.documentId, merged: survivor.documentId });
    expect(same.status).toBe(400);
    expect(same.body.error.details.errors[0].path).toEqual(['merged']);
    const missing = await http().post('/after-sales/customers/merges').set(as('after-sales-manager')).send({ survivor: survivor.documentId, merged: 'nope' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['merged']);

    const res = await http().post('/after-sales/customers/merges').set(as('after-sales-manager')).send({ survivor: survivor.documentId, merged: merged.documentId });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ survivor: survivor.documentId, merged: merged.documentId, moved: { items: 3, related: 1, records: 3, proposals: 0, nps: 1, beta: 1, units: 2 } });
    mergeId = res.body.data.id;

    expect(await strapi.db.query(CUSTOMER).findOne({ where: { documentId: merged.documentId } })).toBeNull();
    for (const [name, documentId] of Object.entries(itemDocs)) {
      const item = await strapi.db.query(uid(name)).findOne({ where: { documentId }, populate: ['customer'] });
      expect({ name, customer: item.customer?.documentId }).toEqual({ name, customer: survivor.documentId });
    }
    const after = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: survivor.documentId } });
    expect(after).toMatchObject({ email: 'sun.ba@example.cn', emailNormalized: 'sun.ba@example.cn', wechat: 'wx_sun', notes: '老客户\n\n下午回电', contactConsent: true });
    const knex = strapi.db.connection;
    expect(await knex('after_sales_outbox').where({ content_type: CUSTOMER, document_id: survivor.documentId }).count({ n: '*' })).toEqual([{ n: expect.anything() }]);
    expect(Number((await knex('after_sales_outbox').where({ content_type: CUSTOMER, document_id: survivor.documentId }).count({ n: '*' }))[0].n)).toBe(1);
    expect(Number((await knex('after_sales_thread_entries').where({ content_type: CUSTOMER, document_id: survivor.documentId }).count({ n: '*' }))[0].n)).toBe(1);
    const audit = await knex('after_sales_audit_events').where({ content_type: CUSTOMER, document_id: survivor.documentId }).orderBy('id');
    expect(audit.map((e: any) => e.action)).toEqual(expect.arrayContaining(['privacy.note', 'customer.merge']));
    const event = audit.find((e: any) => e.action === 'customer.merge');
    expect(event).toMatchObject({ actor_kind: 'admin', actor_id: String(sessions['after-sales-manager'].id) });
    expect(JSON.parse(event.note)).toMatchObject({ merge: mergeId, merged: merged.documentId });
    expect(Number((await knex('after_sales_audit_events').where({ document_id: merged.documentId }).count({ n: '*' }))[0].n)).toBe(0);
    // The care plan follows the person; so do their loyalty answers, but for a campaign that reached
    // both records, where the survivor's invitation stays the one.
    expect(await carePlanCustomer()).toBe(survivor.documentId);
    expect({ only: await npsOwner(npsIds.only), both: await npsOwner(npsIds.both), survivors: await npsOwner(npsIds.survivors) }).toEqual({
      only: survivor.documentId,
      both: merged.documentId,
      survivors: survivor.documentId,
    });
    // Their beta-test invitations with the answers on them, by the same rule.
    expect(await betaOwners()).toEqual({ only: survivor.documentId, both: merged.documentId, survivors: survivor.documentId });
    expect(JSON.parse((await strapi.db.connection('after_sales_beta_invitations').where({ id: betaIds.only }).first()).answers)).toEqual({ fixed: 'yes', note: '不再漏水' });
    // Their units too: the imported unit both records had stays the survivor's one; the recall's unit follows the person.
    expect({
      only: await unitOwner('after_sales_imported_units', unitIds.only),
      both: await unitOwner('after_sales_imported_units', unitIds.both),
      survivors: await unitOwner('after_sales_imported_units', unitIds.survivors),
      recall: await unitOwner('after_sales_field_action_units', unitIds.recall),
    }).toEqual({ only: survivor.documentId, both: merged.documentId, survivors: survivor.documentId, recall: survivor.documentId });
  });

  it('the merge is undone within 30 days: the record, its items and the survivor as they were', async () => {
    const list = await http().get('/after-sales/customers/merges').query({ customer: survivor.documentId }).set(as('after-sales-manager'));
    expect(list.body.data).toEqual([expect.objectContaining({ id: mergeId, undoable: true })]);
    const res = await http().post(`/after-sales/customers/merges/${mergeId}/undo`).set(as('after-sales-manager'));
    expect(res.status).toBe(200);
    const restored = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: merged.documentId } });
    expect(restored).toMatchObject({ id: merged.id, name: '孙八 (网站)', email: 'sun.ba@example.cn', wechat: 'wx_sun' });
    for (const [name, documentId] of Object.entries(itemDocs)) {
      const item = await strapi.db.query(uid(name)).findOne({ where: { documentId }, populate: ['customer'] });
      expect({ name, customer: item.customer?.documentId }).toEqual({ name, customer: merged.documentId });
    }
    const back = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: survivor.documentId } });
    expect(back).toMatchObject({ email: null, wechat: null, notes: '老客户' });
    const knex = strapi.db.connection;
    expect(Number((await knex('after_sales_outbox').where({ content_type: CUSTOMER, document_id: merged.documentId }).count({ n: '*' }))[0].n)).toBe(1);
    expect((await knex('after_sales_audit_events').where({ document_id: merged.documentId }).orderBy('id')).map((e: any) => e.action)).toEqual(['privacy.note', 'customer.merge-undone']);
    expect(await carePlanCustomer()).toBe(merged.documentId);
    expect(await npsOwner(npsIds.only)).toBe(merged.documentId);
    expect(await npsOwner(npsIds.survivors)).toBe(survivor.documentId);
    expect(await betaOwners()).toEqual({ only: merged.documentId, both: merged.documentId, survivors: survivor.documentId });
    expect([await unitOwner('after_sales_imported_units', unitIds.only), await unitOwner('after_sales_field_action_units', unitIds.recall)]).toEqual([merged.documentId, merged.documentId]);
    expect(await unitOwner('after_sales_imported_units', unitIds.survivors)).toBe(survivor.documentId);
    expect((await http().post(`/after-sales/customers/merges/${mergeId}/undo`).set(as('after-sales-manager'))).status).toBe(409);
  });

  it('snapshots older than 30 days are purged by the job; such a merge can no longer be undone', async () => {
    const res = await http().post('/after-sales/customers/merges').set(as('after-sales-manager')).send({ survivor: survivor.documentId, merged: merged.documentId });
    expect(res.status).toBe(201);
    const knex = strapi.db.connection;
    await knex('after_sales_customer_merges')
      .where({ id: res.body.data.id })
      .update({ expires_at: Date.now() - 1000 });
    expect(await plugin('jobs').tick('customers.purge-merge-snapshots')).toEqual({ ran: true, result: { purged: 1 } });
    expect((await knex('after_sales_customer_merges').where({ id: res.body.data.id }).first()).snapshot).toBeNull();
    const undo = await http().post(`/after-sales/customers/merges/${res.body.data.id}/undo`).set(as('after-sales-manager'));
    expect(undo.status).toBe(409);
    expect(undo.body.error.details.code).toBe('merge-expired');
  });
});

describe('the customer page', () => {
  const WU = { name: '吴九', phone: '+86 136 0013 6000', email: 'wu.jiu@example.cn', wechat: 'wx_wu_jiu', address: '上海市徐汇区漕溪北路 1 号', notes: '喜欢电话联系' };
  const CLEAR = ['136 0013 6000', '13600136000', '0013', 'wu.jiu@', 'wx_wu_jiu', '漕溪北路'];
  let wu: string;

  beforeAll(async () => {
    wu = (await createCustomer(strapi, WU)).documentId;
    const product = await createProduct(strapi, { modelCode: 'AP-300', name: '空气净化器', warrantyMonths: 24 });
    const feedback = await strapi
      .documents(uid('feedback') as any)
      .create({ data: { channel: 'hotline', symptom: '异响', customer: wu, department, product: product.documentId, batch: 'B2401' } as any });
    await strapi.documents(uid('service-record') as any).create({
      data: { kind: 'onsite-repair', customer: wu, department, product: product.documentId, batch: 'B2401', serialNumber: 'SN-0001', purchaseDate: '2025-03-15' } as any,
    });
    // A case of another department: agents of after-sales do not read it.
    await strapi.documents(uid('complaint') as any).create({ data: { description: '质量投诉', customer: wu, department: (await ensureDepartments(strapi)).quality.documentId } as any });
    await plugin('outbox').enqueue({
      dedupeKey: `ack-${feedback.documentId}`,
      contentType: uid('feedback'),
      documentId: feedback.documentId,
      reference: feedback.reference,
      templateKey: 'feedback.received',
      channel: 'email',
      recipient: WU.email,
      subject: `您好, 我们会致电 ${WU.phone}`,
      bodyText: 'x',
      bodyHtml: null,
      trigger: 'test',
    });
    await plugin('thread').append({
      contentType: uid('feedback'),
      documentId: feedback.documentId,
      kind: 'message-in',
      channel: 'email',
      author: { kind: 'customer', name: WU.name },
      bodyText: `请回电 ${WU.phone} 或写信 ${WU.email}`,
    });
    await strapi.db.connection('after_sales_surveys').insert({
      token_hash: 'h'.repeat(64),
      content_type: uid('feedback'),
      document_id: feedback.documentId,
      reference: feedback.reference,
      locale: 'zh-Hans',
      expires_at: Date.now() + 1e9,
      answered_at: new Date().toISOString(),
      score: 4,
      comment: `满意,有事打 ${WU.phone}`,
      created_at: new Date().toISOString(),
    });
  });

  it.each([
    ['after-sales-agent', 'masked'],
    ['sales', 'masked'],
    ['technical-engineer', 'hidden'],
    ['after-sales-manager', 'full'],
    ['super-admin', 'full'],
  ])('%s sees contact data %s, and everything else', async (code, sees) => {
    const res = await http().get(`/after-sales/customers/${wu}`).set(as(code));
    expect(res.status).toBe(200);
    const page = res.body.data;
    const text = JSON.stringify(page);
    expect(page.customer.name).toBe(WU.name);
    if (sees === 'full') {
      expect(page.customer).toMatchObject({ phone: WU.phone, email: WU.email, wechat: WU.wechat });
      expect(page.messages.find((m: any) => m.direction === 'out').recipient).toBe(WU.email);
    } else {
      for (const clear of CLEAR) expect({ code, leaked: text.includes(clear) ? clear : null }).toEqual({ code, leaked: null });
      expect(page.customer).not.toHaveProperty('phoneNormalized');
      if (sees === 'masked') {
        expect(page.customer).toMatchObject({ phone: '136****6000', email: 'w***@example.cn' });
        // Sales read complaints only (not the feedback the messages belong to).
        if (code === 'after-sales-agent') expect(page.messages.find((m: any) => m.direction === 'in').text).toBe('请回电 136****6000 或写信 w***@example.cn');
        else expect(page.messages).toEqual([]);
      } else {
        for (const field of ['phone', 'email', 'wechat', 'address']) expect(page.customer).not.toHaveProperty(field);
      }
    }
  });

  it('lists cases, units with warranty end, messages, satisfaction and consents', async () => {
    const res = await http().get(`/after-sales/customers/${wu}`).set(as('after-sales-agent'));
    const page = res.body.data;
    expect(page.cases.map((c: any) => c.kind).sort()).toEqual(['feedback', 'service-record']);
    expect(page.hiddenCases).toBe(1);
    expect(page.units).toEqual(expect.arrayContaining([expect.objectContaining({ model: 'AP-300', batch: 'B2401', serialNumber: 'SN-0001', purchaseDate: '2025-03-15', warrantyEnd: '2027-03-15' })]));
    expect(page.satisfaction).toEqual([expect.objectContaining({ score: 4, comment: '满意,有事打 136****6000' })]);
    expect(page.consents).toEqual({ contactConsent: false, contactConsentAt: null, preferredChannel: null });
    const manager = (await http().get(`/after-sales/customers/${wu}`).set(as('after-sales-manager'))).body.data;
    expect(manager.cases).toHaveLength(3);
  });

  it('refuses a role that may not read customers, and an unknown customer', async () => {
    expect((await http().get(`/after-sales/customers/${wu}`).set(as('knowledge-editor'))).status).toBe(403);
    expect((await http().get('/after-sales/customers/nope').set(as('super-admin'))).status).toBe(404);
    expect((await http().get(`/after-sales/customers/${wu}`)).status).toBe(401);
  });
});
