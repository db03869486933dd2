import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

/**
 * Issue 16, items 1 and 3: every customer a response carries (lists and edit views of items, the
 * relation endpoints, the content API with any populate) is shown as the caller may read it, and
 * nobody filters, sorts or searches by contact data they cannot read.
 */
type Sees = 'full' | 'masked' | 'hidden';
const ROLES: { code: string; sees: Sees; reads: string[]; own?: string[] }[] = [
  { code: 'after-sales-agent', sees: 'masked', reads: ['feedback', 'complaint', 'service-record', 'customer'] },
  { code: 'technical-engineer', sees: 'hidden', reads: ['feedback', 'complaint', 'service-record', 'customer'] },
  { code: 'quality-engineer', sees: 'hidden', reads: ['feedback', 'complaint', 'service-record', 'customer'] },
  // Sales read the feedback they registered themselves (case owner), none of the others'.
  { code: 'sales', sees: 'masked', reads: ['complaint', 'customer'], own: ['feedback'] },
  { code: 'knowledge-editor', sees: 'hidden', reads: ['feedback'] },
  { code: 'after-sales-manager', sees: 'full', reads: ['feedback', 'complaint', 'service-record', 'customer'] },
  { code: 'super-admin', sees: 'full', reads: ['feedback', 'complaint', 'service-record', 'customer'] },
];
const ITEMS = ['feedback', 'complaint', 'service-record'] as const;
const uid = (name: string) => `api::${name}.${name}`;
const CM = (name: string) => `/content-manager/collection-types/${uid(name)}`;

const WANG = { name: '王伟', phone: '+86 138 0013 8000', email: 'wang.wei@example.cn', wechat: 'wx_wang_wei', address: '上海市浦东新区张江路 88 号', notes: '老客户, 下午回电' };
/** Any of these in a response is Wang's contact data in clear. */
const CLEAR = ['138 0013 8000', '13800138000', '0013', 'wang.wei@', 'wx_wang_wei', '张江路'];

let strapi: Core.Strapi;
const sessions: Record<string, AdminSession> = {};
const docs: Record<string, string> = {};
let wangId: string;
const http = () => request(strapi.server.httpServer);
const as = (code: string) => ({ Authorization: `Bearer ${sessions[code].token}` });

/** Every customer object anywhere in a body. */
const customersIn = (value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] => {
  if (Array.isArray(value)) value.forEach((v) => customersIn(v, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.name === WANG.name) found.push(record);
    Object.values(record).forEach((v) => customersIn(v, found));
  }
  return found;
};

