import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, createApiUser, crudActions } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi();
  await ensureDepartments(strapi);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

/** A minimal valid body per collection, and a field to change on update. */
const CASES: { plural: string; uid: string; body: () => Record<string, unknown>; update: Record<string, unknown> }[] = [
  { plural: 'customers', uid: 'api::customer.customer', body: () => ({ name: '李娜', segment: 'key' }), update: { segment: 'regular' } },
  { plural: 'products', uid: 'api::product.product', body: () => ({ modelCode: `X-${Date.now()}`, name: 'Kettle' }), update: { warrantyMonths: 24 } },
  { plural: 'departments', uid: 'api::department.department', body: () => ({ code: `dept-${Date.now()}`, name: 'Field service' }), update: { name: 'Field service East' } },
  { plural: 'feedbacks', uid: 'api::feedback.feedback', body: () => ({ channel: 'website', symptom: '无法开机' }), update: { scenario: 'after a power cut' } },
  { plural: 'complaints', uid: 'api::complaint.complaint', body: () => ({ description: 'Rude engineer', cause: 'human' }), update: { customerDemand: 'apology' } },
  { plural: 'service-records', uid: 'api::service-record.service-record', body: () => ({ kind: 'onsite-repair' }), update: { findings: 'fuse blown' } },
  {
    plural: 'knowledge-articles',
    uid: 'api::knowledge-article.knowledge-article',
    body: () => ({ title: `如何复位 ${Date.now()}`, slug: `reset-${Date.now()}`, problem: 'p', solution: 's' }),
    update: { cause: 'c' },
  },
];

describe.each(CASES)('REST CRUD of $plural', ({ plural, uid, body, update }) => {
  it('refuses anonymous writes', async () => {
    expect((await http().post(`/api/${plural}`).send({ data: body() })).status).toBe(403);
  });

  it('lets a user holding the permissions create, read, update and delete', async () => {
    const { jwt } = await createApiUser(strapi, crudActions(uid));
    const auth = { Authorization: `Bearer ${jwt}` };
    const created = await http().post(`/api/${plural}`).set(auth).send({ data: body() });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect(documentId).toEqual(expect.any(String));

    const read = await http().get(`/api/${plural}/${documentId}`).set(auth);
    expect(read.status).toBe(200);
    expect(read.body.data.documentId).toBe(documentId);

    const listed = await http().get(`/api/${plural}`).set(auth);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((d: { documentId: string }) => d.documentId)).toContain(documentId);

    const updated = await http().put(`/api/${plural}/${documentId}`).set(auth).send({ data: update });
    expect(updated.status).toBe(200);
    const [field, value] = Object.entries(update)[0];
    expect(updated.body.data[field]).toEqual(value);

    expect((await http().delete(`/api/${plural}/${documentId}`).set(auth)).status).toBe(204);
    expect((await http().get(`/api/${plural}/${documentId}`).set(auth)).status).toBe(404);
  });

  it('refuses the actions a role does not hold', async () => {
    const { jwt } = await createApiUser(strapi, crudActions(uid, ['find', 'findOne']));
    const auth = { Authorization: `Bearer ${jwt}` };
    expect((await http().get(`/api/${plural}`).set(auth)).status).toBe(200);
    expect((await http().post(`/api/${plural}`).set(auth).send({ data: body() })).status).toBe(403);
  });

  it('rejects invalid input with a 400 naming the field', async () => {
    const { jwt } = await createApiUser(strapi, crudActions(uid, ['create']));
    const invalid = { ...body(), [Object.keys(body())[0]]: { $ne: null } };
    const res = await http()
      .post(`/api/${plural}`)
      .set({ Authorization: `Bearer ${jwt}` })
      .send({ data: invalid });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(Object.keys(body())[0]);
  });
});

describe('public role', () => {
  it('reads published knowledge articles only', async () => {
    const uid = 'api::knowledge-article.knowledge-article';
    const published = await strapi.documents(uid).create({
      locale: 'zh-Hans',
      status: 'published',
      data: { title: '已发布', slug: 'published-one', problem: 'p', solution: 's' },
    } as any);
    const draft = await strapi.documents(uid).create({ locale: 'zh-Hans', data: { title: '草稿', slug: 'draft-one', problem: 'p', solution: 's' } } as any);

    const res = await http().get('/api/knowledge-articles').query({ locale: 'zh-Hans' });
    expect(res.status).toBe(200);
    const slugs = res.body.data.map((a: { slug: string }) => a.slug);
    expect(slugs).toContain('published-one');
    expect(slugs).not.toContain('draft-one');
    expect((await http().get(`/api/knowledge-articles/${published.documentId}`)).status).toBe(200);
    expect((await http().get(`/api/knowledge-articles/${draft.documentId}`).query({ status: 'draft' })).status).toBe(404);
    expect((await http().get('/api/knowledge-articles').query({ status: 'draft' })).body.data.map((a: { slug: string }) => a.slug)).not.toContain('draft-one');
  });

  it.each(['feedbacks', 'complaints', 'service-records', 'customers', 'products', 'departments'])('cannot read %s', async (plural) => {
    expect((await http().get(`/api/${plural}`)).status).toBe(403);
  });
});

describe('admin roles in the Content Manager', () => {
  const cm = (uid: string) => `/content-manager/collection-types/${uid}`;

  it('an after-sales agent registers feedback but may not delete it', async () => {
    const agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
    const auth = { Authorization: `Bearer ${agent.token}` };
    const created = await http().post(cm('api::feedback.feedback')).set(auth).send({ channel: 'hotline', symptom: '漏水' });
    expect(created.status).toBe(201);
    expect(created.body.data.reference).toMatch(/^FB-\d{8}-\d{4}$/);
    expect(
      (
        await http()
          .delete(`${cm('api::feedback.feedback')}/${created.body.data.documentId}`)
          .set(auth)
      ).status
    ).toBe(403);
  });

  it('a technical engineer may not register feedback, and sees no customer contact field', async () => {
    const engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
    const auth = { Authorization: `Bearer ${engineer.token}` };
    expect((await http().post(cm('api::feedback.feedback')).set(auth).send({ channel: 'hotline', symptom: 'x' })).status).toBe(403);
    const customer = await strapi.documents('api::customer.customer').create({ data: { name: 'C', phone: '13800138000', email: 'c@example.cn' } as any });
    const res = await http()
      .get(`${cm('api::customer.customer')}/${customer.documentId}`)
      .set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('C');
    expect(res.body.data.phone).toBeUndefined();
    expect(res.body.data.email).toBeUndefined();
  });

  it('a knowledge editor publishes articles but cannot touch feedback', async () => {
    const editor = await createAdmin(strapi, 'knowledge-editor');
    const auth = { Authorization: `Bearer ${editor.token}` };
    const uid = 'api::knowledge-article.knowledge-article';
    const created = await http()
      .post(`${cm(uid)}?locale=zh-Hans`)
      .set(auth)
      .send({ title: '保修政策', slug: 'warranty-x', problem: 'p', solution: 's' });
    expect(created.status).toBe(201);
    const published = await http()
      .post(`${cm(uid)}/${created.body.data.documentId}/actions/publish?locale=zh-Hans`)
      .set(auth)
      .send({});
    expect(published.status).toBe(200);
    expect(
      (
        await http()
          .put(`${cm('api::feedback.feedback')}/any`)
          .set(auth)
          .send({ symptom: 'x' })
      ).status
    ).toBe(403);
  });
});
