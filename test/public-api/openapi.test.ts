import fs from 'node:fs';
import path from 'node:path';
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
    expect(intake.requestBody.content['application/json'].schema.properties.data.required).toEqual(['kind', 'channel', 'customer', 'symptom']);
    expect(intake.requestBody.content['application/json'].schema.properties.data.properties.channel.enum).toContain('service-point');
    expect(Object.keys(intake.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '413', '422', '429']));
    expect(intake.responses['201'].content['application/json'].schema.properties.data.properties.trackingToken).toEqual({ type: 'string' });
    for (const route of ['/after-sales/track/{reference}', '/after-sales/kb/search', '/after-sales/kb/{slug}/vote', '/after-sales/surveys/{token}', '/after-sales/staff/{collection}', '/after-sales/workflows/{uid}/{documentId}/actions/{action}', '/after-sales/reports/monthly']) {
      expect(spec.paths[route]).toBeDefined();
    }
    expect(spec.components.schemas.Error.properties.error.properties.details).toBeDefined();
    expect(spec.paths['/knowledge-articles']).toBeDefined();
  });
});
