import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createFeedback, ensureDepartments } from '../helpers/fixtures';

const UID = 'api::feedback.feedback';
const CM = `/content-manager/collection-types/${UID}`;
let strapi: Core.Strapi;
let agent: AdminSession;
let engineer: AdminSession;
const ids: Record<string, string> = {};
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi();
  const departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  ids.unassigned = (await createFeedback(strapi, { symptom: 'unassigned' })).documentId;
  ids.afterSales = (await createFeedback(strapi, { symptom: 'after-sales', department: departments['after-sales'].documentId })).documentId;
  ids.technical = (await createFeedback(strapi, { symptom: 'technical', department: departments.technical.documentId })).documentId;
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const listed = async (token: string) => {
  const res = await http().get(CM).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body.results.map((r: { symptom: string }) => r.symptom).sort();
};

describe('department scope in the Content Manager', () => {
  it('an agent sees after-sales and unassigned feedback, not the technical department’s', async () => {
    expect(await listed(agent.token)).toEqual(['after-sales', 'unassigned']);
  });

  it('an engineer sees the technical department’s feedback only', async () => {
    expect(await listed(engineer.token)).toEqual(['technical']);
  });

  it('an agent edits an unassigned item but not another department’s', async () => {
    const auth = { Authorization: `Bearer ${agent.token}` };
    expect((await http().put(`${CM}/${ids.unassigned}`).set(auth).send({ scenario: 'at night' })).status).toBe(200);
    expect((await http().get(`${CM}/${ids.technical}`).set(auth)).status).toBe(403);
    expect((await http().put(`${CM}/${ids.technical}`).set(auth).send({ scenario: 'x' })).status).toBe(403);
  });
});
