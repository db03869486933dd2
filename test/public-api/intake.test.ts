import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { AfterSalesApiV1 } from '../../src/plugins/after-sales/server/src/extension-api';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { createApiUser } from '../helpers/auth';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  const plug = await createProduct(strapi, { modelCode: 'SC-1', name: 'Smart plug' });
  const uid = 'api::knowledge-article.knowledge-article';
  await strapi.documents(uid).create({
    locale: 'zh-Hans',
    status: 'published',
    data: { title: 'SC-1 插座发热', slug: 'sc-1-hot', problem: '带大功率电器时外壳发烫,冒烟', solution: '请勿超过 2200 W', products: [plug.documentId] },
  } as any);
  await strapi.documents(uid).create({ locale: 'zh-Hans', status: 'published', data: { title: 'App 无法登录', slug: 'app-login', problem: '登录失败', solution: '重新登录' } } as any);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const body = (data: Record<string, unknown> = {}) => ({
  data: {
    kind: 'feedback',
    channel: 'website',
    customer: { name: '王伟', phone: '+86 138 0013 8000', locale: 'zh-Hans' },
    product: { model: 'SC-1', batch: 'B2411' },
    symptom: '插座冒烟,有焦味',
    ...data,
  },
});

describe('POST /api/after-sales/intake', () => {
  it('registers feedback publicly: reference, tracking token, classification, suggested articles, audit event', async () => {
    const res = await http().post('/api/after-sales/intake').send(body());
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ reference: expect.stringMatching(/^FB-\d{8}-0001$/), trackingToken: expect.any(String), state: 'received' });
    expect(res.body.data.suggestedArticles[0]).toEqual({ title: 'SC-1 插座发热', slug: 'sc-1-hot' });
    const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference }, populate: ['customer', 'product', 'department'] });
    expect(item).toMatchObject({ severity: 'urgent', type: 'quality', batch: 'B2411', channel: 'website', state: 'received', version: 1 });
    expect(item.department.code).toBe('technical');
    expect(item.product.modelCode).toBe('SC-1');
    expect(item.customer).toMatchObject({ name: '王伟', phoneNormalized: '+8613800138000' });
    expect(JSON.stringify(res.body)).not.toContain('13800138000');
    const timeline = await strapi.plugin('after-sales').service('workflow').timeline('feedback', item.documentId);
    expect(timeline).toEqual([expect.objectContaining({ action: 'receive', to: 'received', actor: expect.objectContaining({ kind: 'public' }) })]);
  });

  it("places each item last in its product's list of feedback", async () => {
    const references: string[] = [];
    for (let i = 0; i < 2; i++) references.push((await http().post('/api/after-sales/intake').send(body())).body.data.reference);
    const rows = await strapi.db
      .connection('feedbacks_product_lnk as l')
      .join('feedbacks as f', 'f.id', 'l.feedback_id')
      .whereIn('f.reference', references)
      .orderBy('l.feedback_ord')
      .select('f.reference', 'l.feedback_ord');
    expect(rows.map((r: any) => r.reference)).toEqual(references);
    expect(Number(rows[1].feedback_ord)).toBe(Number(rows[0].feedback_ord) + 1);
    const product = await strapi.db.query('api::product.product').findOne({ where: { modelCode: 'SC-1' }, populate: { feedbacks: { select: ['reference'] } } });
    expect(product.feedbacks.map((f: any) => f.reference).slice(-2)).toEqual(references);
  });

  it('matches the customer on the normalised phone or email, whatever the shape', async () => {
    await http()
      .post('/api/after-sales/intake')
      .send(body({ customer: { name: 'Li', email: 'Li.Na@Example.cn' } }));
    await http()
      .post('/api/after-sales/intake')
      .send(body({ customer: { name: 'Li Na', email: ' li.na@example.CN ', phone: '１３９００１３９０００' } }));
    await http()
      .post('/api/after-sales/intake')
      .send(body({ customer: { name: 'Wang', phone: '138-0013-8000' } }));
    expect(await strapi.db.query('api::customer.customer').count({ where: { emailNormalized: 'li.na@example.cn' } })).toBe(1);
    expect(await strapi.db.query('api::customer.customer').count({ where: { phoneNormalized: '+8613800138000' } })).toBe(1);
  });

  it('registers a complaint with its order facts', async () => {
    const res = await http()
      .post('/api/after-sales/intake')
      .send(body({ kind: 'complaint', cause: 'human', symptom: '工程师态度差', order: { number: 'SO-9', date: '2026-10-01', quantity: 2, price: 399.5 } }));
    expect(res.status).toBe(201);
    expect(res.body.data.reference).toMatch(/^CP-/);
    const complaint = await strapi.db.query('api::complaint.complaint').findOne({ where: { reference: res.body.data.reference } });
    expect(complaint).toMatchObject({ description: '工程师态度差', orderNumber: 'SO-9', quantity: 2, cause: 'human', state: 'registered', channel: 'website' });
  });

  it('names every offending field', async () => {
    const res = await http()
      .post('/api/after-sales/intake')
      .send({ data: { kind: 'ticket', channel: 'fax', customer: { phone: 'call me' }, symptom: '', state: 'closed' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['data.kind', 'data.channel', 'data.customer.name', 'data.symptom', 'data.state']));
  });
});

