import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createApiUser, crudActions } from '../helpers/auth';
import { createCustomer, createFeedback } from '../helpers/fixtures';

let strapi: Core.Strapi;
let auth: Record<string, string>;
const http = () => request(strapi.server.httpServer);
const CONTACT = ['phone', 'email', 'wechat', 'address', 'notes', 'phoneNormalized', 'emailNormalized'];

beforeAll(async () => {
  strapi = await bootStrapi();
  const customer = await createCustomer(strapi, { name: '王伟', phone: '13800138000', email: 'wang@example.cn' });
  const other = await createCustomer(strapi, { name: '李娜', phone: '13900139000', email: 'li@example.cn' });
  await createFeedback(strapi, { customer: customer.documentId });
  await createFeedback(strapi, { customer: other.documentId });
  const { jwt } = await createApiUser(strapi, [...crudActions('api::customer.customer', ['find', 'findOne']), ...crudActions('api::feedback.feedback', ['find', 'findOne'])]);
  auth = { Authorization: `Bearer ${jwt}` };
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const expectNoContact = (body: unknown) => {
  const text = JSON.stringify(body);
  for (const value of ['13800138000', 'wang@example.cn', '13900139000', 'li@example.cn', 'wx_wang']) {
    expect(text).not.toContain(value);
  }
};

describe('customer contact data through the content API', () => {
  it('is absent from lists and single reads', async () => {
    const list = await http().get('/api/customers').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    for (const customer of list.body.data) for (const field of CONTACT) expect(customer).not.toHaveProperty(field);
    expectNoContact(list.body);
    const one = await http().get(`/api/customers/${list.body.data[0].documentId}`).set(auth);
    expectNoContact(one.body);
  });

  it('is absent with populate=* and deep populate of the customer relation', async () => {
    for (const query of ['populate=*', 'populate[customer]=*', 'populate[customer][fields][0]=phone', 'fields[0]=symptom&populate[customer][fields][0]=email']) {
      const res = await http().get(`/api/feedbacks?${query}`).set(auth);
      expect([200, 400]).toContain(res.status);
      expectNoContact(res.body);
    }
  });

  it('cannot be used to filter or sort: 400, never a narrowed list', async () => {
    for (const query of ['filters[phone][$startsWith]=138', 'filters[email][$eq]=wang@example.cn', 'filters[$or][0][phone][$contains]=138', 'sort=phone']) {
      const res = await http().get(`/api/customers?${query}`).set(auth);
      expect(res.status).toBe(400);
      expectNoContact(res.body);
    }
    const res = await http().get('/api/feedbacks?filters[customer][phone][$startsWith]=138').set(auth);
    expect(res.status).toBe(400);
  });
});
