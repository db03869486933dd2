import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createApiUser } from '../helpers/auth';
import { createCustomer, createFeedback, createProduct, ensureDepartments } from '../helpers/fixtures';
import { rowCounts } from '../helpers/db-snapshot';

let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const LIST = '/api/after-sales/staff/feedback';
const ACTION = 'plugin::after-sales.public-api.staffList';

const staffUser = async (profile: { departments: string[]; seesAllDepartments?: boolean; seesContactData?: boolean }) => {
  const { user, jwt } = await createApiUser(strapi, [ACTION]);
  await strapi.db.query('plugin::after-sales.staff-profile').create({
    data: { user: user.id, departments: profile.departments.map((c) => departments[c].id), seesAllDepartments: !!profile.seesAllDepartments, seesContactData: !!profile.seesContactData },
  });
  return { Authorization: `Bearer ${jwt}` };
};

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  const customer = await createCustomer(strapi, { phone: '13800138000', email: 'wang@example.cn' });
  const product = await createProduct(strapi, { modelCode: 'RC-5' });
  const clock = strapi.plugin('after-sales').service('clock');
  // Received at the end of 2019 (a due date before the item existed is refused), long overdue.
  clock.set(new Date('2019-12-31T02:00:00.000Z'));
  await createFeedback(strapi, {
    symptom: 'as-1',
    department: departments['after-sales'].documentId,
    customer: customer.documentId,
    product: product.documentId,
    batch: 'C2311',
    severity: 'urgent',
    acknowledgeBy: '2020-01-01T00:00:00.000Z',
  });
  clock.set(null);
  await createFeedback(strapi, { symptom: 'as-2', department: departments['after-sales'].documentId, severity: 'general' });
  await createFeedback(strapi, { symptom: 'tech-1', department: departments.technical.documentId, severity: 'important', product: product.documentId, batch: 'C2311' });
  clock.set(null);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const symptoms = (res: request.Response) => res.body.data.map((d: { symptom: string }) => d.symptom).sort();

describe('GET /api/after-sales/staff/:collection', () => {
  it('scopes to the caller’s departments, hides contact data without the right', async () => {
    const agent = await staffUser({ departments: ['after-sales'] });
    const res = await http().get(LIST).set(agent);
    expect(res.status).toBe(200);
    expect(symptoms(res)).toEqual(['as-1', 'as-2']);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 2 });
    expect(JSON.stringify(res.body)).not.toMatch(/13800138000|wang@example\.cn|trackingTokenHash/);
    expect(res.body.data.find((item: { customer: unknown }) => item.customer).customer).toMatchObject({ phone: '138****8000', email: 'w***@example.cn' });
    const engineer = await staffUser({ departments: ['technical'] });
    expect(symptoms(await http().get(LIST).set(engineer))).toEqual(['tech-1']);
  });

  it('shows contact data to a profile allowed to see it, and everything to a manager', async () => {
    const manager = await staffUser({ departments: [], seesAllDepartments: true, seesContactData: true });
    const res = await http().get(LIST).set(manager);
    expect(symptoms(res)).toEqual(['as-1', 'as-2', 'tech-1']);
    expect(JSON.stringify(res.body)).toContain('13800138000');
  });

  it('filters by state, severity, overdue, product, batch, department and dates, and pages', async () => {
    const manager = await staffUser({ departments: [], seesAllDepartments: true });
    const get = async (query: Record<string, string>) => symptoms(await http().get(LIST).query(query).set(manager));
    expect(await get({ severity: 'urgent' })).toEqual(['as-1']);
    expect(await get({ overdue: 'true' })).toEqual(['as-1']);
    expect(await get({ product: 'RC-5', batch: 'C2311' })).toEqual(['as-1', 'tech-1']);
    expect(await get({ department: 'technical' })).toEqual(['tech-1']);
    expect(await get({ state: 'received,acknowledged' })).toEqual(['as-1', 'as-2', 'tech-1']);
    expect(await get({ from: '2999-01-01' })).toEqual([]);
    const page = await http().get(LIST).query({ pageSize: '2', page: '2', sort: 'createdAt:asc' }).set(manager);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
  });

  it('refuses bad parameters with 400 naming each, and callers without permission or profile', async () => {
    const manager = await staffUser({ departments: [], seesAllDepartments: true });
    const before = await rowCounts(strapi);
    const res = await http()
      .get(LIST)
      .query({ pageSize: '100000', state: 'flying', severity: "urgent' OR 1=1", from: 'yesterday', populate: '*', 'filters[customer][phone][$startsWith]': '138' })
      .set(manager);
    expect(res.status).toBe(400);
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['pageSize', 'state', 'severity', 'from', 'populate', 'filters']));
    expect(await rowCounts(strapi)).toEqual(before);
    expect((await http().get(LIST)).status).toBe(403);
    const { jwt } = await createApiUser(strapi, [ACTION]);
    expect(
      (
        await http()
          .get(LIST)
          .set({ Authorization: `Bearer ${jwt}` })
      ).status
    ).toBe(403);
    expect((await http().get('/api/after-sales/staff/customers').set(manager)).status).toBe(404);
  });
});
