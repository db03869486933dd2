import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, bootStrapi, stopStrapi } from '../helpers/strapi';
import { realGlobal } from '../helpers/worker-realm';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createFeedback } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

const BROKEN_DIR = path.join(APP_DIR, '.tmp', `broken-extensions-${process.pid}`);
/** A third-party extension that uses every namespace of the API (see its index.js). */
const PROBE_DIR = path.join(APP_DIR, 'test', 'fixtures', 'api-probe');
const PLUGIN_SRC = path.join(APP_DIR, 'src', 'plugins', 'after-sales', 'server', 'src');
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
          states: [
            { id: 'draft', title: 'Draft', category: 'new' },
            { id: 'sent', title: 'Sent', category: 'open' },
          ],
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
  'throws-on-activate': manifest({
    id: 'test.throws-on-activate',
    engines,
    main: 'index.js',
    activationEvents: ['onAction:test-throws'],
    contributes: { permissions: [{ id: 'test-throws.export', title: 'Export more things' }] },
  }),
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
  fs.writeFileSync(path.join(BROKEN_DIR, 'throws-on-activate', 'index.js'), "exports.activate = () => { throw new Error('no licence key'); };\n");
  const entries = Object.keys(FIXTURES).map((f) => path.relative(APP_DIR, path.join(BROKEN_DIR, f)));
  // Email is set up (nothing is delivered: the dispatcher is off) so that customer messages have a channel. The probe is
  // named as a folder (`./…`); a name without `.` is an npm package, as in production.
  strapi = await bootStrapi({
    env: { AFTER_SALES_EXTENSIONS: [...entries, `./${path.relative(APP_DIR, PROBE_DIR)}`, 'no-such-npm-package'].join(','), SMTP_HOST: '127.0.0.1', SMTP_PORT: '2', AFTER_SALES_DISPATCHER: 'off' },
  });
  admin = await createAdmin(strapi, 'super-admin');
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of ['AFTER_SALES_EXTENSIONS', 'SMTP_HOST', 'SMTP_PORT', 'AFTER_SALES_DISPATCHER']) delete process.env[key];
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

  it('an extension whose activate() throws is failed, and its contributions are no longer served', async () => {
    const host = strapi.plugin('after-sales').service('extension-host');
    const served = () => (host.contributions('permissions') as { extensionId: string }[]).map((c) => c.extensionId);
    // Usable until its activation event: its contributions are served (and kept by the host).
    expect((await extensions())['test.throws-on-activate'].state).toBe('inactive');
    expect(served()).toEqual(expect.arrayContaining(['test.good', 'test.throws-on-activate']));
    await host.fire('onAction:test-throws');
    const list = await extensions();
    expect(list['test.throws-on-activate'].state).toBe('failed');
    expect(list['test.throws-on-activate'].reason).toMatch(/activate\(\) failed: no licence key/);
    expect(served()).toContain('test.good');
    expect(served()).not.toContain('test.throws-on-activate');
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

/** What the probe extension observed, left on a global by its activate(). */
type Probe = {
  api: import('../../src/plugins/after-sales/server/src/extension-api').AfterSalesApiV1;
  activations: number;
  getApi2Error?: string;
  undeclaredChannelError?: string;
  runs: number;
  fastRuns: number;
};
// The probe is loaded by Strapi, with Node's require: its globalThis is the worker's (test/helpers/worker-realm.js).
const probe = () => (realGlobal as unknown as { __afterSalesApiProbe: Probe }).__afterSalesApiProbe;
const jobs = () => strapi.plugin('after-sales').service('jobs');
const setProbeEnabled = async (enabled: boolean) => {
  const res = await http().put('/after-sales/extensions/test.api-probe').set('Authorization', `Bearer ${admin.token}`).send({ enabled });
  expect(res.status).toBe(200);
  return res.body.data.state as string;
};
const COUNT_JOB = 'test.api-probe.count';
const leaseRow = () => strapi.db.connection('after_sales_job_claims').where({ job: COUNT_JOB }).first();

describe('the extension API v1, used by a third-party extension', () => {
  it('getApi(1) answers version 1; any other version throws', async () => {
    expect((await extensions())['test.api-probe'].state).toBe('active');
    expect(probe().api.version).toBe(1);
    expect(probe().getApi2Error).toBe('extension test.api-probe asks for version 2 of the after-sales API; this plugin offers version 1');
  });

  it('refuses a channel the manifest does not declare, registers the declared one', () => {
    expect(probe().undeclaredChannelError).toBe('extension test.api-probe registers channel "undeclared" that its manifest does not declare under contributes.channels');
    expect(probe().api.channels.list()).toEqual(expect.arrayContaining(['email', 'webhook', 'sms', 'probe']));
    expect(probe().api.channels.list()).not.toContain('undeclared');
  });

  it('calls a document hook for its content type only while the extension is enabled, with its configuration', async () => {
    const create = (code: string) => strapi.documents('api::department.department').create({ data: { code, name: 'Probe' } as any });
    expect((await create('probe-1')).name).toBe('Probe (hooked)');
    expect((await create('other-1')).name).toBe('Probe');
    expect(await setProbeEnabled(false)).toBe('disabled');
    expect((await create('probe-2')).name).toBe('Probe');
    expect(await setProbeEnabled(true)).toBe('active');
    expect((await create('probe-3')).name).toBe('Probe (hooked)');
  });

  it('keeps per-extension storage', async () => {
    const { storage } = probe().api;
    expect(await storage.get('colour')).toBeUndefined();
    await storage.set('colour', { name: 'teal', shades: [1, 2] });
    expect(await storage.get('colour')).toEqual({ name: 'teal', shades: [1, 2] });
    const stored = await strapi.store({ type: 'plugin', name: 'after-sales', key: 'extension-storage:test.api-probe' }).get({});
    expect(stored).toMatchObject({ colour: { name: 'teal', shades: [1, 2] } });
  });

  it("appends audit events through the audit writer, in the caller's transaction when given", async () => {
    const fb = await createFeedback(strapi);
    await probe().api.audit.append({ action: 'probe.checked', contentType: 'api::feedback.feedback', documentId: fb.documentId, reference: fb.reference, details: { ok: true } });
    await expect(
      strapi.db.transaction(async ({ trx }) => {
        await probe().api.audit.append({ action: 'probe.rolled-back', contentType: 'api::feedback.feedback', documentId: fb.documentId }, trx);
        throw new Error('roll back');
      })
    ).rejects.toThrow('roll back');
    await probe().api.audit.append({ action: 'probe.alone' });
    const rows = await strapi.db.connection('after_sales_audit_events').where('action', 'like', 'probe.%').orderBy('id');
    expect(rows.map((r: any) => [r.action, r.content_type, r.document_id, r.actor_kind, r.actor_name, r.note])).toEqual([
      ['probe.checked', 'api::feedback.feedback', fb.documentId, 'system', 'test.api-probe', '{"ok":true}'],
      ['probe.alone', 'extension::test.api-probe', '-', 'system', 'test.api-probe', null],
    ]);
    expect(rows[0].reference).toBe(fb.reference);
  });

  it('runs a scheduled job on its timer', async () => {
    const deadline = Date.now() + 5000;
    while (probe().fastRuns < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(probe().fastRuns).toBeGreaterThanOrEqual(1);
  });

  it('runs a job once per interval: the lease row decides, not the number of ticks', async () => {
    const before = probe().runs;
    const ticks = await Promise.all([jobs().tick(COUNT_JOB), jobs().tick(COUNT_JOB), jobs().tick(COUNT_JOB)]);
    expect(ticks.filter((t: { ran: boolean }) => t.ran)).toHaveLength(1);
    expect((await jobs().tick(COUNT_JOB)).ran).toBe(false);
    expect(probe().runs).toBe(before + 1);
    // Another instance cannot take the lease while it runs…
    expect(await jobs().claim(COUNT_JOB, 1000)).toBe(false);
    const row = await leaseRow();
    expect(Number(row.lease_until)).toBeGreaterThan(Date.now() + 3_000_000);
    expect(JSON.parse(row.last_result)).toEqual({ runs: before + 1 });
    expect(typeof (await probe().api.storage.get('lastRun'))).toBe('string');
    // …and once the interval is over, the next tick runs it again.
    await strapi.db.connection('after_sales_job_claims').where({ job: COUNT_JOB }).update({ lease_until: 0 });
    expect((await jobs().tick(COUNT_JOB)).ran).toBe(true);
    expect(probe().runs).toBe(before + 2);
  });

  it('a job is switched off by its environment variable on this instance, and by disabling its extension', async () => {
    const runs = probe().runs;
    const lapse = () => strapi.db.connection('after_sales_job_claims').where({ job: COUNT_JOB }).update({ lease_until: 0 });
    await lapse();
    // AFTER_SALES_JOB_TEST_API_PROBE_COUNT=off, as config/plugins.ts passes it in at start.
    strapi.config.set('plugin::after-sales.jobSwitches', { AFTER_SALES_JOB_TEST_API_PROBE_COUNT: 'off' });
    try {
      expect((await jobs().tick(COUNT_JOB)).ran).toBe(false);
    } finally {
      strapi.config.set('plugin::after-sales.jobSwitches', {});
    }
    expect(probe().runs).toBe(runs);
    expect(Number((await leaseRow()).lease_until)).toBe(0);

    await setProbeEnabled(false);
    expect(jobs().list()).not.toContain(COUNT_JOB);
    expect((await jobs().tick(COUNT_JOB)).ran).toBe(false);
    const fastRuns = probe().fastRuns;
    await new Promise((r) => setTimeout(r, 300));
    expect(probe().fastRuns).toBe(fastRuns);

    await setProbeEnabled(true);
    expect(jobs().list()).toEqual(expect.arrayContaining([COUNT_JOB, 'test.api-probe.fast']));
    expect((await jobs().tick(COUNT_JOB)).ran).toBe(true);
  });
});

/** Every file under a folder, recursively, with its path relative to the plugin's server/src. */
const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [path.relative(PLUGIN_SRC, full)] : [];
  });
const read = (file: string) => fs.readFileSync(path.join(PLUGIN_SRC, file), 'utf8');

describe('the extension API v1: clock, workflow, outbox, thread, intake.submit', () => {
  const FEEDBACK = 'api::feedback.feedback';

  it('appends thread entries in order, keeps an external id once, hides internal ones on request', async () => {
    const fb = await createFeedback(strapi);
    const { thread } = probe().api;
    const heard: number[] = [];
    const subscription = probe().api.events.onThreadEntry((entry) => void heard.push(entry.id));
    const first = await thread.append({
      contentType: FEEDBACK,
      documentId: fb.documentId,
      kind: 'message-in',
      channel: 'email',
      author: { kind: 'customer', name: 'Li Lei' },
      bodyText: '打印机卡纸',
      externalId: '<m1@example.cn>',
    });
    const note = await thread.append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'note', author: { kind: 'admin', id: 1, name: 'Agent' }, bodyText: '已联系工程师' });
    const again = await thread.append({
      contentType: FEEDBACK,
      documentId: fb.documentId,
      kind: 'message-in',
      author: { kind: 'customer', name: 'Li Lei' },
      bodyText: 'repeat',
      externalId: '<m1@example.cn>',
    });
    expect(first.duplicate).toBe(false);
    expect(note.visibility).toBe('internal');
    expect(again).toMatchObject({ id: first.id, duplicate: true, bodyText: '打印机卡纸' });
    expect((await thread.list(FEEDBACK, fb.documentId)).map((e) => e.id)).toEqual([first.id, note.id]);
    expect((await thread.list(FEEDBACK, fb.documentId, { internal: false })).map((e) => e.kind)).toEqual(['message-in']);
    expect((await thread.findByExternalId('<m1@example.cn>'))?.id).toBe(first.id);
    expect(heard).toEqual([first.id, note.id]);
    await subscription.dispose();
  });

  it('tells listeners only after commit, nothing after a rollback; refuses bad input naming the field', async () => {
    const fb = await createFeedback(strapi);
    const heard: string[] = [];
    const subscription = probe().api.events.onThreadEntry((entry) => void heard.push(String(entry.bodyText)));
    await expect(
      strapi.db.transaction(async () => {
        await probe().api.thread.append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'reply', author: { kind: 'admin', id: 1, name: 'A' }, bodyText: 'rolled back' });
        expect(heard).toEqual([]);
        throw new Error('roll back');
      })
    ).rejects.toThrow('roll back');
    expect(heard).toEqual([]);
    expect(await probe().api.thread.list(FEEDBACK, fb.documentId)).toEqual([]);
    await expect(probe().api.thread.append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'reply', author: { kind: 'admin', name: 'A' }, bodyText: ' ' })).rejects.toMatchObject({
      details: { errors: [{ path: ['bodyText'] }] },
    });
    await expect(
      probe().api.thread.append({ contentType: FEEDBACK, documentId: fb.documentId, kind: 'note', visibility: 'public', author: { kind: 'admin', name: 'A' }, bodyText: 'x' })
    ).rejects.toMatchObject({ details: { errors: [{ path: ['visibility'] }] } });
    await subscription.dispose();
  });

  it('reads the business clock, queues an outbox message once with its id, performs a workflow action as the system', async () => {
    const api = probe().api;
    expect(Math.abs(api.clock.now().getTime() - strapi.plugin('after-sales').service('clock').now().getTime())).toBeLessThan(1000);
    const fb = await createFeedback(strapi);
    const message = {
      dedupeKey: `probe:${fb.documentId}`,
      contentType: FEEDBACK,
      documentId: fb.documentId,
      templateKey: 'probe',
      channel: 'probe',
      recipient: 'x',
      subject: null,
      bodyText: 'hi',
      bodyHtml: null,
      trigger: 'test',
    };
    const queued = await api.outbox.enqueue(message);
    expect(queued.id).toEqual(expect.any(Number));
    expect(await api.outbox.enqueue(message)).toEqual(queued);
    expect((await api.outbox.history(FEEDBACK, fb.documentId)).length).toBe(1);
    const actor = api.workflow.systemActor();
    expect(actor).toMatchObject({ kind: 'system', name: 'test.api-probe' });
    const timeline = await api.workflow.timeline(FEEDBACK, fb.documentId);
    expect(Array.isArray(timeline)).toBe(true);
    await expect(api.workflow.perform(FEEDBACK, fb.documentId, 'acknowledge', { version: 999 }, actor)).rejects.toMatchObject({ status: 409 });
  });

  it("sends a customer a contributed template with its own variables on the customer's channel, once per key; nothing to one no channel reaches or one erased", async () => {
    const api = probe().api;
    const CUSTOMER = 'api::customer.customer';
    const customer = await strapi.db.query(CUSTOMER).create({ data: { documentId: `probe-c-${Date.now()}`, name: '赵敏', email: 'zhao.min@example.cn', locale: 'zh-Hans' } });
    const request = {
      templateKey: 'test.probe-notice',
      customer: customer.documentId,
      variables: { probe: { word: '问题已修复' } },
      dedupeKey: `probe-notice:${customer.documentId}`,
      trigger: 'test.probe',
    };
    expect(await api.customerMessages.send(request)).toMatchObject({ status: 'queued', channel: 'email', locale: 'zh-Hans' });
    expect(await api.customerMessages.send(request)).toMatchObject({ status: 'queued', channel: 'email' });
    const history = await api.outbox.history(CUSTOMER, customer.documentId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ templateKey: 'test.probe-notice', channel: 'email', recipient: 'zhao.min@example.cn', subject: '探针通知', trigger: 'test.probe' });
    expect(history[0].bodyText).toBe('赵敏，您好：问题已修复。' + strapi.config.get('plugin::after-sales.companyName', 'After-sales'));

    // A landline and no email: no channel (SMS cannot reach a landline, there is no address for email).
    const landline = await strapi.db.query(CUSTOMER).create({ data: { documentId: `probe-l-${Date.now()}`, name: '钱先生', phone: '+862164000000', preferredChannel: 'sms' } });
    const unreachable = await api.customerMessages.send({ ...request, customer: landline.documentId, dedupeKey: `probe-notice:${landline.documentId}` });
    expect(unreachable).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(/email: the customer has no address/) });
    expect(await api.outbox.history(CUSTOMER, landline.documentId)).toHaveLength(0);
    await strapi.db.query(CUSTOMER).update({ where: { id: customer.id }, data: { privacyState: 'erased' } });
    expect(await api.customerMessages.send({ ...request, dedupeKey: 'probe-notice:erased' })).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(/erased/) });
    await expect(api.customerMessages.send({ ...request, customer: 'no-such-customer' })).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it("the template editor accepts a template's own variables for that template only", async () => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    const own = await http()
      .put('/after-sales/messages/editor/templates/test.probe-notice')
      .set(auth)
      .send({ data: { locale: 'en', subject: 'Notice', body: 'Hello {{customer.name}}, {{probe.word}}' } });
    expect(own.status).toBe(200);
    const other = await http()
      .put('/after-sales/messages/editor/templates/feedback.acknowledged')
      .set(auth)
      .send({ data: { locale: 'en', subject: 'Notice', body: 'Hello {{probe.word}}' } });
    expect(other.status).toBe(400);
    expect(other.body.error.details.errors[0].path).toEqual(['body']);
    expect((await http().delete('/after-sales/messages/editor/templates/test.probe-notice?locale=en').set(auth)).status).toBe(200);
  });

  it('submits an intake exactly as the public API does (reference, tracking token, customer)', async () => {
    const result = await probe().api.intake.submit(
      { kind: 'feedback', channel: 'email', symptom: '屏幕不亮', customer: { name: '王芳', email: 'wang.fang@example.cn' } },
      { kind: 'api-token', id: 'probe', name: 'probe' }
    );
    expect(result.item.reference).toMatch(/^FB-/);
    expect(result.trackingToken).toEqual(expect.any(String));
    await expect(
      probe().api.intake.submit({ kind: 'feedback', channel: 'email', symptom: 'x', customer: { name: 'A' }, product: { model: 'NO-SUCH' } }, { kind: 'api-token', id: 'probe', name: 'probe' })
    ).rejects.toMatchObject({ name: 'ValidationError', details: { errors: [{ path: ['data', 'product', 'model'] }] } });
  });
});