/** Wang, wherever the body carries him, as a role that `sees` contact data this way. */
const expectWangShownAs = (body: unknown, sees: Sees, where: string) => {
  const text = JSON.stringify(body);
  const customers = customersIn(body);
  expect({ where, count: customers.length }).toEqual({ where, count: expect.any(Number) });
  if (sees === 'full') {
    for (const c of customers) if ('phone' in c) expect({ where, phone: c.phone }).toEqual({ where, phone: WANG.phone });
    return;
  }
  for (const clear of CLEAR) expect({ where, leaked: text.includes(clear) ? clear : null }).toEqual({ where, leaked: null });
  for (const c of customers) {
    for (const field of ['phoneNormalized', 'emailNormalized']) expect({ where, field, present: field in c }).toEqual({ where, field, present: false });
    if (sees === 'hidden') {
      for (const field of ['phone', 'email', 'wechat', 'address', 'notes']) expect({ where, field, present: field in c }).toEqual({ where, field, present: false });
    } else {
      if ('phone' in c) expect({ where, phone: c.phone }).toEqual({ where, phone: '138****8000' });
      if ('email' in c) expect({ where, email: c.email }).toEqual({ where, email: 'w***@example.cn' });
      if ('wechat' in c) expect({ where, wechat: c.wechat }).toEqual({ where, wechat: 'w***' });
      if ('address' in c) expect({ where, address: c.address }).toEqual({ where, address: '上海市***' });
      // Notes are what staff write about the customer: shown as written to the roles that may read them.
      if ('notes' in c) expect({ where, notes: c.notes }).toEqual({ where, notes: WANG.notes });
    }
  }
};

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  for (const role of ROLES) sessions[role.code] = await createAdmin(strapi, role.code);
  // Everyone belongs to the after-sales department: the department scope is not what this file tests.
  await strapi.db.query('api::department.department').update({
    where: { id: departments['after-sales'].id },
    data: { members: ROLES.map((r) => sessions[r.code].id) },
  });
  const wang = await createCustomer(strapi, WANG);
  wangId = wang.documentId;
  await createCustomer(strapi, { name: '李娜', phone: '13900139000', email: 'li.na@example.cn', wechat: null, address: null });
  const department = departments['after-sales'].documentId;
  docs.feedback = (await strapi.documents(uid('feedback') as any).create({ data: { channel: 'hotline', symptom: '净化器异响', customer: wangId, department } as any })).documentId;
  docs.complaint = (await strapi.documents(uid('complaint') as any).create({ data: { description: '多次维修未果', customer: wangId, department } as any })).documentId;
  docs['service-record'] = (await strapi.documents(uid('service-record') as any).create({ data: { kind: 'onsite-repair', customer: wangId, department } as any })).documentId;
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('item 1: customers are masked wherever they are serialised', () => {
  it.each(ROLES)('$code: Content Manager lists and edit views of items, and the customer itself', async ({ code, sees, reads, own }) => {
    for (const item of ITEMS) {
      const list = await http().get(CM(item)).set(as(code));
      if (own?.includes(item)) {
        // Readable only where they are the case owner: not this item, so neither listed nor opened.
        expect({ item, status: list.status }).toEqual({ item, status: 200 });
        expect(customersIn(list.body)).toEqual([]);
        const one = await http()
          .get(`${CM(item)}/${docs[item]}`)
          .set(as(code));
        expect([403, 404]).toContain(one.status);
        continue;
      }
      if (!reads.includes(item)) {
        expect({ item, status: list.status }).toEqual({ item, status: 403 });
        continue;
      }
      expect({ item, status: list.status }).toEqual({ item, status: 200 });
      expect(customersIn(list.body).length).toBeGreaterThan(0);
      expectWangShownAs(list.body, sees, `${item} list`);
      for (const query of ['', '?populate[customer]=*', '?populate=*']) {
        const one = await http()
          .get(`${CM(item)}/${docs[item]}${query}`)
          .set(as(code));
        expect({ item, query, status: one.status }).toEqual({ item, query, status: 200 });
        expectWangShownAs(one.body, sees, `${item} edit view ${query}`);
      }
    }
    if (reads.includes('customer')) {
      const customers = await http().get(CM('customer')).set(as(code));
      expect(customers.status).toBe(200);
      expectWangShownAs(customers.body, sees, 'customer list');
      const one = await http()
        .get(`${CM('customer')}/${wangId}`)
        .set(as(code));
      expect(one.status).toBe(200);
      expectWangShownAs(one.body, sees, 'customer edit view');
      if (sees === 'masked') expect(one.body.data).toMatchObject({ phone: '138****8000', email: 'w***@example.cn' });
      if (sees === 'full') expect(one.body.data).toMatchObject({ phone: WANG.phone, email: WANG.email, wechat: WANG.wechat, address: WANG.address });
    }
  });

  it.each(ROLES)('$code: the relation endpoints of the Content Manager, even with the phone as the relation title', async ({ code, sees, reads }) => {
    const service = strapi.plugin('content-manager').service('content-types');
    for (const item of ITEMS) {
      const contentType = strapi.contentTypes[uid(item) as keyof typeof strapi.contentTypes];
      const configuration = await service.findConfiguration(contentType);
      const metadatas = { ...configuration.metadatas, customer: { ...configuration.metadatas.customer, edit: { ...configuration.metadatas.customer.edit, mainField: 'phone' } } };
      await service.updateConfiguration(contentType, { ...configuration, metadatas });
    }
    for (const item of ITEMS) {
      if (!reads.includes(item)) continue;
      const existing = await http()
        .get(`/content-manager/relations/${uid(item)}/${docs[item]}/customer`)
        .set(as(code));
      expect({ item, status: existing.status }).toEqual({ item, status: 200 });
      expectWangShownAs(existing.body, sees, `${item} relation`);
      if (sees !== 'hidden') expect(JSON.stringify(existing.body)).toContain(sees === 'full' ? WANG.phone : '138****8000');
      const available = await http()
        .get(`/content-manager/relations/${uid(item)}/customer`)
        .set(as(code));
      expect({ item, status: available.status }).toEqual({ item, status: 200 });
      expectWangShownAs(available.body, sees, `${item} available relations`);
    }
  });

  it('the content API with populate=* and nested populate never carries contact data', async () => {
    const token = await (strapi.service('admin::api-token') as any).create({ name: `full-${Date.now()}`, type: 'full-access', lifespan: null });
    const auth = { Authorization: `Bearer ${token.accessKey}` };
    for (const item of ITEMS) {
      const plural = item === 'feedback' ? 'feedbacks' : `${item}s`;
      for (const query of [
        'populate=*',
        'populate[customer]=true',
        'populate[customer][fields][0]=name&populate[customer][fields][1]=phone',
        'populate[customer][populate][feedbacks][populate][customer]=true',
      ]) {
        const res = await http().get(`/api/${plural}?${query}`).set(auth);
        // Selecting a private field is refused by Strapi itself (400); anything else is answered without contact data.
        const asksPrivate = query.includes('=phone');
        expect({ item, query, status: res.status }).toEqual({ item, query, status: asksPrivate ? 400 : 200 });
        if (!asksPrivate) expect(customersIn(res.body).length).toBeGreaterThan(0);
        expectWangShownAs(res.body, 'hidden', `/api/${plural}?${query}`);
      }
    }
    const customers = await http().get('/api/customers?populate=*').set(auth);
    expectWangShownAs(customers.body, 'hidden', '/api/customers');
  });
});

