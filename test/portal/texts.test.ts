import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';

/** Settings → After-sales → Customer page texts: the company's own wording on the customer pages. */
describe('customer page texts', () => {
  let strapi: Core.Strapi;
  let manager: AdminSession;
  let agent: AdminSession;
  const http = () => request(strapi.server.httpServer);
  const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });

  beforeAll(async () => {
    strapi = await bootStrapi();
    manager = await createAdmin(strapi, 'after-sales-manager');
    agent = await createAdmin(strapi, 'after-sales-agent');
  });
  afterAll(async () => {
    await stopStrapi(strapi);
  });

  it('lists every text of the customer pages with its built-in wording in both languages', async () => {
    const res = await http().get('/after-sales/portal-texts').set(as(manager));
    expect(res.status).toBe(200);
    const home = res.body.data.find((text: { key: string }) => text.key === 'home.title');
    expect(home).toEqual({ key: 'home.title', defaults: { 'zh-Hans': '客户服务', en: expect.any(String) }, texts: {} });
    expect(res.body.data.length).toBeGreaterThan(40);
  });

  it('refuses, naming the text and the language, a placeholder the page does not fill or an unknown key; nothing is saved', async () => {
    const res = await http()
      .put('/after-sales/portal-texts')
      .set(as(manager))
      .send({ data: { 'zh-Hans': { 'home.title': '明亮售后服务' }, en: { 'help.list.count': '{total} articles', 'home.nope': 'x' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['data', 'en', 'help.list.count'], code: 'unknown-placeholder', values: expect.objectContaining({ value: 'total' }) }),
      expect.objectContaining({ path: ['data', 'en', 'home.nope'], code: 'not-allowed' }),
    ]);
    const page = await http().get('/after-sales/portal?lang=zh-Hans');
    expect(page.text).not.toContain('明亮售后服务');
  });

  it('shows the saved texts on the pages (escaped), keeps the built-in ones elsewhere, and audits who changed which', async () => {
    const res = await http()
      .put('/after-sales/portal-texts')
      .set(as(manager))
      .send({ data: { 'zh-Hans': { 'home.title': '明亮<售后>服务' }, en: { 'home.title': '  ' } } });
    expect(res.status).toBe(200);
    expect(res.body.data.find((text: { key: string }) => text.key === 'home.title').texts).toEqual({ 'zh-Hans': '明亮<售后>服务' });
    const zh = await http().get('/after-sales/portal?lang=zh-Hans');
    expect(zh.text).toContain('明亮&lt;售后&gt;服务');
    expect(zh.text).not.toContain('<售后>');
    const en = await http().get('/after-sales/portal?lang=en');
    expect(en.text).toContain('Customer service');
    const [row] = await strapi.db.connection('after_sales_audit_events').where({ content_type: 'extension::after-sales.portal', action: 'portal-texts-changed' }).orderBy('id', 'desc');
    expect(JSON.parse(row.changed_fields)).toEqual(['zh-Hans.home.title']);
    expect(String(row.actor_id)).toBe(String(manager.id));
    // Back to the built-in text.
    expect((await http().put('/after-sales/portal-texts').set(as(manager)).send({ data: {} })).status).toBe(200);
    expect((await http().get('/after-sales/portal?lang=zh-Hans')).text).toContain('客户服务');
  });

  it('is for those who edit the message templates: an agent may neither read nor change the texts', async () => {
    expect((await http().get('/after-sales/portal-texts').set(as(agent))).status).toBe(403);
    expect((await http().put('/after-sales/portal-texts').set(as(agent)).send({ data: {} })).status).toBe(403);
  });
});
