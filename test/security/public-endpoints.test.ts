import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { rowCounts } from '../helpers/db-snapshot';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const INTAKE = '/api/after-sales/intake';

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000', AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000', AFTER_SALES_RATE_LIMIT_VOTE_PER_IP: '1000' } });
  await ensureDepartments(strapi);
  await createProduct(strapi, { modelCode: 'AP-200' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const valid = () => ({ data: { kind: 'feedback', channel: 'website', customer: { name: 'Anna', email: 'anna@example.de' }, symptom: 'It hums' } });
const withData = (patch: Record<string, unknown>) => ({ data: { ...valid().data, ...patch } });

/** Sends a request that must be refused with `status`, and proves the database did not change. */
const refused = async (status: number, send: () => Promise<request.Response>) => {
  const before = await rowCounts(strapi);
  const res = await send();
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(await rowCounts(strapi)).toEqual(before);
  return res;
};

describe('intake: malformed and hostile input gets the right 4xx and writes nothing', () => {
  it.each([
    ['missing data', {}, ['data']],
    ['missing fields', { data: { kind: 'feedback' } }, ['data.channel', 'data.customer', 'data.symptom']],
    ['wrong types', withData({ kind: 1, channel: ['website'], symptom: 42, customer: 'anna' }), ['data.kind', 'data.channel', 'data.symptom', 'data.customer']],
    ['oversized field', withData({ symptom: 'x'.repeat(10001) }), ['data.symptom']],
    ['blank symptom', withData({ symptom: '   ' }), ['data.symptom']],
    ['no contact', withData({ customer: { name: 'Anna' } }), ['data.customer']],
    ['bad email', withData({ customer: { name: 'Anna', email: 'anna(at)example' } }), ['data.customer.email']],
    ['bad phone', withData({ customer: { name: 'Anna', phone: '12345' } }), ['data.customer.phone']],
    ['NUL byte', withData({ symptom: 'bad\u0000byte' }), ['data.symptom']],
    ['NUL in a key path', withData({ customer: { name: 'A\u0000', email: 'a@b.cn' } }), ['data.customer.name']],
    ['operator object', withData({ symptom: { $ne: null } }), ['data.symptom']],
    ['unknown product', withData({ product: { model: "AP-200' OR '1'='1" } }), ['data.product.model']],
    ['order on feedback', withData({ order: { number: 'x' } }), ['data.order']],
  ])('%s', async (_name, body, paths) => {
    const res = await refused(400, () => http().post(INTAKE).send(body));
    const got = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(got).toEqual(expect.arrayContaining(paths as string[]));
  });

  it.each(['state', 'assignee', 'id', 'documentId', 'createdBy', 'version', 'reference', 'department', 'trackingTokenHash'])('refuses mass assignment of %s', async (field) => {
    const res = await refused(400, () =>
      http()
        .post(INTAKE)
        .send(withData({ [field]: field === 'id' ? 1 : 'x' }))
    );
    expect(res.body.error.details.errors[0]).toEqual({ path: ['data', field], message: 'is not allowed', code: 'not-allowed', values: {} });
  });

  it('refuses malformed JSON with 400 and a 1 MB body with 413', async () => {
    await refused(400, () => http().post(INTAKE).set('Content-Type', 'application/json').send('{"data": {"kind": '));
    await refused(413, () =>
      http()
        .post(INTAKE)
        .send(withData({ symptom: 'x'.repeat(1024 * 1024) }))
    );
  });

  it('stores unicode, emoji and right-to-left text as given, and never renders it', async () => {
    const symptom = '<script>alert(1)</script> 🔥 مرحبا \u202E 漏水';
    const res = await http()
      .post(INTAKE)
      .send(withData({ symptom, customer: { name: '李 🙂', phone: '＋８６ １３８ ００１３ ８０００' } }));
    expect(res.status).toBe(201);
    const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference }, populate: ['customer'] });
    expect(item.symptom).toBe(symptom);
    expect(item.customer.phoneNormalized).toBe('+8613800138000');
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('idempotency keys', () => {
  it('replays the first answer, refuses another body (422), creates nothing twice', async () => {
    const key = `k-${Date.now()}`;
    const first = await http().post(INTAKE).set('Idempotency-Key', key).send(valid());
    expect(first.status).toBe(201);
    const before = await rowCounts(strapi);
    const again = await http().post(INTAKE).set('Idempotency-Key', key).send(valid());
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    await refused(422, () =>
      http()
        .post(INTAKE)
        .set('Idempotency-Key', key)
        .send(withData({ symptom: 'another' }))
    );
    expect(await rowCounts(strapi)).toEqual(before);
  });

  it('a second request with the same key while the first is in flight gets 409', async () => {
    const key = `flight-${Date.now()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => http().post(INTAKE).set('Idempotency-Key', key).send(valid())));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const references = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.data.reference));
    expect(references.size).toBe(1);
  });

  it('a request whose key is held by one still running gets 409, deterministically', async () => {
    const key = `held-${Date.now()}`;
    const crypto = require('node:crypto');
    // Keys are scoped per client: this test's client is the loopback address (IPv4, or IPv6 by its /64).
    for (const scope of ['intake:ip:127.0.0.1', 'intake:ip:0:0:0:0::/64']) {
      await strapi.db.connection('after_sales_idempotency_keys').insert({
        scope,
        key,
        request_hash: crypto.createHash('sha256').update(JSON.stringify(valid())).digest('hex'),
        status: 'in-flight',
        created_at: new Date().toISOString(),
      });
    }
    const res = await refused(409, () => http().post(INTAKE).set('Idempotency-Key', key).send(valid()));
    expect(res.body.error.message).toMatch(/still being processed/);
  });

  it('rejects a malformed key', async () => {
    await refused(400, () => http().post(INTAKE).set('Idempotency-Key', 'x'.repeat(201)).send(valid()));
  });
});

describe('tracking and article votes', () => {
  it('tracking IDOR: another case’s token, a guessed token, a malformed reference: the same 404', async () => {
    const a = (await http().post(INTAKE).send(valid())).body.data;
    const b = (await http().post(INTAKE).send(valid())).body.data;
    const answers = await Promise.all([
      http().get(`/api/after-sales/track/${a.reference}`).query({ token: b.trackingToken }),
      http().get(`/api/after-sales/track/${a.reference}`).query({ token: '' }),
      http().get(`/api/after-sales/track/${a.reference}`),
      http()
        .get(`/api/after-sales/track/${encodeURIComponent("' OR 1=1 --")}`)
        .query({ token: a.trackingToken }),
      http().get(`/api/after-sales/track/${a.reference}`).query({ 'token[$ne]': 'x' }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(answers[0].body);
    }
    expect((await http().get(`/api/after-sales/track/${a.reference}`).query({ token: a.trackingToken })).status).toBe(200);
  });

  it('search survives injection strings and refuses bad parameters', async () => {
    for (const q of ["' OR 1=1 --", '%', '_', '\\', '"; DROP TABLE knowledge_articles; --', '🔥']) {
      const res = await http().get('/api/after-sales/kb/search').query({ q });
      expect(res.status).toBe(200);
    }
    await refused(400, () => http().get('/api/after-sales/kb/search').query({ q: 'x', locale: 'fr' }));
    await refused(400, () =>
      http()
        .get('/api/after-sales/kb/search')
        .query({ q: 'x'.repeat(201) })
    );
    await refused(400, () => http().get('/api/after-sales/kb/search').query({ q: 'x', limit: '100000' }));
  });
});

describe('rate limits', () => {
  let limited: Core.Strapi;
  it('holds when the body changes every request and when X-Forwarded-For is forged', async () => {
    await stopStrapi(strapi);
    limited = await bootStrapi({ env: { AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '5', AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000' } });
    strapi = limited;
    // The limit counts per clock minute: a burst that a slow machine spreads over two minutes is sent again.
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses = [];
      const minute = Math.floor(Date.now() / 60000);
      for (let i = 0; i < 8; i++) {
        const res = await http()
          .post(INTAKE)
          .set('X-Forwarded-For', `10.0.0.${i}`)
          .send(withData({ symptom: `problem number ${i} (${attempt})` }));
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      if (Math.floor(Date.now() / 60000) === minute) break;
      await new Promise((resolve) => setTimeout(resolve, 60000 - (Date.now() % 60000) + 100));
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
