import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, createApiUser, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * Issue 15 item 9: a date typed `2026/12/02` became 2002-12-02 and was stored, and the record then
 * showed a deadline "over by 217296 h". Every write path (Content Manager, REST API, workflow
 * actions) refuses an implausible date with a 400 naming the field, and writes nothing.
 */
const UID = 'api::service-record.service-record';
const CM = `/content-manager/collection-types/${UID}`;
let strapi: Core.Strapi;
let manager: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const DAY = 86_400_000;
const rows = () => strapi.db.query(UID).count({});

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const record = async (data: Record<string, unknown> = {}) => strapi.documents(UID).create({ data: { kind: 'onsite-repair', department: departments['after-sales'].documentId, ...data } as any });

const paths = (res: request.Response) => (res.body.error?.details?.errors ?? []).map((e: { path: string[] }) => e.path.join('.'));

describe('dates are validated on every write path', () => {
  it('the Content Manager refuses a return date before the record existed and a visit decades ahead; nothing is written', async () => {
    const auth = { Authorization: `Bearer ${manager.token}` };
    const before = await rows();
    const created = await http().post(CM).set(auth).send({ kind: 'onsite-repair', department: departments['after-sales'].documentId, scheduledAt: '2062-12-02T09:00:00.000Z' });
    expect(created.status).toBe(400);
    expect(paths(created)).toEqual(['scheduledAt']);
    expect(created.body.error.message).toMatch(/scheduledAt: must be within 730 days/);
    expect(await rows()).toBe(before);

    const sr = await record();
    const stale = await http().put(`${CM}/${sr.documentId}`).set(auth).send({ returnedAt: '2002-12-02T02:00:00.000Z' });
    expect(stale.status).toBe(400);
    expect(paths(stale)).toEqual(['returnedAt']);
    expect(stale.body.error.message).toMatch(/returnedAt: must not be before the day this item was created/);
    expect(stale.body.error.details.errors[0].code).toBe('date-before-item');
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId } });
    expect(stored.returnedAt).toBeNull();
    expect(stored.version).toBe(1);
    expect(await rows()).toBe(before + 1);

    // A plausible date is taken.
    const tomorrow = new Date(Date.now() + DAY).toISOString();
    const ok = await http().put(`${CM}/${sr.documentId}`).set(auth).send({ scheduledAt: tomorrow });
    expect(ok.status).toBe(200);
    expect(new Date((await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId } })).scheduledAt).toISOString()).toBe(tomorrow);
  });

  it('the REST API refuses a performed date in the future and a purchase date after the record; nothing is written', async () => {
    const { jwt } = await createApiUser(strapi, [`${UID}.create`, `${UID}.update`]);
    const auth = { Authorization: `Bearer ${jwt}` };
    const before = await rows();
    const res = await http()
      .post('/api/service-records')
      .set(auth)
      .send({ data: { kind: 'onsite-repair', performedAt: new Date(Date.now() + 40 * DAY).toISOString(), purchaseDate: new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10) } });
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(['performedAt', 'purchaseDate']);
    expect(await rows()).toBe(before);

    const good = await http()
      .post('/api/service-records')
      .set(auth)
      .send({ data: { kind: 'onsite-repair', purchaseDate: '2025-06-30' } });
    expect(good.status).toBe(201);
    expect(await rows()).toBe(before + 1);
  });

  it('a workflow action refuses a return date typed as 2002 for 2026, names data.returnedAt and leaves the record as it was', async () => {
    const wf = adminWorkflow(strapi, manager.token, UID);
    const sr = await record();
    await wf.step(sr.documentId, 'start');
    const before = await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId } });
    const refused = await wf.perform(sr.documentId, 'complete', { version: before.version, data: { findings: 'fuse blown', result: 'fuse replaced', returnedAt: '2002-12-02T10:00:00.000Z' } });
    expect(refused.status).toBe(400);
    expect(paths(refused)).toEqual(['data.returnedAt']);
    expect(refused.body.error.message).toMatch(/returnedAt/);
    const after = await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId } });
    expect({ state: after.state, version: after.version, returnedAt: after.returnedAt, archiveBy: after.archiveBy }).toEqual({
      state: 'in-progress',
      version: before.version,
      returnedAt: null,
      archiveBy: null,
    });
    const clocks = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: UID, document_id: sr.documentId, clock: 'archiveBy' });
    expect(clocks).toHaveLength(0);

    const returned = new Date(Date.now() - 60_000).toISOString();
    const done = await wf.step(sr.documentId, 'complete', { data: { findings: 'fuse blown', result: 'fuse replaced', returnedAt: returned } });
    expect(done.state).toBe('completed');
  });
});
