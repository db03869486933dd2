import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

/**
 * Complaint rate per responsible unit and person (#25, 001 三.4) on the Reports page: complaints of a
 * month counted by hand against the section, over feedback handled and over imported orders.
 */
const SECTION = 'after-sales.complaint-rates.by-unit-and-person';
const MONTH = '2031-04';
const IN_MONTH = '2031-04-15T04:00:00.000Z';
let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
let manager: AdminSession;
let agent: AdminSession;

const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({
  get: (path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`),
  put: (path: string, body: object) => http().put(path).set('Authorization', `Bearer ${session.token}`).send(body),
});
const section = async () => {
  const res = await as(manager).get(`/after-sales/reports/sections?month=${MONTH}`);
  expect(res.status).toBe(200);
  const found = res.body.data.find((s: { id: string }) => s.id === SECTION);
  expect(found).toMatchObject({ status: 'ok' });
  return found.data as { columns: { key: string }[]; rows: Record<string, unknown>[]; note: { en: string } };
};
const setBase = (base: string) => as(manager).put('/after-sales/extensions/after-sales.complaint-rates/configuration', { data: { base } });

/** A complaint created in the month, with its responsible unit and person written as the workflow would. */
const complaint = async (unit: keyof typeof departments, person: string | null) => {
  const customer = await createCustomer(strapi);
  const doc = await strapi.documents('api::complaint.complaint').create({
    data: { description: '投诉', customer: customer.documentId, seriousness: 'minor', responsibleDepartment: departments[unit].documentId, responsiblePerson: person } as any,
  });
  await strapi.db
    .connection('complaints')
    .where({ document_id: doc.documentId })
    .update({ created_at: strapi.db.dialect.client === 'sqlite' ? Date.parse(IN_MONTH) : IN_MONTH });
};
const handledFeedback = async (unit: keyof typeof departments, count: number) => {
  for (let i = 0; i < count; i++) {
    const doc = await strapi.documents('api::feedback.feedback').create({ data: { symptom: '卡纸', channel: 'hotline', department: departments[unit].documentId } as any });
    await strapi.db
      .connection('feedbacks')
      .where({ document_id: doc.documentId })
      .update({ created_at: strapi.db.dialect.client === 'sqlite' ? Date.parse(IN_MONTH) : IN_MONTH });
  }
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  // By hand: after-sales 3 (吴客服 2, Zhou 1) over 10 handled; sales 2 (刘业务 1, nobody named 1), no feedback handled.
  await complaint('after-sales', '吴客服');
  await complaint('after-sales', ' 吴客服');
  await complaint('after-sales', 'Zhou');
  await complaint('sales', '刘业务');
  await complaint('sales', null);
  await handledFeedback('after-sales', 10);
});
afterAll(async () => {
  await setBase('items-handled');
  await stopStrapi(strapi);
});

describe('complaint rate per responsible unit and person', () => {
  it('over the feedback a unit handled (the default): sales has complaints but no rate, and the note says why', async () => {
    const data = await section();
    expect(data.columns.map((c) => c.key)).toEqual(['unit', 'person', 'complaints', 'base', 'rate']);
    expect(data.rows).toEqual([
      { unit: expect.stringContaining('After-sales'), person: null, complaints: 3, base: 10, rate: 30 },
      { unit: expect.stringContaining('After-sales'), person: '吴客服', complaints: 2, base: 10, rate: 20 },
      { unit: expect.stringContaining('After-sales'), person: 'Zhou', complaints: 1, base: 10, rate: 10 },
      { unit: expect.stringContaining('Sales'), person: null, complaints: 2, base: null, rate: null },
      { unit: expect.stringContaining('Sales'), person: '刘业务', complaints: 1, base: null, rate: null },
    ]);
    expect(data.note.en).toContain('feedback items the unit handled');
  });

  it('over imported orders: the CSV is taken whole or refused naming its lines, and the base changes the figures', async () => {
    const refused = await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders\n${MONTH},sales,400\n${MONTH},logistics,10\n2031-4,quality,1` });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('line 4, month');
    expect((await as(manager).get(`/after-sales/complaint-rates/volumes?from=${MONTH}&to=${MONTH}`)).body.data).toEqual([]);
    const unknownUnit = await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders\n${MONTH},logistics,10` });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.message).toContain('line 2, department');
    expect((await as(manager).put('/after-sales/complaint-rates/volumes', {})).status).toBe(400);

    // The admin form's preview: every check, the lines as they would be saved (blank lines keep the numbering), nothing saved.
    const preview = await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders,deliveries\n\n${MONTH},sales,400,380`, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toEqual({ imported: 0, preview: [{ line: 3, month: MONTH, department: 'sales', orders: 400, deliveries: 380 }] });
    const previewUnknown = await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders\n\n${MONTH},logistics,10`, dryRun: true });
    expect(previewUnknown.status).toBe(400);
    expect(previewUnknown.body.error.details.errors[0]).toMatchObject({ path: ['csv', 'line 3, department'], code: 'volume-unknown-department', values: { value: 'logistics' } });
    expect((await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders\n${MONTH},sales,1`, dryRun: 'yes' })).body.error.details.errors[0].path).toEqual(['dryRun']);
    expect((await as(manager).get(`/after-sales/complaint-rates/volumes?from=${MONTH}&to=${MONTH}`)).body.data).toEqual([]);

    const imported = await as(manager).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders,deliveries\n${MONTH},sales,400,380\n${MONTH},after-sales,600,` });
    expect(imported.status).toBe(200);
    expect(imported.body.data).toEqual({ imported: 2 });
    const listed = await as(manager).get(`/after-sales/complaint-rates/volumes?from=${MONTH}&to=${MONTH}`);
    expect(listed.body.data.map((v: any) => [v.department, v.orders, v.deliveries])).toEqual([
      ['after-sales', 600, null],
      ['sales', 400, 380],
    ]);
    const audit = await strapi.db.connection('after_sales_audit_events').where({ action: 'complaint-rates.import' }).count({ n: '*' });
    expect(Number(audit[0].n)).toBe(1);

    expect((await setBase('orders')).status).toBe(200);
    let data = await section();
    expect(data.rows.map((r) => [r.person, r.complaints, r.base, r.rate])).toEqual([
      [null, 3, 600, 0.5],
      ['吴客服', 2, 600, 0.33],
      ['Zhou', 1, 600, 0.17],
      [null, 2, 400, 0.5],
      ['刘业务', 1, 400, 0.25],
    ]);
    expect(data.note.en).toContain('orders');

    expect((await setBase('deliveries')).status).toBe(200);
    data = await section();
    expect(data.rows.map((r) => [r.person, r.base, r.rate])).toEqual([
      [null, null, null],
      ['吴客服', null, null],
      ['Zhou', null, null],
      [null, 380, 0.53],
      ['刘业务', 380, 0.26],
    ]);
    expect((await setBase('per-head')).status).toBe(400);
  });

  it('an agent may read reports only if granted, and may not import the base', async () => {
    const res = await as(agent).put('/after-sales/complaint-rates/volumes', { csv: `month,department,orders\n${MONTH},sales,1` });
    expect(res.status).toBe(403);
    expect((await as(manager).get('/after-sales/complaint-rates/volumes?from=2031-13&to=2031-04')).status).toBe(400);
  });
});
