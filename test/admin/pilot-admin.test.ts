/**
 * What staff start from in the admin: the Content Manager's forms (what a person enters, in the
 * manual's order; what the server owns hidden), knowledge articles (pinyin slugs, tags as a list),
 * error answers with translatable codes, and today's callbacks including overdue ones.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createFeedback, ensureDepartments } from '../helpers/fixtures';
import { EDIT_LAYOUTS } from '../../src/bootstrap/content-manager-layouts';

const FEEDBACK = 'api::feedback.feedback';
const ARTICLE = 'api::knowledge-article.knowledge-article';
let strapi: Core.Strapi;
let admin: AdminSession;
let agent: AdminSession;
let editor: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({
  get: (path: string) => http().get(path).set('Authorization', `Bearer ${session.token}`),
  post: (path: string, body: unknown) =>
    http()
      .post(path)
      .set('Authorization', `Bearer ${session.token}`)
      .send(body as object),
  put: (path: string, body: unknown) =>
    http()
      .put(path)
      .set('Authorization', `Bearer ${session.token}`)
      .send(body as object),
});

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  admin = await createAdmin(strapi, 'super-admin');
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  editor = await createAdmin(strapi, 'knowledge-editor', { department: 'product' });
});
afterAll(async () => {
  strapi.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
});

describe('Content Manager forms', () => {
  const editLayout = async (uid: string) => {
    const res = await as(agent).get(`/content-manager/content-types/${uid}/configuration`);
    expect(res.status).toBe(200);
    return res.body.data.contentType as { layouts: { edit: { name: string; size: number }[][] }; metadatas: Record<string, { edit: { label: string; visible: boolean; editable: boolean } }> };
  };

  it('the feedback form asks what a person enters, in the order of the 客户反馈记录表, and hides what the server owns', async () => {
    const config = await editLayout(FEEDBACK);
    const fields = config.layouts.edit.flat().map((f) => f.name);
    // Customer, product and batch, the problem (symptom, scenario, frequency), its kind, who answers.
    expect(fields.slice(0, 12)).toEqual(['reference', 'channel', 'customer', 'product', 'batch', 'symptom', 'scenario', 'frequency', 'expectedSolution', 'severity', 'type', 'isKnownIssue']);
    for (const owned of ['trackingTokenHash', 'slaPausedAt', 'reopenCount', 'state', 'version', 'acknowledgeBy', 'respondBy', 'callbackBy', 'acknowledgedAt', 'closedAt', 'complaints']) {
      expect(fields).not.toContain(owned);
    }
    expect(fields.length).toBeLessThan(26);
    expect(config.metadatas.reference.edit.editable).toBe(false);
    expect(config.metadatas.symptom.edit.label).toBe('Symptom');
    for (const row of config.layouts.edit) expect(row.reduce((sum, f) => sum + f.size, 0)).toBeLessThanOrEqual(12);
  });

  it('complaint, service record and customer forms show the configured rows; the customer form hides the normalised contact keys', async () => {
    for (const uid of ['api::complaint.complaint', 'api::service-record.service-record', 'api::customer.customer']) {
      const config = await editLayout(uid);
      expect(config.layouts.edit.map((row) => row.map((f) => f.name))).toEqual(EDIT_LAYOUTS[uid].map((row) => row.map(([name]) => name)));
    }
    const customer = await editLayout('api::customer.customer');
    // No role sees the normalised keys in the form (agents may not read them at all).
    expect(customer.metadatas.phoneNormalized?.edit?.visible ?? false).toBe(false);
    const fields = customer.layouts.edit.flat().map((f) => f.name);
    for (const hidden of ['phoneNormalized', 'emailNormalized', 'privacyState', 'anonymisedAt', 'version']) expect(fields).not.toContain(hidden);
    const full = (await as(admin).get('/content-manager/content-types/api::customer.customer/configuration')).body.data.contentType;
    expect(full.metadatas.phoneNormalized.edit).toMatchObject({ label: 'Phone normalized', visible: false });
    expect(full.metadatas.emailNormalized.edit).toMatchObject({ label: 'Email normalized', visible: false });
    const complaint = await editLayout('api::complaint.complaint');
    expect(complaint.layouts.edit.flat().map((f) => f.name)).not.toContain('trackingTokenHash');
  });
});

describe('knowledge articles', () => {
  const cm = `/content-manager/collection-types/${ARTICLE}`;
  const article = (data: Record<string, unknown>) => ({ title: '滤网指示灯常亮', problem: '更换滤网后指示灯仍然常亮。', solution: '长按“滤网”键 5 秒。', ...data });

  it('the slug the Content Manager generates for a Chinese title is its pinyin', async () => {
    const res = await as(editor).post('/content-manager/uid/generate?locale=zh-Hans', { contentTypeUID: ARTICLE, field: 'slug', data: { title: 'AP-200 高档运行噪音大' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toBe('ap-200-gao-dang-yun-xing-zao-yin-da');
    // An English title keeps Strapi's own slug.
    const english = await as(editor).post('/content-manager/uid/generate?locale=en', { contentTypeUID: ARTICLE, field: 'slug', data: { title: 'Fan noise' } });
    expect(english.body.data).toBe('fan-noise');
  });

  it('an article saved with the placeholder slug gets one from its title, unique in its language', async () => {
    const first = await as(editor).post(`${cm}?locale=zh-Hans`, article({ slug: 'knowledge-article' }));
    expect(first.status).toBe(201);
    expect(first.body.data.slug).toBe('lv-wang-zhi-shi-deng-chang-liang');
    const second = await as(editor).post(`${cm}?locale=zh-Hans`, article({ slug: 'knowledge-article-1' }));
    expect(second.status).toBe(201);
    expect(second.body.data.slug).toBe('lv-wang-zhi-shi-deng-chang-liang-2');
    // A slug chosen by a person is kept.
    const chosen = await as(editor).post(`${cm}?locale=zh-Hans`, article({ title: '电池鼓包', slug: 'battery-swelling' }));
    expect(chosen.body.data.slug).toBe('battery-swelling');
  });

  it('tags are a list of words: cleaned, refused with a coded 400 when not a list, and listed for the picker', async () => {
    const created = await as(editor).post(`${cm}?locale=zh-Hans`, article({ title: '出风有异味', slug: 'odour', tags: [' noise ', 'fan', 'Noise', ''] }));
    expect(created.status).toBe(201);
    expect(created.body.data.tags).toEqual(['noise', 'fan']);
    const other = await as(editor).post(`${cm}?locale=zh-Hans`, article({ title: '风扇异响', slug: 'fan-rattle', tags: ['fan'] }));
    expect(other.status).toBe(201);

    const refused = await as(editor).put(`${cm}/${created.body.data.documentId}?locale=zh-Hans`, { ...created.body.data, tags: '["noise"' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0]).toMatchObject({ path: ['tags'], code: 'tags' });

    const tags = await as(editor).get('/after-sales/knowledge/tags');
    expect(tags.status).toBe(200);
    expect(tags.body.data.slice(0, 2)).toEqual([
      { tag: 'fan', count: 2 },
      { tag: 'noise', count: 1 },
    ]);
    expect((await http().get('/after-sales/knowledge/tags')).status).toBe(401);
  });
});

describe('error answers carry a translatable code', () => {
  it('a workflow refusal names the field, its English message and the code with its values', async () => {
    const fb = await createFeedback(strapi, { department: (await strapi.db.query('api::department.department').findOne({ where: { code: 'after-sales' } })).documentId });
    const missingVersion = await as(agent).post(`/after-sales/workflows/${FEEDBACK}/${fb.documentId}/actions/acknowledge`, { data: {} });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.error.details.errors[0]).toMatchObject({ path: ['version'], message: 'must be the integer version you last read', code: 'version' });

    const unknownField = await as(agent).post(`/after-sales/workflows/${FEEDBACK}/${fb.documentId}/actions/acknowledge`, { version: 1, data: { satisfactionScore: 9 } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details.code).toBe('invalid-input');
    expect(unknownField.body.error.details.errors[0]).toMatchObject({ message: '"acknowledge" does not accept this field', code: 'not-accepted' });
  });
});

describe("today's callbacks", () => {
  it('lists the callbacks due today and the overdue ones, overdue first', async () => {
    const shanghai = (local: string) => new Date(`${local}+08:00`);
    const afterSales = (await strapi.db.query('api::department.department').findOne({ where: { code: 'after-sales' } })).documentId;
    const resolved = async (callbackBy: Date) => {
      const doc = await createFeedback(strapi, { department: afterSales, assignee: agent.id });
      await strapi.db
        .query(FEEDBACK)
        .update({ where: { documentId: doc.documentId }, data: { state: 'resolved', acknowledgedAt: shanghai('2026-11-16T10:00:00'), resolvedAt: shanghai('2026-11-20T10:00:00'), callbackBy } });
      // The clocks follow the stored facts (as for an item stored before clock rows existed).
      await strapi.db.connection('after_sales_sla_clocks').where({ document_id: doc.documentId }).del();
      return doc;
    };
    const overdue = await resolved(shanghai('2026-11-23T17:00:00'));
    const today = await resolved(shanghai('2026-11-25T17:00:00'));
    const tomorrow = await resolved(shanghai('2026-11-26T17:00:00'));
    await strapi.plugin('after-sales').service('sla').backfillClocks({ force: true });
    strapi.plugin('after-sales').service('clock').set(shanghai('2026-11-25T09:00:00'));
    const res = await as(agent).get('/after-sales/dashboard/todays-callbacks');
    expect(res.status).toBe(200);
    const references = res.body.data.map((r: any) => r.reference);
    expect(references).toEqual([overdue.reference, today.reference].map(String));
    expect(references).not.toContain(tomorrow.reference);
    expect(res.body.data[0].urgency).toBe('breached');
    expect(res.body.data.every((r: any) => r.clock === 'callbackBy')).toBe(true);
  });
});
