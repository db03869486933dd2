import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createCustomer, createProduct, ensureDepartments } from '../helpers/fixtures';

/**
 * Issue 24, item 3: a loyalty (NPS) campaign to a segment or to a product's owners invites each
 * reachable customer once on their channel; customers answer 0–10 on the portal's page (a phone's
 * plain form), once; results by segment and month match hand counts; a detractor's answer opens a
 * care call.
 */
const CUSTOMER = 'api::customer.customer';
const CALL = 'api::care-call.care-call';
const TEMPLATE = 'loyalty.nps-invitation';

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
const http = () => request(strapi.server.httpServer);
const as = (s: AdminSession) => ({ Authorization: `Bearer ${s.token}` });
const clock = (at: string | null) => (strapi.plugin('after-sales').service('clock') as any).set(at ? new Date(at) : null);

const ENV = { SMTP_HOST: '127.0.0.1', AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' };
const customers: Record<string, string> = {};
/** The invitations a customer was sent (newest first) and the survey page's path in each. */
const invitations = async (customer: string) =>
  ((await strapi.plugin('after-sales').service('outbox').history(CUSTOMER, customers[customer])) as { templateKey: string; channel: string; locale: string | null; bodyText: string | null }[])
    .filter((m) => m.templateKey === TEMPLATE)
    .map((m) => ({ ...m, path: /https?:\/\/\S+(\/after-sales\/portal\/nps\/[A-Za-z0-9_-]+)/.exec(m.bodyText ?? '')?.[1] ?? null }));
const pathOf = async (customer: string) => (await invitations(customer))[0].path as string;
const answer = (path: string, form: Record<string, string>) => http().post(path).type('form').set('User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)').send(form);

beforeAll(async () => {
  // Email is set up (nothing is delivered: the dispatcher is off); SMS is not: a customer with a landline only is reached by nothing.
  strapi = await bootStrapi({ env: { ...ENV, SMTP_PORT: '1', SMTP_FROM: 'service@example.cn' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  const add = async (key: string, data: Record<string, unknown>) => {
    customers[key] = (await createCustomer(strapi, { wechat: null, address: null, ...data })).documentId;
  };
  await add('key1', { name: '重点客户甲', segment: 'key', locale: 'zh-Hans', email: 'key1@example.cn', phone: '+86 138 0013 9001' });
  await add('key2', { name: 'Key Customer B', segment: 'key', locale: 'en', email: 'key2@example.de', phone: '+86 138 0013 9002' });
  // No email, a landline only: no channel reaches them (counted, not invited).
  await add('keyLandline', { name: '重点客户丙', segment: 'key', email: null, phone: '+86 10 6552 9988' });
  // Erased: never asked.
  await add('keyErased', { name: '已删除', segment: 'key', email: 'gone@example.cn', phone: '+86 138 0013 9004' });
  await strapi.db.query(CUSTOMER).update({ where: { documentId: customers.keyErased }, data: { privacyState: 'erased' } });
  await add('regular1', { name: '普通客户甲', segment: 'regular', email: 'r1@example.cn', phone: '+86 138 0013 9005' });
  await add('regular2', { name: '普通客户乙', segment: 'regular', email: 'r2@example.cn', phone: '+86 138 0013 9006' });
  await add('owner', { name: '产品用户', segment: 'regular', email: 'owner@example.cn', phone: '+86 138 0013 9007' });
  const product = await createProduct(strapi, { modelCode: 'NPS-AC200', name: '空调 AC200' });
  const owner = await strapi.db.query(CUSTOMER).findOne({ where: { documentId: customers.owner } });
  await strapi.documents('api::service-record.service-record').create({ data: { kind: 'installation', customer: owner.documentId, product: product.documentId } as any });
});
afterAll(async () => {
  clock(null);
  await stopStrapi(strapi);
  for (const key of [...Object.keys(ENV), 'SMTP_PORT', 'SMTP_FROM']) delete process.env[key];
});

describe('sending a campaign', () => {
  it('refuses bad input naming the field, and writes nothing', async () => {
    const none = await http().post('/after-sales/loyalty/campaigns').set(as(manager)).send({ data: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['data.name', 'data.segment']);
    const both = await http()
      .post('/after-sales/loyalty/campaigns')
      .set(as(manager))
      .send({ data: { name: 'x', segment: 'key', product: 'NPS-AC200' } });
    expect(both.status).toBe(400);
    expect(both.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['data.product']);
    expect(Number((await strapi.db.connection('after_sales_nps_campaigns').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('is for staff with the loyalty permission only', async () => {
    expect(
      (
        await http()
          .post('/after-sales/loyalty/campaigns')
          .set(as(agent))
          .send({ data: { name: 'x', segment: 'key' } })
      ).status
    ).toBe(403);
    expect((await http().get('/after-sales/loyalty/results').set(as(agent))).status).toBe(403);
    expect((await http().get('/after-sales/loyalty/results')).status).toBe(401);
  });

  it('to a segment: one invitation per reachable customer, on their channel, in their language', async () => {
    clock('2026-03-10T02:00:00Z');
    const res = await http()
      .post('/after-sales/loyalty/campaigns')
      .set(as(manager))
      .send({ data: { name: '2026 春季重点客户调查', segment: 'key' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ segment: 'key', audience: 3, invited: 2 });
    expect(res.body.data.unreachable).toEqual([{ customer: customers.keyLandline, reason: expect.stringContaining('email') }]);
    const [zh] = await invitations('key1');
    const [en] = await invitations('key2');
    expect([zh.channel, zh.locale, en.channel, en.locale]).toEqual(['email', 'zh-Hans', 'email', 'en']);
    expect(zh.bodyText).toContain('0–10');
    expect(zh.path).toBeTruthy();
    expect(en.bodyText).toContain('How likely are you to recommend us');
    expect(await invitations('keyLandline')).toEqual([]);
    expect(await invitations('keyErased')).toEqual([]);
    expect(await invitations('regular1')).toEqual([]);
    const rows = await strapi.db.connection('after_sales_outbox').where({ template_key: TEMPLATE });
    expect(rows).toHaveLength(2);
  });

  it('to a product’s owners: the customers with a unit of that model', async () => {
    const res = await http()
      .post('/after-sales/loyalty/campaigns')
      .set(as(manager))
      .send({ data: { name: 'AC200 用户调查', product: 'NPS-AC200' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ product: 'NPS-AC200', audience: 1, invited: 1, unreachable: [] });
    expect(await invitations('owner')).toHaveLength(1);
  });
});

describe('answering on the survey page, as a phone would', () => {
  it('asks in the customer’s language with the eleven scores', async () => {
    const page = await http().get(await pathOf('key1'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain('您有多大可能向朋友或同事推荐我们？');
    expect(page.text).toContain('2026 春季重点客户调查');
    expect(page.text.match(/type="radio" name="score"/g)).toHaveLength(11);
    expect(page.text).toContain('name="viewport"');
    const en = await http().get(await pathOf('key2'));
    expect(en.text).toContain('How likely are you to recommend us to a friend or colleague?');
    expect((await http().get('/after-sales/portal/nps/not-a-real-token')).status).toBe(404);
  });

  it('refuses a score outside 0–10 on the page, recording nothing', async () => {
    const path = await pathOf('key1');
    const bad = await answer(path, { score: '11', comment: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请从 0 到 10 中选择一个分数。');
    expect(await strapi.db.connection('after_sales_nps_invitations').whereNotNull('answered_at').first()).toBeUndefined();
  });

  it('a detractor’s answer (3) opens a follow-up care call, and the page says someone will call', async () => {
    const path = await pathOf('key1');
    const res = await answer(path, { score: '3', comment: '维修等了两周' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${path}?lang=zh-Hans&answered=1&followUp=1`);
    const thanks = await http().get(res.headers.location);
    expect(thanks.text).toContain('售后服务部的同事会尽快给您打电话');
    const calls = await strapi.db.query(CALL).findMany({ where: { customer: { documentId: customers.key1 } } });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'due', channel: 'phone', dueOn: '2026-03-10', reference: expect.stringMatching(/^CC-/) });
    expect(calls[0].summary).toContain('NPS 3/10');
    expect(calls[0].callBy).toBeTruthy();
  });

  it('a second answer is refused clearly, and the first stands', async () => {
    const path = await pathOf('key1');
    const again = await answer(path, { score: '10', comment: '' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('此调查已经提交过了，每位客户只需回答一次');
    const row = await strapi.db.connection('after_sales_nps_invitations').where({ customer_document_id: customers.key1 }).first();
    expect(Number(row.score)).toBe(3);
    expect(await strapi.db.query(CALL).count({ where: { customer: { documentId: customers.key1 } } })).toBe(1);
  });

  it('a promoter’s answer opens no call', async () => {
    const path = await pathOf('key2');
    const res = await answer(path, { score: '10', comment: 'Great service' });
    expect(res.headers.location).toBe(`${path}?lang=en&answered=1`);
    expect(await strapi.db.query(CALL).count({ where: { customer: { documentId: customers.key2 } } })).toBe(0);
  });
});

describe('results by segment and month', () => {
  it('match hand counts', async () => {
    clock('2026-04-02T02:00:00Z');
    const regular = await http()
      .post('/after-sales/loyalty/campaigns')
      .set(as(manager))
      .send({ data: { name: '普通客户四月调查', segment: 'regular' } });
    expect(regular.body.data.invited).toBe(3);
    expect((await answer(await pathOf('regular1'), { score: '9' })).status).toBe(303);
    expect((await answer(await pathOf('regular2'), { score: '10' })).status).toBe(303);
    // The product owner answers the product campaign (their older invitation): 6, a detractor.
    const [, productInvitation] = await invitations('owner');
    expect((await answer(productInvitation.path!, { score: '6' })).headers.location).toContain('followUp=1');

    const res = await http().get('/after-sales/loyalty/results').set(as(manager));
    expect(res.status).toBe(200);
    // key, March: 3 (detractor) and 10 (promoter) → NPS 0. regular, April: 9, 10, 6 → (2 − 1) / 3 → 33.
    expect(res.body.data.rows).toEqual([
      { segment: 'key', month: '2026-03', answers: 2, promoters: 1, passives: 0, detractors: 1, nps: 0 },
      { segment: 'regular', month: '2026-04', answers: 3, promoters: 2, passives: 0, detractors: 1, nps: 33 },
    ]);
    expect(res.body.data.total).toEqual({ answers: 5, promoters: 3, passives: 0, detractors: 2, nps: 20 });
    expect(res.body.data.followUps).toBe(2);

    const april = await http().get('/after-sales/loyalty/results?from=2026-04&to=2026-04').set(as(manager));
    expect(april.body.data.rows.map((r: any) => r.segment)).toEqual(['regular']);
    // The same figures beside the monthly report, for the month (regular, April: 9, 10, 6).
    const sections = await http().get('/after-sales/reports/sections?month=2026-04').set(as(manager));
    const nps = sections.body.data.find((s: { id: string }) => s.id === 'after-sales.loyalty.nps-by-segment');
    expect(nps.status).toBe('ok');
    expect(nps.data.rows).toEqual([
      { segment: 'regular', answers: 3, promoters: 2, passives: 0, detractors: 1, nps: 33 },
      { segment: '∑', answers: 3, promoters: 2, passives: 0, detractors: 1, nps: 33 },
    ]);
    expect(nps.data.note['zh-Hans']).toBe('已安排关怀回访的贬损者：1 位。');
    const bad = await http().get('/after-sales/loyalty/results?from=April').set(as(manager));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['from']);

    const campaigns = await http().get('/after-sales/loyalty/campaigns').set(as(manager));
    expect(campaigns.body.data.map((c: any) => [c.name, c.invited, c.answers, c.nps])).toEqual([
      ['普通客户四月调查', 3, 2, 100],
      ['AC200 用户调查', 1, 1, -100],
      ['2026 春季重点客户调查', 2, 2, 0],
    ]);
  });

  it('a link past its days says the survey has closed', async () => {
    clock('2026-06-01T02:00:00Z');
    const [regularInvitation] = await invitations('owner');
    const res = await http().get(regularInvitation.path!);
    expect(res.status).toBe(410);
    expect(res.text).toContain('此调查已结束');
  });
});

describe('the staff customer page lists the customer’s loyalty answers', () => {
  const pageAs = (session: AdminSession, customer: string) => http().get(`/after-sales/customers/${customers[customer]}`).set(as(session));

  it('answered (score, group, comment, campaign, date) and open invitations, newest first, from the loyalty extension', async () => {
    // The owner gets a third invitation and answers it with their email in the comment.
    clock('2026-04-05T03:00:00Z');
    const sent = await http()
      .post('/after-sales/loyalty/campaigns')
      .set(as(manager))
      .send({ data: { name: 'AC200 回访调查', product: 'NPS-AC200' } });
    expect(sent.body.data.invited).toBe(1);
    clock('2026-04-06T03:00:00Z');
    expect((await answer(await pathOf('owner'), { score: '9', comment: '很好,有事发邮件到 owner@example.cn' })).status).toBe(303);
    clock('2026-04-07T03:00:00Z');

    const res = await pageAs(manager, 'owner');
    expect(res.status).toBe(200);
    // Newest first: the April 6 answer; then the April 2 answer and the April 2 invitation not answered (sent with it; answers first on a tie).
    expect(res.body.data.loyalty).toEqual([
      {
        campaign: 'AC200 回访调查',
        status: 'answered',
        score: 9,
        group: 'promoter',
        comment: '很好,有事发邮件到 owner@example.cn',
        sentAt: '2026-04-05T03:00:00.000Z',
        answeredAt: '2026-04-06T03:00:00.000Z',
      },
      { campaign: 'AC200 用户调查', status: 'answered', score: 6, group: 'detractor', comment: null, sentAt: '2026-03-10T02:00:00.000Z', answeredAt: '2026-04-02T02:00:00.000Z' },
      { campaign: '普通客户四月调查', status: 'open', score: null, group: null, comment: null, sentAt: '2026-04-02T02:00:00.000Z', answeredAt: null },
    ]);
    const passive = await pageAs(manager, 'key2');
    expect(passive.body.data.loyalty).toEqual([expect.objectContaining({ campaign: '2026 春季重点客户调查', status: 'answered', score: 10, group: 'promoter', comment: 'Great service' })]);
    // A customer never asked: an empty list.
    expect((await pageAs(manager, 'keyLandline')).body.data.loyalty).toEqual([]);
  });

  it('masks the customer’s contact data in the comment as the rest of the page, and refuses who may not read the customer', async () => {
    const agentView = (await pageAs(agent, 'owner')).body.data;
    expect(agentView.customer.email).toBe('o***@example.cn');
    expect(agentView.loyalty[0].comment).toBe('很好,有事发邮件到 o***@example.cn');
    expect(JSON.stringify(agentView)).not.toContain('owner@example.cn');
    const engineer = await createAdmin(strapi, 'technical-engineer', { department: 'after-sales' });
    const hidden = await pageAs(engineer, 'owner');
    expect(hidden.status).toBe(200);
    expect(hidden.body.data.loyalty[0].comment).toBe('很好,有事发邮件到 ***');
    const editor = await createAdmin(strapi, 'knowledge-editor');
    expect((await pageAs(editor, 'owner')).status).toBe(403);
    expect((await http().get(`/after-sales/customers/${customers.owner}`)).status).toBe(401);
  });

  it('is empty while the loyalty extension is disabled', async () => {
    const admin = await createAdmin(strapi, 'super-admin');
    expect((await http().put('/after-sales/extensions/after-sales.loyalty').set(as(admin)).send({ enabled: false })).status).toBe(200);
    try {
      const res = await pageAs(manager, 'owner');
      expect(res.status).toBe(200);
      expect(res.body.data.loyalty).toEqual([]);
    } finally {
      expect((await http().put('/after-sales/extensions/after-sales.loyalty').set(as(admin)).send({ enabled: true })).status).toBe(200);
    }
    expect((await pageAs(manager, 'owner')).body.data.loyalty).toHaveLength(3);
  });
});

describe('the customer’s privacy rights reach the loyalty answers', () => {
  it('an export lists them; an erasure removes the comment (the score stays for the figures)', async () => {
    const exported = await http().post(`/after-sales/privacy/customers/${customers.key1}/export`).set(as(manager)).send({ reason: 'customer asked what we hold' });
    expect(exported.status).toBe(200);
    const body = JSON.parse(exported.text);
    const data = body.data ?? body;
    expect(data.loyaltyAnswers).toEqual([expect.objectContaining({ score: 3, comment: '维修等了两周' })]);

    const version = (await strapi.db.query(CUSTOMER).findOne({ where: { documentId: customers.key1 } })).version;
    const erased = await http().post(`/after-sales/privacy/customers/${customers.key1}/erase`).set(as(manager)).send({ version, reason: 'customer asked to be deleted' });
    expect(erased.status).toBe(200);
    const row = await strapi.db.connection('after_sales_nps_invitations').where({ customer_document_id: customers.key1 }).first();
    expect(row.comment).toBe(`[${erased.body.data.pseudonym}]`);
    expect(Number(row.score)).toBe(3);
    // The customer page shows nothing of an erased customer's answers.
    const page = await http().get(`/after-sales/customers/${customers.key1}`).set(as(manager));
    expect(page.status).toBe(200);
    expect(page.body.data.loyalty).toEqual([]);
  });
});
