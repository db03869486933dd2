/**
 * Fuzz test driven by the OpenAPI document: for every public operation, every field of its body
 * and every parameter gets boundary values (empty, longest, one too long, NUL, wrong types, limits
 * ±1, unknown enum values, deep nesting…), one at a time on an otherwise valid request, and every
 * required field is left out once. No answer may be a 5xx, none may take more than 3 s, and the
 * whole run is bounded.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { fillPath, operationsOf, type Operation } from '../helpers/openapi';

let strapi: Core.Strapi;
let operations: (Operation & { isPublic: boolean })[];
const http = () => request(strapi.server.httpServer);
const PER_REQUEST_MS = 3000;
const deep = (levels: number) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

beforeAll(async () => {
  strapi = await bootStrapi({
    env: {
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '100000',
      AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '100000',
      AFTER_SALES_RATE_LIMIT_VOTE_PER_IP: '100000',
      AFTER_SALES_DISPATCHER: 'off',
      AFTER_SALES_SCHEDULER: 'off',
    },
  });
  await ensureDepartments(strapi);
  await createProduct(strapi, { modelCode: 'AP-200' });
  await strapi
    .documents('api::knowledge-article.knowledge-article')
    .create({ locale: 'zh-Hans', status: 'published', data: { title: 'AP-200 噪音', slug: 'ap-200-noise', problem: '嗡嗡声', solution: '清洁风扇' } } as any);
  operations = operationsOf((await http().get('/api/after-sales/openapi.json')).body).filter((o) => o.isPublic);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

/** Boundary values for a schema. */
const boundaries = (schema: any): unknown[] => {
  const common = [null, [], {}, { $ne: null }, deep(100), true];
  if (schema?.enum) return [...schema.enum, 'not-a-value', '', 'x'.repeat(300), ...common, 1];
  switch (schema?.type) {
    case 'string': {
      const max = schema.maxLength ?? 1000;
      return [
        '',
        ' ',
        '\u0000',
        'a\u0000b',
        'x'.repeat(max),
        'x'.repeat(max + 1),
        '漢'.repeat(max),
        '😀'.repeat(Math.ceil(max / 2) + 1),
        '<script>alert(1)</script>',
        "' OR '1'='1",
        '%00',
        '2026-02-30',
        '9'.repeat(400),
        ...common,
        0,
        1e308,
      ];
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? 1e9;
      return [min - 1, min, max, max + 1, 0, -1, 1.5, 1e12, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, '1', 'NaN', '', ...common];
    }
    case 'boolean':
      return [true, false, 'true', 0, 1, '', ...common];
    case 'array':
      return [[], Array.from({ length: 1000 }, () => 'x'), ...common, 'x'];
    default:
      return ['', 'x', 0, ...common];
  }
};

