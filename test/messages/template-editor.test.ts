import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, ensureDepartments } from '../helpers/fixtures';

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let feedback: { documentId: string; reference: string };
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({
  get: (path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`),
  put: (path: string, body: object) => http().put(path).set('Authorization', `Bearer ${session.token}`).send(body),
  del: (path: string) => http().delete(path).set('Authorization', `Bearer ${session.token}`),
  post: (path: string, body: object) => http().post(path).set('Authorization', `Bearer ${session.token}`).send(body),
});
const KEY = 'feedback.acknowledged';

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  const customer = await createCustomer(strapi, { name: '李娜', locale: 'en' });
  feedback = (await strapi.documents('api::feedback.feedback').create({ data: { channel: 'email', symptom: 'The screen flickers', customer: customer.documentId } as any })) as any;
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('the template editor API', () => {
  it('lists every contributed template and shows each language’s default', async () => {
    const list = await as(manager).get('/after-sales/messages/editor/templates');
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining([KEY, 'feedback.resolved', 'feedback.survey', 'complaint.registered']));
    const one = await as(manager).get(`/after-sales/messages/editor/templates/${KEY}`);
    expect(one.status).toBe(200);
    expect(one.body.data.locales.en.source).toBe('default');
    expect(one.body.data.locales['zh-Hans'].source).toBe('default');
    expect(one.body.data.locales.en.body).toContain('{{');
    expect((await as(manager).get('/after-sales/messages/editor/templates/no.such.key')).status).toBe(404);
  });

  it('refuses an unknown variable or a syntax error with 400 naming the field and line', async () => {
    const unknown = await as(manager).put(`/after-sales/messages/editor/templates/${KEY}`, { data: { locale: 'en', subject: 'Hi', body: 'Line one\nDear {{customer.nickname}}' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['body']);
    expect(unknown.body.error.details.errors[0].message).toMatch(/line 2/);
    const syntax = await as(manager).put(`/after-sales/messages/editor/templates/${KEY}`, { data: { locale: 'en', subject: 'Hi {{#if item.reference}}', body: 'x' } });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.details.errors[0].path).toEqual(['subject']);
    const missing = await as(manager).put(`/after-sales/messages/editor/templates/${KEY}`, { data: { locale: 'fr', subject: '', body: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['locale', 'subject']);
    expect(await strapi.db.query('plugin::after-sales.message-template').count({ where: { key: KEY } })).toBe(0);
  });

  it('saves an override that messages then use, and reverting brings the default back', async () => {
    const saved = await as(manager).put(`/after-sales/messages/editor/templates/${KEY}`, {
      data: { locale: 'en', subject: 'We have your case {{item.reference}}', body: 'Dear {{customer.name}},\nthank you. Reference {{item.reference}}.' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.locales.en).toMatchObject({ source: 'saved', version: 1, subject: 'We have your case {{item.reference}}' });
    const preview = await as(manager).post('/after-sales/messages/preview', { key: KEY, locale: 'en', uid: 'api::feedback.feedback', documentId: feedback.documentId });
    expect(preview.status).toBe(200);
    expect(preview.body.data.subject).toBe(`We have your case ${feedback.reference}`);
    expect(preview.body.data.text).toContain('Dear 李娜');

    const again = await as(manager).put(`/after-sales/messages/editor/templates/${KEY}`, { data: { locale: 'en', subject: 'Case {{item.reference}}', body: 'Hello {{customer.name}}' } });
    expect(again.body.data.locales.en.version).toBe(2);
    expect(await strapi.db.query('plugin::after-sales.message-template').count({ where: { key: KEY, locale: 'en' } })).toBe(1);

    const reverted = await as(manager).del(`/after-sales/messages/editor/templates/${KEY}?locale=en`);
    expect(reverted.status).toBe(200);
    expect(reverted.body.data.locales.en.source).toBe('default');
    const back = await as(manager).post('/after-sales/messages/preview', { key: KEY, locale: 'en', uid: 'api::feedback.feedback', documentId: feedback.documentId });
    expect(back.body.data.subject).not.toBe(`Case ${feedback.reference}`);
  });

  it('finds records to preview against by reference', async () => {
    const found = await as(manager).get(`/after-sales/messages/editor/records?q=${feedback.reference.slice(0, 6)}`);
    expect(found.status).toBe(200);
    expect(found.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ reference: feedback.reference, uid: 'api::feedback.feedback', documentId: feedback.documentId })]));
    expect((await as(manager).get(`/after-sales/messages/editor/records?q=${'x'.repeat(41)}`)).status).toBe(400);
  });

  it('needs the "Edit customer message templates" permission', async () => {
    expect((await as(agent).get('/after-sales/messages/editor/templates')).status).toBe(403);
    expect((await as(agent).put(`/after-sales/messages/editor/templates/${KEY}`, { data: { locale: 'en', subject: 'x', body: 'y' } })).status).toBe(403);
  });
});
