import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createFeedback } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

const BROKEN_DIR = path.join(APP_DIR, '.tmp', `broken-extensions-${process.pid}`);
const manifest = (afterSales: Record<string, unknown>) => JSON.stringify({ name: String(afterSales.id), version: '1.0.0', afterSales }, null, 2);
const engines = { afterSales: '^1.0.0' };

/** One folder per way an extension can be broken, plus one good extension that depends on nothing broken. */
const FIXTURES: Record<string, string> = {
  'bad-json': '{ "name": "bad-json", "afterSales": { "id": "test.bad-json", ',
  'unknown-point': manifest({ id: 'test.unknown-point', engines, contributes: { toolbars: [] } }),
  'unknown-state': manifest({
    id: 'test.unknown-state',
    engines,
    contributes: {
      workflows: [
        {
          id: 'repair-quote',
          title: 'Repair quote',
          contentType: 'api::service-record.service-record',
          initialState: 'draft',
          states: [{ id: 'draft', title: 'Draft', category: 'new' }, { id: 'sent', title: 'Sent', category: 'open' }],
          transitions: [{ id: 'send', title: 'Send', from: ['draft'], to: 'accepted' }],
        },
      ],
    },
  }),
  'missing-dependency': manifest({ id: 'test.missing-dependency', engines, extensionDependencies: ['test.not-installed'] }),
  'cycle-a': manifest({ id: 'test.cycle-a', engines, extensionDependencies: ['test.cycle-b'] }),
  'cycle-b': manifest({ id: 'test.cycle-b', engines, extensionDependencies: ['test.cycle-a'] }),
  'old-engine': manifest({ id: 'test.old-engine', engines: { afterSales: '^0.5.0' } }),
  'depends-on-broken': manifest({ id: 'test.depends-on-broken', engines, extensionDependencies: ['test.unknown-state'] }),
  'duplicate-id': manifest({ id: 'after-sales.feedback-workflow', engines }),
  good: manifest({
    id: 'test.good',
    engines,
    extensionDependencies: ['after-sales.feedback-workflow'],
    contributes: { permissions: [{ id: 'test-good.export', title: 'Export things' }] },
  }),
};

let strapi: Core.Strapi;
let admin: AdminSession;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  fs.rmSync(BROKEN_DIR, { recursive: true, force: true });
  for (const [folder, content] of Object.entries(FIXTURES)) {
    fs.mkdirSync(path.join(BROKEN_DIR, folder), { recursive: true });
    fs.writeFileSync(path.join(BROKEN_DIR, folder, 'package.json'), content);
  }
  const entries = Object.keys(FIXTURES).map((f) => path.relative(APP_DIR, path.join(BROKEN_DIR, f)));
  strapi = await bootStrapi({ env: { AFTER_SALES_EXTENSIONS: [...entries, 'no-such-npm-package'].join(',') } });
  admin = await createAdmin(strapi, 'super-admin');
});
afterAll(async () => {
  await stopStrapi(strapi);
  delete process.env.AFTER_SALES_EXTENSIONS;
  fs.rmSync(BROKEN_DIR, { recursive: true, force: true });
});

const extensions = async () => {
  const res = await http().get('/after-sales/extensions').set('Authorization', `Bearer ${admin.token}`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.data.map((e: { id: string }) => [e.id, e])) as Record<string, { state: string; reason: string | null; contributes: Record<string, string[]> }>;
};

describe('broken extensions next to good ones', () => {
  it('the app starts and every broken extension is reported as failed with the file and field', async () => {
    const list = await extensions();
    const failed = (id: string) => {
      expect(list[id]?.state).toBe('failed');
      return list[id].reason!;
    };
    expect(failed(path.relative(APP_DIR, path.join(BROKEN_DIR, 'bad-json')))).toMatch(/package\.json: \(file\): invalid JSON/);
    expect(failed('test.unknown-point')).toMatch(/afterSales\.contributes\.toolbars: unknown contribution point "toolbars"/);
    expect(failed('test.unknown-state')).toMatch(/afterSales\.contributes\.workflows\[0\]\.transitions\[0\]\.to: unknown state "accepted"/);
    expect(failed('test.missing-dependency')).toMatch(/afterSales\.extensionDependencies\[0\]: "test\.not-installed" is not installed/);
    expect(failed('test.cycle-a')).toMatch(/dependency cycle/);
    expect(failed('test.cycle-b')).toMatch(/dependency cycle/);
    expect(failed('test.old-engine')).toMatch(/afterSales\.engines\.afterSales: requires after-sales engine \^0\.5\.0, this is 1\.0\.0/);
    expect(failed('test.depends-on-broken')).toMatch(/depends on "test\.unknown-state"/);
    expect(failed('no-such-npm-package')).toMatch(/cannot find package/);
    const duplicate = Object.keys(list).find((id) => id.startsWith('after-sales.feedback-workflow ('))!;
    expect(failed(duplicate)).toMatch(/another extension already has the id "after-sales.feedback-workflow"/);
  });

  it('the good ones are active or ready, and the built-in workflows keep working', async () => {
    const list = await extensions();
    expect(list['after-sales.feedback-workflow'].state).toMatch(/active|inactive/);
    expect(list['after-sales.essentials'].contributes).toEqual({});
    expect(list['test.good'].state).toBe('inactive');
    expect(list['test.good'].contributes.permissions).toEqual(['test-good.export']);
    expect(list['example.warranty-check'].contributes.actions).toEqual(['example.warranty-check.in-warranty']);
    const fb = await createFeedback(strapi);
    expect((await adminWorkflow(strapi, admin.token, 'api::feedback.feedback').step(fb.documentId, 'acknowledge')).state).toBe('acknowledged');
  });

  it('registers the good extension’s permission as an admin action', async () => {
    const actions = (strapi.service('admin::permission') as any).actionProvider.values().map((a: { actionId: string }) => a.actionId);
    expect(actions).toEqual(expect.arrayContaining(['plugin::after-sales.test-good.export', 'plugin::after-sales.feedback.acknowledge', 'plugin::after-sales.complaint.approve-plan']));
  });

  it('refuses the extensions page to staff without the permission, and bad toggles with 400', async () => {
    const agent = await createAdmin(strapi, 'after-sales-agent');
    expect((await http().get('/after-sales/extensions').set('Authorization', `Bearer ${agent.token}`)).status).toBe(403);
    const bad = await http().put('/after-sales/extensions/test.good').set('Authorization', `Bearer ${admin.token}`).send({ enabled: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('enabled');
    expect((await http().put('/after-sales/extensions/test.nope').set('Authorization', `Bearer ${admin.token}`).send({ enabled: false })).status).toBe(404);
  });

  it('disabling a workflow extension switches its workflow off and persists', async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    const off = await http().put('/after-sales/extensions/after-sales.complaint-workflow').set(auth).send({ enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.data.state).toBe('disabled');
    const complaint = await strapi.documents('api::complaint.complaint').create({ data: { description: 'x' } as any });
    expect((await adminWorkflow(strapi, admin.token, 'api::complaint.complaint').actions(complaint.documentId)).status).toBe(404);
    const stored = await strapi.store({ type: 'plugin', name: 'after-sales', key: 'extension-states' }).get({});
    expect(stored).toMatchObject({ 'after-sales.complaint-workflow': { enabled: false } });
    const on = await http().put('/after-sales/extensions/after-sales.complaint-workflow').set(auth).send({ enabled: true });
    expect(on.body.data.state).toMatch(/active|inactive/);
    expect((await adminWorkflow(strapi, admin.token, 'api::complaint.complaint').actions(complaint.documentId)).status).toBe(200);
  });
});
