import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';

/**
 * The complaint archive (#25, 001 三.2 按月份、用户或产品类型归档): the complaints of a period as lists by
 * month, customer and product category, on screen (JSON) and as a CSV, with the customer's contact
 * data as the viewer's role may read it.
 */
let strapi: Core.Strapi;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
let manager: AdminSession;
let quality: AdminSession;
let agent: AdminSession;

const http = () => request(strapi.server.httpServer);
const get = (session: AdminSession, query: string) => http().get(`/after-sales/complaint-archive?${query}`).set('Authorization', `Bearer ${session.token}`);

const complaint = async (at: string, customer: { documentId: string }, product: { documentId: string } | null, data: Record<string, unknown> = {}) => {
  const doc = await strapi.documents('api::complaint.complaint').create({
    data: { description: '设备无法开机,请回电 13912345678', customer: customer.documentId, product: product?.documentId, seriousness: 'serious', ...data } as any,
  });
  await strapi.db
    .connection('complaints')
    .where({ document_id: doc.documentId })
    .update({ created_at: strapi.db.dialect.client === 'sqlite' ? Date.parse(at) : at });
  return doc;
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  quality = await createAdmin(strapi, 'quality-engineer', { department: 'quality' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  const hospital = await createCustomer(strapi, { name: '李女士', company: '仁爱妇产医院', phone: '+86 139 1111 2222', email: 'li@renai.cn', address: '杭州市西湖区' });
  const clinic = await createCustomer(strapi, { name: '赵先生', company: '康宁诊所', phone: '+86 139 3333 4444' });
  const film = await createProduct(strapi, { modelCode: 'BF-2025A', category: '宝宝微电影' });
  const album = await createProduct(strapi, { modelCode: 'AL-2025B', category: '相册' });
  // By hand: 2025-01: 李 (film, 1 Jan 10:00 Shanghai), 赵 (album); 2025-02: 李 (film), 李 (no product); 2025-03: 赵 (film), outside a Jan–Feb period.
  await complaint('2025-01-01T02:00:00.000Z', hospital, film, {
    orderNumber: 'SO-1001',
    orderDate: '2024-12-01',
    productVersion: 'v2',
    quantity: 3,
    deliveryDate: '2024-12-20',
    price: 1280.5,
    salesHandler: '刘业务',
    cause: 'quality',
    responsibleDepartment: departments.technical.documentId,
    responsiblePerson: '王工',
    resolutionPlan: '重新制作并加急交付',
    agreedBy: '李女士',
    agreedVia: 'phone',
  });
  await complaint('2025-01-20T02:00:00.000Z', clinic, album, { cause: 'human', responsiblePerson: '吴客服', responsibleDepartment: departments['after-sales'].documentId });
  await complaint('2025-02-03T02:00:00.000Z', hospital, film);
  await complaint('2025-02-28T15:30:00.000Z', hospital, null, { seriousness: 'minor' });
  await complaint('2025-03-05T02:00:00.000Z', clinic, film);
  // 2024-12-31T17:00Z is 1 Jan 01:00 in Shanghai: January in the business time zone.
  await complaint('2024-12-31T17:00:00.000Z', clinic, album, { seriousness: 'minor' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('complaint archive lists', () => {
  it('lists a period by month, customer and product category, counted by hand', async () => {
    const byMonth = await get(manager, 'from=2025-01&to=2025-02&by=month');
    expect(byMonth.status).toBe(200);
    expect(byMonth.body.data.total).toBe(5);
    expect(byMonth.body.data.groups.map((g: any) => [g.key, g.count])).toEqual([
      ['2025-01', 3],
      ['2025-02', 2],
    ]);
    // Within a list, oldest first; the business time zone decides the month.
    expect(byMonth.body.data.groups[0].rows.map((r: any) => r.registeredAt)).toEqual(['2024-12-31T17:00:00.000Z', '2025-01-01T02:00:00.000Z', '2025-01-20T02:00:00.000Z']);

    const byCustomer = await get(manager, 'from=2025-01&to=2025-02&by=customer');
    expect(byCustomer.body.data.groups.map((g: any) => [g.label, g.count])).toEqual([
      ['李女士 (仁爱妇产医院)', 3],
      ['赵先生 (康宁诊所)', 2],
    ]);

    const byCategory = await get(manager, 'from=2025-01&to=2025-03&by=category');
    expect(byCategory.body.data.groups.map((g: any) => [g.key, g.count])).toEqual([
      ['宝宝微电影', 3],
      ['相册', 2],
      [null, 1],
    ]);
  });

  it('carries the register’s fields (001 三.2(1)) and the handling', async () => {
    const res = await get(manager, 'from=2025-01&to=2025-01&by=month');
    const row = res.body.data.groups[0].rows.find((r: any) => r.orderNumber === 'SO-1001');
    expect(row).toMatchObject({
      month: '2025-01',
      state: 'registered',
      seriousness: 'serious',
      cause: 'quality',
      customer: { name: '李女士', company: '仁爱妇产医院', phone: '+86 139 1111 2222', email: 'li@renai.cn', address: '杭州市西湖区' },
      product: { model: 'BF-2025A', category: '宝宝微电影' },
      orderDate: '2024-12-01',
      productVersion: 'v2',
      quantity: 3,
      deliveryDate: '2024-12-20',
      price: 1280.5,
      salesHandler: '刘业务',
      responsibleDepartment: expect.any(String),
      responsiblePerson: '王工',
      resolutionPlan: '重新制作并加急交付',
      agreedBy: '李女士',
      agreedVia: 'phone',
    });
    expect(row.reference).toMatch(/^CP/);
    expect(row.stateTitle).toBe('已登记');
    // The manager reads contact data in full, in the texts too.
    expect(row.description).toContain('13912345678');
  });

  it('masks the customer’s contact data as the viewer’s role reads it (the privacy guard)', async () => {
    const res = await get(quality, 'from=2025-01&to=2025-01&by=customer');
    expect(res.status).toBe(200);
    const rows = res.body.data.groups.flatMap((g: any) => g.rows);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.customer.phone ?? '').not.toMatch(/1111 ?2222|3333 ?4444/);
      expect(row.customer.email ?? '').not.toContain('li@renai.cn');
      expect(row.customer.address ?? '').not.toContain('西湖区');
      expect(row.description).not.toContain('13912345678');
    }
    const csv = await get(quality, 'from=2025-01&to=2025-01&by=customer&format=csv&locale=zh-Hans');
    expect(csv.status).toBe(200);
    expect(csv.text).not.toMatch(/1111 ?2222|li@renai\.cn|13912345678/);
  });

  it('exports the lists as a CSV headed in the chosen language, one line per complaint under its list', async () => {
    const res = await get(manager, 'from=2025-01&to=2025-02&by=category&format=csv&locale=zh-Hans');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('complaint-archive-2025-01-2025-02-category.csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[0].split(',').slice(0, 4)).toEqual(['产品类型', '编号', '登记时间', '状态']);
    expect(lines[0]).toContain('办理人员');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['宝宝微电影', '宝宝微电影', '相册', '相册', '未分类']);
    expect(res.text).toContain('+86 139 1111 2222');
    const en = await get(manager, 'from=2025-01&to=2025-01&by=month&format=csv&locale=en');
    expect(en.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Month,Reference,Registered,State/);
  });

  it('writes the state, seriousness, cause and how the customer agreed as labels in the requesting admin’s language, not codes', async () => {
    const line = async (locale: string) => {
      const res = await get(manager, `from=2025-01&to=2025-01&by=month&format=csv&locale=${locale}`);
      expect(res.status).toBe(200);
      return res.text.split('\r\n').find((l) => l.includes('SO-1001'))!;
    };
    const zh = await line('zh-Hans');
    // Month, reference, registered, then state, seriousness and cause; agreed by and via further on.
    expect(zh).toMatch(/^2025-01,CP[^,]*,[^,]+,已登记,严重,产品质量问题,李女士,/);
    expect(zh).toContain(',李女士,电话,');
    const en = await line('en');
    expect(en).toMatch(/^2025-01,CP[^,]*,[^,]+,Registered,Serious,Product quality,李女士,/);
    expect(en).toContain(',李女士,Phone,');
    for (const text of [zh, en]) expect(text).not.toMatch(/,(registered|serious|quality|phone),/);
    // The other complaints' codes too (minor, human).
    const all = (await get(manager, 'from=2025-01&to=2025-02&by=month&format=csv&locale=en')).text;
    expect(all).toContain(',Minor,');
    expect(all).toContain(',Human factor,');
    expect(all).not.toMatch(/,(minor|human),/);
    // The JSON (for the page and for programs) keeps the codes.
    const json = await get(manager, 'from=2025-01&to=2025-01&by=month&locale=en');
    expect(json.body.data.groups[0].rows.find((r: any) => r.orderNumber === 'SO-1001')).toMatchObject({ seriousness: 'serious', cause: 'quality', agreedVia: 'phone', stateTitle: 'Registered' });
  });

  it.each([
    ['', 'from'],
    ['from=2025-13', 'from'],
    ['from=2025-03&to=2025-01', 'to'],
    ['from=2024-01&to=2025-03', 'to'],
    ['from=2025-01&by=product', 'by'],
    ['from=2025-01&format=xlsx', 'format'],
    ['from=2025-01&locale=fr', 'locale'],
    ['from=2025-01&month=2025-01', 'month'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await get(manager, query);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
  });

  it('needs the reports permission', async () => {
    expect((await get(agent, 'from=2025-01')).status).toBe(403);
  });
});