describe("a receipt hook's work after the commit (the customer's segment)", () => {
  const intake = (): Pick<AfterSalesApiV1['intake'], 'onReceived'> => strapi.plugin('after-sales').service('intake');

  it('runs once the item is committed and before the answer; a failure is logged and the intake still answers 201', async () => {
    const seen: { committed: boolean; inTransaction: boolean; relations: Record<string, number | null> }[] = [];
    const logged = jest.spyOn(strapi.log, 'error');
    const hook = intake().onReceived(({ item, relations, afterCommit }) => {
      afterCommit(async () => {
        const stored = await strapi.db.connection('feedbacks').where({ document_id: item.documentId }).first('id');
        seen.push({ committed: !!stored, inTransaction: strapi.db.inTransaction(), relations });
        throw new Error('segment rules unreadable');
      });
    });
    try {
      const res = await http().post('/api/after-sales/intake').send(body());
      expect(res.status).toBe(201);
      // Awaited before the answer: already run when the response arrives.
      expect(seen).toEqual([{ committed: true, inTransaction: false, relations: expect.objectContaining({ department: expect.any(Number), customer: expect.any(Number) }) }]);
      const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference }, populate: { department: { select: ['id'] } } });
      expect(item).not.toBeNull();
      expect(seen[0].relations.department).toBe(item.department.id);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(`intake ${res.body.data.reference}: work after the commit failed: Error: segment rules unreadable`));
    } finally {
      hook.dispose();
      logged.mockRestore();
    }
  });

  it('never runs when the intake does not commit', async () => {
    let ran = 0;
    const hooks = [
      intake().onReceived(({ afterCommit }) => afterCommit(async () => void (ran += 1))),
      intake().onReceived(() => {
        throw new Error('acknowledgement refused');
      }),
    ];
    try {
      const before = await strapi.db.query('api::feedback.feedback').count();
      const res = await http().post('/api/after-sales/intake').send(body());
      expect(res.status).toBe(500);
      expect(await strapi.db.query('api::feedback.feedback').count()).toBe(before);
      expect(ran).toBe(0);
    } finally {
      for (const hook of hooks) hook.dispose();
    }
  });
});

