import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createFeedback, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * Issue 15 item 7: the Content Manager's pickers showed ids instead of people, customer search by
 * phone or company found nothing, and knowledge articles were offered several times each.
 */
const FEEDBACK = 'api::feedback.feedback';
const ARTICLE = 'api::knowledge-article.knowledge-article';
let strapi: Core.Strapi;
let agent: AdminSession;
let manager: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const get = (session: AdminSession, url: string) => http().get(url).set('Authorization', `Bearer ${session.token}`);

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  await createCustomer(strapi, { name: '赵艳', company: 'Nordic Home GmbH', phone: '+86 138 1222 8006', email: 'zhao.yan@example.cn' });
  await createCustomer(strapi, { name: '周静', company: '上海明达科技有限公司', phone: '139-0000-5678', email: 'zhou@example.cn' });
  for (const [zh, en, slug] of [
    ['滤网指示灯常亮', 'Filter light stays on', 'filter-light'],
    ['高档噪音大', 'Loud at high speed', 'loud'],
  ]) {
    const doc = await strapi.documents(ARTICLE).create({ locale: 'zh-Hans', status: 'published', data: { title: zh, slug, problem: zh, solution: zh } } as any);
    await strapi.documents(ARTICLE).update({ documentId: doc.documentId, locale: 'en', status: 'published', data: { title: en, slug: `${slug}-en`, problem: en, solution: en } } as any);
  }
});
afterAll(async () => {
  await stopStrapi(strapi);
});

/** The customers' names (the picker's label adds the company and, when found by contact data, the text typed). */
const names = (res: request.Response) => res.body.results.map((r: { name: string }) => r.name.split(' · ')[0]).sort();

describe('Content Manager pickers', () => {
  it('the assignee picker shows and finds staff by name for an agent (not their ids)', async () => {
    const feedback = await createFeedback(strapi, { department: departments['after-sales'].documentId, assignee: manager.id });
    const existing = await get(agent, `/content-manager/relations/${FEEDBACK}/${feedback.documentId}/assignee`);
    expect(existing.status).toBe(200);
    expect(existing.body.results).toEqual([expect.objectContaining({ id: manager.id, firstname: expect.stringMatching(/^after-sales-manager Tester\d+$/) })]);
    const found = await get(agent, `/content-manager/relations/${FEEDBACK}/assignee?_q=${encodeURIComponent('manager tester')}`);
    expect(found.status).toBe(200);
    expect(found.body.results.map((r: { id: number }) => r.id)).toEqual([manager.id]);
    // Names only: no email, no roles.
    expect(Object.keys(found.body.results[0]).sort()).toEqual(['documentId', 'firstname', 'id', 'publishedAt', 'updatedAt']);
  });

  it('the customer picker finds by the full phone number however typed, and by company', async () => {
    const picker = (session: AdminSession, q: string) => get(session, `/content-manager/relations/${FEEDBACK}/customer?_q=${encodeURIComponent(q)}`);
    expect(names(await picker(agent, '13812228006'))).toEqual(['赵艳']);
    const byPhone = await picker(agent, '+86-138-1222-8006');
    expect(names(byPhone)).toEqual(['赵艳']);
    // The label echoes what was typed (the picker only shows options containing it), never the stored number.
    expect(byPhone.body.results[0].name).toBe('赵艳 · Nordic Home GmbH · +86-138-1222-8006');
    expect(JSON.stringify(byPhone.body)).not.toContain('+8613812228006');
    expect((await picker(agent, 'nordic')).body.results[0].name).toBe('赵艳 · Nordic Home GmbH');
    expect(names(await picker(agent, '１３９ ００００ ５６７８'))).toEqual(['周静']);
    expect(names(await picker(agent, 'nordic'))).toEqual(['赵艳']);
    expect(names(await picker(agent, '明达'))).toEqual(['周静']);
    expect(names(await picker(agent, '周'))).toEqual(['周静']);
    // Part of a number finds only for roles that may see contact data; an agent must type all of it.
    expect(names(await picker(agent, '8006'))).toEqual([]);
    expect(names(await picker(manager, '8006'))).toEqual(['赵艳']);
  });

  it('the Customers list finds by phone, and shows the agent no digits of it', async () => {
    const list = await get(agent, `/content-manager/collection-types/api::customer.customer?_q=${encodeURIComponent('138 1222 8006')}`);
    expect(list.status).toBe(200);
    expect(list.body.results).toHaveLength(1);
    expect(list.body.results[0]).toMatchObject({ name: '赵艳', phone: '138****8006' });
    expect(JSON.stringify(list.body)).not.toContain('12228006');
  });

  it('the feedback list does not leak the populated customer’s contact data to an agent', async () => {
    const customer = await strapi.db.query('api::customer.customer').findOne({ where: { name: '赵艳' } });
    await createFeedback(strapi, { department: departments['after-sales'].documentId, customer: customer.documentId });
    const list = await get(agent, `/content-manager/collection-types/${FEEDBACK}?pageSize=50`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('赵艳');
    expect(JSON.stringify(list.body)).not.toContain('1222 8006');
    expect(JSON.stringify(list.body)).not.toContain('zhao.yan@');
  });

  it('knowledge articles are offered once each: in the workflow form and in the Content Manager picker', async () => {
    const feedback = await createFeedback(strapi, { department: departments['after-sales'].documentId });
    await adminWorkflow(strapi, agent.token, FEEDBACK).step(feedback.documentId, 'acknowledge');
    const actions = await get(agent, `/after-sales/workflows/${FEEDBACK}/${feedback.documentId}/actions?locale=zh-Hans`);
    const choices = actions.body.data.fields.knowledgeArticle.choices as { value: string; label: string }[];
    expect(choices.map((c) => c.label).sort()).toEqual(['滤网指示灯常亮', '高档噪音大']);
    expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);

    const picker = await get(agent, `/content-manager/relations/${FEEDBACK}/knowledgeArticle`);
    expect(picker.status).toBe(200);
    const documentIds = picker.body.results.map((r: { documentId: string }) => r.documentId);
    expect(documentIds).toHaveLength(2);
    expect(new Set(documentIds).size).toBe(2);
  });
});
