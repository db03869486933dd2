import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

const UID = 'api::service-record.service-record';
let strapi: Core.Strapi;
let admin: AdminSession;
const http = () => request(strapi.server.httpServer);
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString().slice(0, 10);

beforeAll(async () => {
  strapi = await bootStrapi();
  admin = await createAdmin(strapi, 'super-admin');
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const returnOf = async (purchaseDate: string, kind = 'return') => {
  const product = await createProduct(strapi, { warrantyMonths: 12 });
  return strapi.documents(UID).create({ data: { kind, product: product.documentId, purchaseDate } as any });
};

describe('the example third-party extension example.warranty-check', () => {
  it('is loaded from ./extensions/warranty-check and activated on its action', async () => {
    const res = await http().get('/after-sales/extensions').set('Authorization', `Bearer ${admin.token}`);
    const ext = res.body.data.find((e: { id: string }) => e.id === 'example.warranty-check');
    expect(ext).toMatchObject({ builtin: false, location: './extensions/warranty-check', activationEvents: ['onAction:approve-return', 'onAction:approve-exchange'] });
  });

  it('refuses to approve a return out of warranty, with a clear message', async () => {
    const wf = adminWorkflow(strapi, admin.token, UID);
    const old = await returnOf(daysAgo(400));
    const res = await wf.perform(old.documentId, 'approve-return', { version: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^purchaseDate: the warranty ended on \d{4}-\d{2}-\d{2}; a return or exchange cannot be approved$/);
    expect(res.body.error.details.extension).toBe('example.warranty-check');
    const exchange = await returnOf(daysAgo(400), 'exchange');
    expect((await wf.perform(exchange.documentId, 'approve-exchange', { version: 1 })).status).toBe(400);
  });

  it('allows a return in warranty', async () => {
    const recent = await returnOf(daysAgo(30));
    expect((await adminWorkflow(strapi, admin.token, UID).step(recent.documentId, 'approve-return')).state).toBe('scheduled');
    expect((await strapi.db.query(UID).findOne({ where: { documentId: recent.documentId } })).eligibility).toBe('eligible');
  });

  it('honours its grace-period setting, validated against its schema', async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    const bad = await http()
      .put('/after-sales/extensions/example.warranty-check/configuration')
      .set(auth)
      .send({ data: { graceDays: -3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('data.graceDays');
    const unknown = await http()
      .put('/after-sales/extensions/example.warranty-check/configuration')
      .set(auth)
      .send({ data: { graceWeeks: 1 } });
    expect(unknown.status).toBe(400);
    const saved = await http()
      .put('/after-sales/extensions/example.warranty-check/configuration')
      .set(auth)
      .send({ data: { graceDays: 60 } });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toEqual({ graceDays: 60 });
    const justExpired = await returnOf(daysAgo(380));
    expect((await adminWorkflow(strapi, admin.token, UID).perform(justExpired.documentId, 'approve-return', { version: 1 })).status).toBe(200);
    await http()
      .put('/after-sales/extensions/example.warranty-check/configuration')
      .set(auth)
      .send({ data: { graceDays: 0 } });
  });

  it('disabling it from the admin route lifts the guard; enabling it restores it', async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    const off = await http().put('/after-sales/extensions/example.warranty-check').set(auth).send({ enabled: false });
    expect(off.body.data.state).toBe('disabled');
    const old = await returnOf(daysAgo(400));
    expect((await adminWorkflow(strapi, admin.token, UID).perform(old.documentId, 'approve-return', { version: 1 })).status).toBe(200);
    await http().put('/after-sales/extensions/example.warranty-check').set(auth).send({ enabled: true });
    const again = await returnOf(daysAgo(400));
    expect((await adminWorkflow(strapi, admin.token, UID).perform(again.documentId, 'approve-return', { version: 1 })).status).toBe(400);
  });
});
