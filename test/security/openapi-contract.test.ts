/**
 * Contract test: every answer of the public operations, success and refusal, is checked against
 * the OpenAPI document the server serves (`GET /api/after-sales/openapi.json`), and so are the
 * README's own intake examples (they must validate against the request schema and be accepted).
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi, APP_DIR } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { fillPath, openApiAjv, operationsOf, requestValidator, responseValidator, type Operation } from '../helpers/openapi';

let strapi: Core.Strapi;
let doc: any;
let operations: (Operation & { isPublic: boolean })[];
const ajv = openApiAjv();
const http = () => request(strapi.server.httpServer);
const checked = new Map<string, Set<number>>();
let address = 0;
const from = () => `198.51.100.${++address}`;

beforeAll(async () => {
  strapi = await bootStrapi({
    env: {
      AFTER_SALES_TRUSTED_PROXIES: '127.0.0.1,::1',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '3',
      AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '3',
      AFTER_SALES_RATE_LIMIT_VOTE_PER_IP: '3',
      AFTER_SALES_DISPATCHER: 'off',
    },
  });
  await ensureDepartments(strapi);
  await createProduct(strapi, { modelCode: 'AP-200', name: 'Air purifier', category: 'air' });
  await strapi
    .documents('api::knowledge-article.knowledge-article')
    .create({ locale: 'zh-Hans', status: 'published', data: { title: 'AP-200 噪音', slug: 'ap-200-noise', problem: '嗡嗡声', solution: '清洁风扇' } } as any);
  const res = await http().get('/api/after-sales/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  operations = operationsOf(doc);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const op = (operationId: string) => {
  const found = operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found;
};

/** Sends a request for an operation and checks the answer against the document. */
const call = async (operationId: string, options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
  const operation = op(operationId);
  const url = `/api${fillPath(operation.path, options.params ?? {})}`;
  let req = (http() as any)[operation.method](url).set('X-Forwarded-For', from());
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  if (options.query) req = req.query(options.query);
  if (options.raw !== undefined) req = req.set('Content-Type', 'application/json').send(options.raw);
  else if (options.body !== undefined) req = req.send(options.body);
  const res = await req;
  const validate = responseValidator(ajv, operation, res.status);
  expect({ operationId, status: res.status, documented: !!validate }).toEqual({ operationId, status: res.status, documented: true });
  const valid = validate!(res.body);
  expect({ operationId, status: res.status, errors: valid ? null : validate!.errors, body: valid ? null : res.body }).toEqual({ operationId, status: res.status, errors: null, body: null });
  if (!checked.has(operationId)) checked.set(operationId, new Set());
  checked.get(operationId)!.add(res.status);
  return res;
};

const readmeExamples = () => {
  const readme = fs.readFileSync(path.join(APP_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Submit feedback or a complaint'), readme.indexOf('### Track a case'));
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1])).filter((example) => example?.data?.kind);
};