describe('the seam between the core and the extensions (source)', () => {
  it("no extension activator reaches the plugin's services: no .plugin('after-sales') and no getService in extensions/", () => {
    const extensionFiles = sourceFiles(path.join(PLUGIN_SRC, 'extensions'));
    expect(extensionFiles.length).toBeGreaterThan(10);
    const offenders = extensionFiles.filter((file) => /\.plugin\(\s*['"]after-sales['"]\s*\)|\.plugin\(\s*PLUGIN_ID\s*\)/.test(read(file)));
    expect(offenders).toEqual([]);
    // Every activator (extension.ts) uses the API only.
    const activators = extensionFiles.filter((file) => file.endsWith('/extension.ts'));
    expect(activators.length).toBeGreaterThanOrEqual(6);
    expect(activators.filter((file) => /getService|utils\/get-service|strapi\.service\(|strapi\.plugin\(/.test(read(file)))).toEqual([]);
  });

  it('the core imports no extension folder: only the bundling index (extensions/index.ts), from the host and the wiring lists', () => {
    const extensionsDir = path.join(PLUGIN_SRC, 'extensions');
    /** The extension folder (or the bundling index, `extensions`) a file imports, resolved from its own folder. */
    const extensionImports = (file: string) =>
      [...read(file).matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)]
        .map((m) => path.resolve(path.dirname(path.join(PLUGIN_SRC, file)), m[1]))
        .filter((target) => target === extensionsDir || target.startsWith(`${extensionsDir}${path.sep}`))
        .map((target) => path.relative(PLUGIN_SRC, target));
    const core = sourceFiles(PLUGIN_SRC).filter((file) => !file.startsWith(`extensions${path.sep}`));
    const found = Object.fromEntries(core.map((file) => [file, extensionImports(file)]).filter(([, targets]) => targets.length));
    // The host reads the built-ins' manifests and code from the bundling index; the wiring lists
    // spread the built-ins' services, controllers and routes from it. No core file names a folder.
    const BUNDLING_INDEX_READERS = ['services/extension-host.ts', 'services/index.ts', 'controllers/index.ts', 'routes/admin.ts', 'routes/content-api.ts'].map((f) => f.split('/').join(path.sep));
    expect(Object.keys(found).sort()).toEqual([...BUNDLING_INDEX_READERS].sort());
    for (const file of BUNDLING_INDEX_READERS) expect(found[file]).toEqual(['extensions']);
  });

  it('the core names no built-in extension id', () => {
    const core = sourceFiles(PLUGIN_SRC).filter((file) => !file.startsWith(`extensions${path.sep}`));
    const code = (file: string) =>
      read(file)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
    const named = core.filter((file) => /['"`]after-sales\.(sla|privacy|messages|classifier|essentials|[a-z-]+-workflow)['"`]/.test(code(file)));
    expect(named).toEqual([]);
  });
});