describe('a receipt hook in two steps (prepare before the number, receive numbered)', () => {
  const intake = (): Pick<AfterSalesApiV1['intake'], 'onReceived'> => strapi.plugin('after-sales').service('intake');

  it('prepares before the item takes its number and receives numbered, with what it prepared, in the same transaction', async () => {
    const steps: { step: string; reference: string | null; documentId: string; prepared?: unknown; stored?: string | null }[] = [];
    const hook = intake().onReceived({
      prepare: async ({ item }) => {
        // Not numbered yet, in the stored row either (the number and the row's reference are one write).
        const stored = await strapi.db.query('api::feedback.feedback').findOne({ where: { documentId: item.documentId }, select: ['reference'] });
        steps.push({ step: 'prepare', reference: item.reference, documentId: item.documentId, stored: stored ? stored.reference : 'absent' });
        return { read: `prepared ${item.documentId}` };
      },
      receive: ({ item }, prepared) => {
        steps.push({ step: 'receive', reference: item.reference, documentId: item.documentId, prepared });
      },
    });
    try {
      const res = await http().post('/api/after-sales/intake').send(body());
      expect(res.status).toBe(201);
      const documentId = steps[0]?.documentId;
      expect(steps).toEqual([
        { step: 'prepare', reference: null, documentId, stored: null },
        { step: 'receive', reference: res.body.data.reference, documentId, prepared: { read: `prepared ${documentId}` } },
      ]);
    } finally {
      hook.dispose();
    }
  });

  it('a prepare that fails writes nothing; an item written through the document service prepares and receives numbered', async () => {
    const refusing = intake().onReceived({
      prepare: () => {
        throw new Error('templates unreadable');
      },
      receive: () => undefined,
    });
    try {
      const before = await strapi.db.query('api::feedback.feedback').count();
      const res = await http().post('/api/after-sales/intake').send(body());
      expect(res.status).toBe(500);
      expect(await strapi.db.query('api::feedback.feedback').count()).toBe(before);
    } finally {
      refusing.dispose();
    }
    const seen: { step: string; reference: string | null }[] = [];
    const hook = intake().onReceived({
      prepare: ({ item }) => void seen.push({ step: 'prepare', reference: item.reference }),
      receive: ({ item }) => void seen.push({ step: 'receive', reference: item.reference }),
    });
    try {
      // The REST API's create (a request: the document service's create goes through the intake).
      const { jwt } = await createApiUser(strapi, ['api::feedback.feedback.create', 'api::customer.customer.find']);
      const res = await http()
        .post('/api/feedbacks')
        .set({ Authorization: `Bearer ${jwt}` })
        .send({ data: { channel: 'hotline', symptom: '插座不通电', customer: (await strapi.db.query('api::customer.customer').findOne({ where: {}, select: ['documentId'] })).documentId } });
      expect({ status: res.status, error: res.body.error?.message }).toEqual({ status: 201, error: undefined });
      const created = res.body.data;
      // Numbered as it was written: the hook prepares and receives right after, both with the number.
      expect(seen).toEqual([
        { step: 'prepare', reference: null },
        { step: 'receive', reference: created.reference },
      ]);
      expect(created.reference).toMatch(/^FB-/);
    } finally {
      hook.dispose();
    }
  });
});

describe('tracking and knowledge base', () => {
  it('a customer tracks a case with the token; a wrong token or reference is the same 404', async () => {
    const created = await http().post('/api/after-sales/intake').send(body());
    const { reference, trackingToken } = created.body.data;
    const res = await http().get(`/api/after-sales/track/${reference}`).query({ token: trackingToken });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ reference, state: 'received', stateTitle: '已接收', kind: 'feedback' });
    expect(res.body.data.timeline).toEqual([expect.objectContaining({ action: 'receive', to: 'received' })]);
    expect(JSON.stringify(res.body)).not.toMatch(/13800138000|王伟|public|actor/);
    const wrongToken = await http()
      .get(`/api/after-sales/track/${reference}`)
      .query({ token: 'x'.repeat(32) });
    const wrongRef = await http().get('/api/after-sales/track/FB-20000101-0001').query({ token: trackingToken });
    expect(wrongToken.status).toBe(404);
    expect(wrongRef.status).toBe(404);
    expect(wrongToken.body).toEqual(wrongRef.body);
  });

  it('searches published articles, Chinese included, and counts votes', async () => {
    const res = await http().get('/api/after-sales/kb/search').query({ q: '发烫', locale: 'zh-Hans' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { slug: string }) => a.slug)).toEqual(['sc-1-hot']);
    expect((await http().get('/api/after-sales/kb/search').query({ q: '插座 发热', product: 'SC-1' })).body.data[0].slug).toBe('sc-1-hot');
    expect((await http().get('/api/after-sales/kb/search').query({ q: '登录', product: 'SC-1' })).body.data).toEqual([]);
    expect((await http().get('/api/after-sales/kb/search')).status).toBe(400);
    const vote = await http().post('/api/after-sales/kb/sc-1-hot/vote').send({ helpful: true });
    expect(vote.status).toBe(200);
    expect(vote.body.data).toEqual({ slug: 'sc-1-hot', helpful: 1, notHelpful: 0 });
    expect((await http().post('/api/after-sales/kb/nope/vote').send({ helpful: true })).status).toBe(404);
    expect((await http().post('/api/after-sales/kb/sc-1-hot/vote').send({ helpful: 'yes' })).status).toBe(400);
  });
});