describe('item 3: no filtering, sorting or searching by contact data a role cannot read', () => {
  const refusedOnCustomers = [
    'filters[phone][$startsWith]=%2B86',
    'filters[email][$startsWith]=w',
    'filters[$or][0][wechat][$contains]=wx',
    'filters[address][$contains]=张江',
    'filters[phoneNormalized][$startsWith]=138',
    'sort=phone:ASC',
    'sort[0]=email:desc',
  ];
  const refusedOnItems = [
    'filters[customer][phone][$startsWith]=%2B86',
    'filters[customer][email][$startsWith]=w',
    'filters[$and][0][customer][address][$contains]=张江',
    'filters[$or][0][customer][phoneNormalized][$startsWith]=138',
    'sort=customer.phone:ASC',
    'sort[0][customer][email]=asc',
  ];

  it.each(ROLES.filter((r) => r.sees !== 'full'))('$code: refused with a 400 naming the field', async ({ code, sees, reads }) => {
    if (reads.includes('customer')) {
      for (const query of refusedOnCustomers) {
        const res = await http()
          .get(`${CM('customer')}?${query}`)
          .set(as(code));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.name).toBe('ValidationError');
        expect(res.body.error.message).toMatch(/phone|email|wechat|address|phoneNormalized/);
        expect(JSON.stringify(res.body)).not.toContain('王伟');
      }
      if (sees === 'hidden') {
        const notes = await http()
          .get(`${CM('customer')}?filters[notes][$contains]=${encodeURIComponent('老客户')}`)
          .set(as(code));
        expect(notes.status).toBe(400);
        expect(notes.body.error.message).toContain('notes');
      }
      // The search box finds by name, never by contact data.
      const byPhone = await http()
        .get(`${CM('customer')}?_q=0013`)
        .set(as(code));
      expect(byPhone.status).toBe(200);
      expect(byPhone.body.results).toEqual([]);
      const byEmail = await http()
        .get(`${CM('customer')}?_q=wang.wei`)
        .set(as(code));
      expect(byEmail.body.results).toEqual([]);
      const byName = await http()
        .get(`${CM('customer')}?_q=王伟`)
        .set(as(code));
      expect(byName.body.results.map((c: { name: string }) => c.name)).toEqual(['王伟']);
    }
    for (const item of ITEMS.filter((i) => reads.includes(i))) {
      for (const query of refusedOnItems) {
        const res = await http()
          .get(`${CM(item)}?${query}`)
          .set(as(code));
        expect({ item, query, status: res.status }).toEqual({ item, query, status: 400 });
        expect(res.body.error.message).toMatch(/customer\.(phone|email|address|phoneNormalized)/);
        expect(res.body.error.details.errors[0].path[0]).toMatch(/filters|sort/);
      }
      const populated = await http()
        .get(`${CM(item)}/${docs[item]}?populate[customer][filters][phone][$startsWith]=%2B86`)
        .set(as(code));
      expect(populated.status).toBe(400);
    }
  });

  it.each(ROLES.filter((r) => r.sees === 'full'))('$code: still filters, sorts and searches by contact data', async ({ code }) => {
    const byPhone = await http()
      .get(`${CM('customer')}?filters[phone][$startsWith]=%2B86`)
      .set(as(code));
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.results.map((c: { name: string }) => c.name)).toEqual(['王伟']);
    const sorted = await http()
      .get(`${CM('customer')}?sort=email:ASC`)
      .set(as(code));
    expect(sorted.body.results.map((c: { name: string }) => c.name)).toEqual(['李娜', '王伟']);
    const searched = await http()
      .get(`${CM('customer')}?_q=${encodeURIComponent('138 0013')}`)
      .set(as(code));
    expect(searched.body.results.map((c: { name: string }) => c.name)).toEqual(['王伟']);
    for (const item of ITEMS) {
      const res = await http()
        .get(`${CM(item)}?filters[customer][email][$startsWith]=wang`)
        .set(as(code));
      expect({ item, status: res.status }).toEqual({ item, status: 200 });
      expect(res.body.results).toHaveLength(1);
      const none = await http()
        .get(`${CM(item)}?filters[customer][email][$startsWith]=li.na`)
        .set(as(code));
      expect(none.body.results).toHaveLength(0);
    }
  });

  it('the relation picker does not search by a contact field used as its title', async () => {
    // The previous tests set the phone as the customer relation's title; the picker's search tests that field.
    for (const role of ROLES.filter((r) => r.reads.includes('feedback'))) {
      const res = await http()
        .get(`/content-manager/relations/${uid('feedback')}/customer?_q=${encodeURIComponent('138 0013')}`)
        .set(as(role.code));
      expect({ role: role.code, status: res.status }).toEqual({ role: role.code, status: 200 });
      expect({ role: role.code, found: res.body.results.length }).toEqual({ role: role.code, found: role.sees === 'full' ? 1 : 0 });
      if (role.sees !== 'full') {
        const byName = await http()
          .get(`/content-manager/relations/${uid('feedback')}/customer?_q=${encodeURIComponent('王伟')}`)
          .set(as(role.code));
        expect({ role: role.code, found: byName.body.results.length }).toEqual({ role: role.code, found: 1 });
      }
    }
  });

  it('the content API: refused for every caller, through relations too, and its search skips contact data', async () => {
    const token = await (strapi.service('admin::api-token') as any).create({ name: `full-q-${Date.now()}`, type: 'full-access', lifespan: null });
    const auth = { Authorization: `Bearer ${token.accessKey}` };
    for (const query of refusedOnCustomers) {
      const res = await http().get(`/api/customers?${query}`).set(auth);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    for (const query of refusedOnItems) {
      const res = await http().get(`/api/feedbacks?${query}`).set(auth);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    const searched = await http().get('/api/customers?_q=0013').set(auth);
    expect(searched.status).toBe(200);
    expect(searched.body.data).toEqual([]);
    const byName = await http()
      .get(`/api/customers?_q=${encodeURIComponent('王伟')}`)
      .set(auth);
    expect(byName.body.data.map((c: { name: string }) => c.name)).toEqual(['王伟']);
  });
});