/** A valid value for a schema (first enum value, a short string within its pattern, the minimum…). */
const sample = (schema: any): unknown => {
  if (schema?.oneOf) return sample(schema.oneOf[0]);
  if (schema?.enum) return schema.enum[0];
  switch (schema?.type) {
    case 'string':
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-10-01';
      if (schema.pattern === '^\\d{4}-\\d{2}$') return '2026-10';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries<any>(schema.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    default:
      return 'x';
  }
};

/** Leaf paths of a body schema with their schemas (objects followed, branches of oneOf each). */
const leaves = (schema: any, at: string[] = []): { path: string[]; schema: any; required: boolean }[] => {
  if (schema?.type !== 'object' || !schema.properties) return [];
  return Object.entries<any>(schema.properties).flatMap(([name, child]) => {
    const here = { path: [...at, name], schema: child, required: (schema.required ?? []).includes(name) };
    return child?.type === 'object' && child.properties ? [here, ...leaves(child, [...at, name])] : [here];
  });
};

const setAt = (value: any, path: string[], leaf: unknown, remove = false) => {
  const copy = structuredClone(value);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  if (remove) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = leaf;
  return copy;
};

/** A valid body per operation (the intake needs a real product and a contact; each oneOf branch is a body). */
const validBodies = (operation: Operation): { body: any; schema: any }[] => {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (!schema) return [];
  if (operation.operationId === 'submitIntake') {
    return schema.properties.data.oneOf.map((branch: any) => {
      const data = sample(branch) as any;
      Object.assign(data, { customer: { name: 'Fuzz', email: 'fuzz@example.cn', locale: 'en' }, product: { model: 'AP-200' }, symptom: 'It hums' });
      if (data.order) Object.assign(data.order, { date: '2026-10-01', deliveryDate: '2026-10-05', price: 10, quantity: 1 });
      return { body: { data }, schema: { type: 'object', required: ['data'], properties: { data: branch } } };
    });
  }
  return [{ body: sample(schema), schema }];
};

interface Case {
  label: string;
  send: () => any;
}

const casesFor = (operation: Operation): Case[] => {
  const method = operation.method;
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const validPath = Object.fromEntries(pathParams.map((p) => [p.name, p.name === 'slug' ? 'ap-200-noise' : String(sample(p.schema))]));
  const validQuery = Object.fromEntries(queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema))]));
  const bodies = validBodies(operation);
  const build = (params: Record<string, string>, query: Record<string, unknown>, body?: unknown) => () => {
    const req = (http() as any)[method](`/api${fillPath(operation.path, params)}`).query(query);
    return body === undefined ? req : req.send(body);
  };
  const cases: Case[] = [];
  const baseBody = bodies[0]?.body;
  for (const p of pathParams) {
    for (const value of boundaries(p.schema)) {
      if (typeof value === 'string' && value.length > 0)
        cases.push({ label: `path ${p.name}=${JSON.stringify(value).slice(0, 40)}`, send: build({ ...validPath, [p.name]: value }, validQuery, baseBody) });
    }
  }
  for (const p of queryParams) {
    const values = boundaries(p.schema).map((v) => (v === null || typeof v === 'object' ? v : String(v)));
    for (const value of values) cases.push({ label: `query ${p.name}=${JSON.stringify(value)?.slice(0, 40)}`, send: build(validPath, { ...validQuery, [p.name]: value }, baseBody) });
    cases.push({ label: `query ${p.name} twice`, send: build(validPath, { ...validQuery, [p.name]: ['a', 'b'] }, baseBody) });
    if (p.required) cases.push({ label: `query ${p.name} missing`, send: build(validPath, Object.fromEntries(Object.entries(validQuery).filter(([k]) => k !== p.name)), baseBody) });
  }
  for (const { body, schema } of bodies) {
    cases.push({ label: `valid body ${JSON.stringify(body).slice(0, 40)}`, send: build(validPath, validQuery, body) });
    for (const leaf of leaves(schema)) {
      for (const value of boundaries(leaf.schema))
        cases.push({ label: `body ${leaf.path.join('.')}=${JSON.stringify(value)?.slice(0, 40)}`, send: build(validPath, validQuery, setAt(body, leaf.path, value)) });
      if (leaf.required) cases.push({ label: `body ${leaf.path.join('.')} missing`, send: build(validPath, validQuery, setAt(body, leaf.path, undefined, true)) });
      cases.push({
        label: `body ${leaf.path.join('.')}.__proto__`,
        send: build(validPath, validQuery, JSON.parse(JSON.stringify(setAt(body, leaf.path, 1)).replace('"', '"__proto__":{"polluted":1},"'))),
      });
    }
    cases.push({ label: 'body: extra field', send: build(validPath, validQuery, { ...body, unknown: 1 }) });
  }
  if (operation.requestBody) {
    for (const raw of ['', 'null', '[]', '"x"', '{', '{"data":' + '['.repeat(3000) + ']'.repeat(3000) + '}']) {
      cases.push({
        label: `raw body ${raw.slice(0, 20)}`,
        send: () => {
          const agent = http() as any;
          return agent[method](`/api${fillPath(operation.path, validPath)}`)
            .query(validQuery)
            .set('Content-Type', 'application/json')
            .send(raw);
        },
      });
    }
  }
  return cases;
};

describe('OpenAPI-driven fuzzing of the public operations', () => {
  it('no 5xx and no slow answer for boundary values of every field of every public operation', async () => {
    const started = Date.now();
    const failures: string[] = [];
    let total = 0;
    for (const operation of operations) {
      if (operation.operationId === 'ready' || operation.operationId === 'health') continue;
      for (const fuzz of casesFor(operation)) {
        total += 1;
        const t0 = Date.now();
        const res = await fuzz.send();
        const took = Date.now() - t0;
        if (res.status >= 500 || took > PER_REQUEST_MS) failures.push(`${operation.operationId} ${fuzz.label}: ${res.status} in ${took} ms ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThan(500);
    expect(({} as any).polluted).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(240_000);
  }, 300_000);
});