describe('the OpenAPI document describes every answer of the public operations', () => {
  it('marks exactly the public operations as callable without credentials', () => {
    const publicIds = operations
      .filter((o) => o.isPublic)
      .map((o) => o.operationId)
      .sort();
    expect(publicIds).toEqual(['answerSurvey', 'getCaptchaChallenge', 'getSurvey', 'health', 'listProducts', 'ready', 'searchArticles', 'submitIntake', 'trackCase', 'voteArticle']);
  });

  it("the README's intake examples validate against the request schema and are accepted", async () => {
    const examples = readmeExamples();
    expect(examples.map((e) => e.data.kind).sort()).toEqual(['complaint', 'feedback']);
    const validate = requestValidator(ajv, op('submitIntake'))!;
    for (const example of examples) {
      expect({ kind: example.data.kind, errors: validate(example) ? null : validate.errors }).toEqual({ kind: example.data.kind, errors: null });
      expect((await call('submitIntake', { body: example })).status).toBe(201);
    }
  });

  it('intake: 201, replay, 400, 422, 413, 429', async () => {
    const body = { data: { kind: 'feedback', channel: 'website', customer: { name: 'Anna', email: 'anna@example.de' }, product: { model: 'AP-200' }, symptom: 'It hums' } };
    const created = await call('submitIntake', { body, headers: { 'Idempotency-Key': 'contract-1' } });
    expect(created.status).toBe(201);
    expect(requestValidator(ajv, op('submitIntake'))!(body)).toBe(true);
    await call('submitIntake', { body: { data: { ...body.data, kind: 'nope' } } });
    await call('submitIntake', { body: { data: { ...body.data, order: { price: 1 } } } });
    await call('submitIntake', { raw: '{"data": ' });
    await call('submitIntake', { body: { data: { ...body.data, symptom: 'x'.repeat(600 * 1024) } } });
    const statuses = [];
    const ip = '192.0.2.77';
    for (let i = 0; i < 4; i++) statuses.push((await http().post('/api/after-sales/intake').set('X-Forwarded-For', ip).send(body)).status);
    expect(statuses[3]).toBe(429);
    const limited = await http().post('/api/after-sales/intake').set('X-Forwarded-For', ip).send(body);
    const validate = responseValidator(ajv, op('submitIntake'), 429)!;
    expect(validate(limited.body)).toBe(true);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await http().post('/api/after-sales/intake').set('X-Forwarded-For', '192.0.2.78').set('Idempotency-Key', 'contract-2').send(body)).status).toBe(201);
    const mismatch = await http()
      .post('/api/after-sales/intake')
      .set('X-Forwarded-For', '192.0.2.78')
      .set('Idempotency-Key', 'contract-2')
      .send({ data: { ...body.data, symptom: 'other' } });
    expect(mismatch.status).toBe(422);
    expect(responseValidator(ajv, op('submitIntake'), 422)!(mismatch.body)).toBe(true);
  });

  it('tracking, products, knowledge base, surveys, probes', async () => {
    const created = await call('submitIntake', {
      body: { data: { kind: 'complaint', channel: 'hotline', customer: { name: 'K', phone: '13800001111' }, symptom: 'late', order: { date: '2026-10-01', price: 12.5 } } },
    });
    const { reference, trackingToken } = created.body.data;
    expect((await call('trackCase', { params: { reference }, query: { token: trackingToken, locale: 'en' } })).status).toBe(200);
    await call('trackCase', { params: { reference }, query: { token: 'wrong' } });
    await call('trackCase', { params: { reference: 'FB-1' } });

    const products = await call('listProducts');
    expect(products.body.data).toEqual([{ model: 'AP-200', name: 'Air purifier', category: 'air', warrantyMonths: 12 }]);
    expect((await call('listProducts', { query: { q: 'ap-2', pageSize: '1' } })).body.meta.pagination).toEqual({ page: 1, pageSize: 1, total: 1 });
    await call('listProducts', { query: { pageSize: '0' } });
    await call('listProducts', { query: { nope: '1' } });

    expect((await call('searchArticles', { query: { q: '噪音', locale: 'zh-Hans', limit: '5' } })).body.data[0].slug).toBe('ap-200-noise');
    await call('searchArticles', { query: { q: '噪音', limit: '0' } });
    await call('searchArticles');
    expect((await call('voteArticle', { params: { slug: 'ap-200-noise' }, body: { helpful: true } })).status).toBe(200);
    await call('voteArticle', { params: { slug: 'ap-200-noise' }, body: { helpful: 'yes' } });
    await call('voteArticle', { params: { slug: 'none' }, body: { helpful: true } });

    const item = await strapi.db.query('api::complaint.complaint').findOne({ where: { reference } });
    const token = await strapi.plugin('after-sales').service('surveys').invite({ contentType: 'api::complaint.complaint', documentId: item.documentId, reference, locale: 'en' });
    expect((await call('getSurvey', { params: { token } })).status).toBe(200);
    await call('getSurvey', { params: { token: 'unknown' } });
    await call('answerSurvey', { params: { token: 'unknown' }, body: { data: { score: 5 } } });
    await call('answerSurvey', { params: { token }, body: { data: { score: 9 } } });

    expect((await call('getCaptchaChallenge')).status).toBe(200);
    expect((await call('health')).status).toBe(200);
    expect((await call('ready')).status).toBe(200);
  });

  it('the non-public operations answer 401/403 as documented to an anonymous caller', async () => {
    for (const operation of operations.filter((o) => !o.isPublic)) {
      const params = Object.fromEntries(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema.enum?.[0] ?? 'x']));
      const res = await call(operation.operationId, { params, query: operation.operationId === 'getMonthlyReport' ? { month: '2026-10' } : undefined, body: operation.requestBody ? {} : undefined });
      expect([401, 403]).toContain(res.status);
    }
  });

  it('covered every public operation', () => {
    for (const operation of operations.filter((o) => o.isPublic)) expect([operation.operationId, checked.has(operation.operationId)]).toEqual([operation.operationId, true]);
  });
});
