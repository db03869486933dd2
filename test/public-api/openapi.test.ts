import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const version = `0.0.${process.pid}`;

beforeAll(async () => {
  strapi = await bootStrapi();
});
afterAll(async () => {
  const service = strapi.plugin('documentation').service('documentation');
  fs.rmSync(path.join(service.getFullDocumentationPath(), version), { recursive: true, force: true });
  await stopStrapi(strapi);
});

describe('OpenAPI description (@strapi/plugin-documentation)', () => {
  it('describes the plugin’s public routes with their request and response schemas', async () => {
    const service = strapi.plugin('documentation').service('documentation');
    await service.generateFullDoc(version);
    const spec = JSON.parse(fs.readFileSync(path.join(service.getFullDocumentationPath(), version, 'full_documentation.json'), 'utf8'));
    const intake = spec.paths['/after-sales/intake'].post;
    expect(intake.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IntakeRequest' });
    expect(spec.components.schemas.FeedbackIntake.required).toEqual(['kind', 'channel', 'customer', 'symptom']);
    expect(spec.components.schemas.FeedbackIntake.properties.channel.enum).toContain('service-point');
    expect(spec.components.schemas.ComplaintIntake.properties.order.properties.price.maximum).toBe(99999999.99);
    expect(Object.keys(intake.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '422', '429']));
    expect(intake.responses['429'].headers['Retry-After']).toBeDefined();
    expect(spec.components.schemas.IntakeAnswer.properties.data.properties.trackingToken).toEqual({ type: 'string' });
    for (const route of [
      '/after-sales/track/{reference}',
      '/after-sales/kb/search',
      '/after-sales/kb/{slug}/vote',
      '/after-sales/surveys/{token}',
      '/after-sales/products',
      '/after-sales/staff/{collection}',
      '/after-sales/workflows/{uid}/{documentId}/actions/{action}',
      '/after-sales/reports/monthly',
    ]) {
      expect(spec.paths[route]).toBeDefined();
    }
    // Public operations need no JWT (Strapi's generated document requires one globally).
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
    expect(intake.security).toEqual([{}, { bearerAuth: [] }]);
    for (const [route, method] of [
      ['/after-sales/track/{reference}', 'get'],
      ['/after-sales/kb/search', 'get'],
      ['/after-sales/kb/{slug}/vote', 'post'],
      ['/after-sales/surveys/{token}', 'get'],
      ['/after-sales/surveys/{token}', 'post'],
      ['/after-sales/products', 'get'],
    ]) {
      expect(spec.paths[route][method].security).toEqual([]);
    }
    expect(spec.paths['/after-sales/staff/{collection}'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.components.schemas.Error.properties.error.properties.details).toBeDefined();
    expect(spec.paths['/knowledge-articles']).toBeDefined();
  });

  it('serves the after-sales document as JSON at /api/after-sales/openapi.json, with an operationId on every operation and bounded parameters', async () => {
    const res = await request(strapi.server.httpServer).get('/api/after-sales/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(doc.servers[0].url).toMatch(/\/api$/);
    const ids: string[] = [];
    for (const item of Object.values<any>(doc.paths)) for (const operation of Object.values<any>(item)) ids.push(operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const search = doc.paths['/after-sales/kb/search'].get.parameters;
    expect(search.find((p: any) => p.name === 'locale').schema.enum).toEqual(['zh-Hans', 'en']);
    expect(search.find((p: any) => p.name === 'limit').schema).toMatchObject({ minimum: 1, maximum: 50 });
  });
});
