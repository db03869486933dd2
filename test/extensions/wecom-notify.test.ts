import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';

const SECTION = 'example.wecom-notify.messages-per-channel';
let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let robot: http.Server;
let robotUrl: string;
const received: { path: string; body: unknown }[] = [];
let answer: { status: number; body: object } = { status: 200, body: { errcode: 0, errmsg: 'ok' } };

const api = () => request(strapi.server.httpServer);
const as = (session: AdminSession) => ({
  get: (path: string) => api().get(path).set('Authorization', `Bearer ${session.token}`),
  put: (path: string, body: object) => api().put(path).set('Authorization', `Bearer ${session.token}`).send(body),
});
const sectionsOf = async (month: string) => {
  const res = await as(manager).get(`/after-sales/reports/sections?month=${month}`);
  expect(res.status).toBe(200);
  return res.body.data as { id: string; extensionId: string; status: string; error?: string; data?: { columns: { key: string }[]; rows: Record<string, unknown>[] } }[];
};

beforeAll(async () => {
  robot = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.statusCode = answer.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-key`;
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
});
afterAll(async () => {
  strapi?.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  await new Promise((resolve) => robot.close(resolve));
});

describe('the example third-party extension example.wecom-notify', () => {
  it('contributes a second message channel, listed beside the built-in ones with its title', async () => {
    const res = await as(manager).get('/after-sales/messages/channels');
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual(['email', 'webhook', 'sms', 'wecom']);
    expect(res.body.data.find((c: { id: string }) => c.id === 'wecom')).toEqual({
      id: 'wecom',
      title: { en: 'WeCom group robot', 'zh-Hans': '企业微信群机器人' },
      extensionId: 'example.wecom-notify',
      registered: true,
      configured: true,
    });
    // No SMTP in tests: email is registered but not configured.
    expect(res.body.data.find((c: { id: string }) => c.id === 'email')).toMatchObject({ extensionId: 'after-sales.messages', registered: true, configured: false });
    expect((await as(agent).get('/after-sales/messages/channels')).status).toBe(403);
  });

  it('templates may be edited for the contributed channel; an unknown channel is a 400 naming the field', async () => {
    const saved = await as(manager).put('/after-sales/messages/editor/templates/complaint.registered', {
      data: { channel: 'wecom', locale: 'zh-Hans', subject: '新投诉 {{item.reference}}', body: '{{customer.name}} 的投诉已登记' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({
      key: 'complaint.registered',
      channel: 'wecom',
      locales: { 'zh-Hans': { source: 'saved', subject: '新投诉 {{item.reference}}' }, en: { source: 'default' } },
    });
    const listed = await as(manager).get('/after-sales/messages/editor/templates?channel=wecom');
    expect(listed.body.data.find((t: { key: string }) => t.key === 'complaint.registered').customised).toEqual(['zh-Hans']);
    // The email text is untouched.
    const email = await as(manager).get('/after-sales/messages/editor/templates/complaint.registered?channel=email');
    expect(email.body.data.locales['zh-Hans'].source).toBe('default');

    const unknown = await as(manager).put('/after-sales/messages/editor/templates/complaint.registered', { data: { channel: 'fax', locale: 'en', subject: 'x', body: 'y' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('channel: must be one of email, webhook, sms, wecom');
    expect(unknown.body.error.details.errors).toMatchObject([{ path: ['channel'], message: 'must be one of email, webhook, sms, wecom' }]);
    expect((await as(manager).get('/after-sales/messages/editor/templates?channel=fax')).status).toBe(400);

    // The same rule holds for the Content Manager and the document service: the column is a text now, the list is data.
    await expect(
      strapi.documents('plugin::after-sales.message-template' as any).create({ data: { key: 'complaint.closed', channel: 'fax', locale: 'en', subject: 'x', body: 'y' } as any })
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'channel: must be one of email, webhook, sms, wecom',
    });
    expect(await strapi.db.query('plugin::after-sales.message-template' as any).count({ where: { channel: 'fax' } })).toBe(0);
  });

  it('delivers a message of its channel to the group robot as {msgtype: text}, and retries when the robot refuses', async () => {
    const outbox = strapi.plugin('after-sales').service('outbox');
    const clock = strapi.plugin('after-sales').service('clock');
    const start = new Date('2026-11-25T02:00:00Z');
    clock.set(start);
    const message = { contentType: null, documentId: null, templateKey: 'complaint.registered', channel: 'wecom', locale: 'zh-Hans', recipient: robotUrl, bodyHtml: null, trigger: 'test' };
    await outbox.enqueue({ ...message, dedupeKey: 'wecom-1', reference: 'CP-20261125-0001', subject: '新投诉 CP-20261125-0001', bodyText: '王先生 的投诉已登记' });
    expect(await outbox.dispatch()).toMatchObject({ sent: 1 });
    expect(received).toEqual([{ path: '/cgi-bin/webhook/send?key=test-key', body: { msgtype: 'text', text: { content: '新投诉 CP-20261125-0001\n\n王先生 的投诉已登记\n\n[CP-20261125-0001]' } } }]);

    // The robot answers 200 with an error code: a failure, kept for a retry with the robot's words.
    answer = { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } };
    await outbox.enqueue({ ...message, dedupeKey: 'wecom-2', reference: 'CP-20261125-0002', subject: '新投诉 CP-20261125-0002', bodyText: '李女士 的投诉已登记' });
    expect(await outbox.dispatch()).toMatchObject({ sent: 0, retried: 1 });
    const [pending] = await strapi.db.connection('after_sales_outbox').where({ dedupe_key: 'wecom-2' });
    expect(pending).toMatchObject({ status: 'pending', channel: 'wecom' });
    expect(pending.last_error).toContain('the WeCom robot refused the message: errcode 93000 invalid webhook url');
    answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  });

  it('contributes a report section: messages of the month per channel and outcome', async () => {
    const outbox = strapi.plugin('after-sales').service('outbox');
    // One more in November (no address: failed at once) and one in December (another month).
    await outbox.enqueue({
      dedupeKey: 'email-1',
      reference: 'FB-20261125-0001',
      templateKey: 'feedback.acknowledged',
      channel: 'email',
      locale: 'en',
      recipient: null,
      subject: 's',
      bodyText: 't',
      bodyHtml: null,
      trigger: 'test',
    });
    strapi.plugin('after-sales').service('clock').set(new Date('2026-12-01T01:00:00Z')); // 09:00 on 1 December in Shanghai
    await outbox.enqueue({
      dedupeKey: 'email-2',
      reference: 'FB-20261201-0001',
      templateKey: 'feedback.acknowledged',
      channel: 'email',
      locale: 'en',
      recipient: 'a@example.cn',
      subject: 's',
      bodyText: 't',
      bodyHtml: null,
      trigger: 'test',
    });

    const [section] = (await sectionsOf('2026-11')).filter((s) => s.id === SECTION);
    expect(section).toMatchObject({ id: SECTION, extensionId: 'example.wecom-notify', status: 'ok', title: { en: 'Customer messages per channel', 'zh-Hans': '各渠道客户消息数' } });
    expect(section.data!.columns.map((c) => c.key)).toEqual(['channel', 'queued', 'sent', 'waiting', 'failed']);
    expect(section.data!.rows).toEqual([
      { channel: 'wecom', queued: 2, sent: 1, waiting: 1, failed: 0 },
      { channel: 'email', queued: 1, sent: 0, waiting: 0, failed: 1 },
    ]);
    const [december] = (await sectionsOf('2026-12')).filter((s) => s.id === SECTION);
    expect(december.data!.rows).toEqual([{ channel: 'email', queued: 1, sent: 0, waiting: 1, failed: 0 }]);
    expect((await sectionsOf('2026-10')).find((s) => s.id === SECTION)!.data!.rows).toEqual([]);
  });

  it('contributes a dashboard widget: messages waiting per channel, for any signed-in staff member', async () => {
    const res = await as(agent).get('/after-sales/dashboard/widgets');
    expect(res.status).toBe(200);
    // The built-in extensions' widgets (the SLA calendar warning) are listed beside it.
    expect(res.body.data.filter((w: { extensionId: string }) => w.extensionId === 'example.wecom-notify')).toEqual([
      {
        id: 'example.wecom-notify.waiting',
        extensionId: 'example.wecom-notify',
        title: { en: 'Messages waiting to be sent', 'zh-Hans': '待发送的消息' },
        description: { en: 'Queued or held messages, by channel.', 'zh-Hans': '排队或暂存的消息,按渠道统计。' },
        status: 'ok',
        data: {
          columns: [
            { key: 'channel', title: { en: 'Channel', 'zh-Hans': '渠道' } },
            { key: 'pending', title: { en: 'Queued', 'zh-Hans': '排队中' } },
            { key: 'held', title: { en: 'Held (channel not set up)', 'zh-Hans': '暂存(渠道未配置)' } },
          ],
          rows: [
            { channel: 'email', pending: 1, held: 0 },
            { channel: 'wecom', pending: 1, held: 0 },
          ],
        },
      },
    ]);
    expect((await api().get('/after-sales/dashboard/widgets')).status).toBe(401);
  });

  it('refuses a bad month or an unknown parameter naming it, and an agent without the report permission', async () => {
    const bad = await as(manager).get('/after-sales/reports/sections?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors).toMatchObject([{ path: ['month'], message: 'must be YYYY-MM' }]);
    const unknown = await as(manager).get('/after-sales/reports/sections?month=2026-11&colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('colour: is not a known parameter');
    expect((await as(agent).get('/after-sales/reports/sections?month=2026-11')).status).toBe(403);
  });

  it('shows a failing or slow section as that section’s error, not a 500; an undeclared id cannot be registered', async () => {
    const sections = strapi.plugin('after-sales').service('contributed-sections');
    const manifest = strapi.plugin('after-sales').service('extension-host').get('example.wecom-notify').manifest;
    expect(() => sections.registerSection(manifest, 'example.wecom-notify.undeclared', async () => ({ columns: [], rows: [] }))).toThrow(
      'extension example.wecom-notify registers report section "example.wecom-notify.undeclared" that its manifest does not declare under contributes.reports'
    );

    sections.registerSection(manifest, SECTION, async () => {
      throw new Error('the outbox table is away');
    });
    expect((await sectionsOf('2026-11')).find((s) => s.id === SECTION)).toMatchObject({ status: 'error', error: 'the outbox table is away' });

    sections.registerSection(manifest, SECTION, async () => ({ columns: [{ key: 'a', title: 'A' }], rows: [{ a: { nested: 1 } }] }));
    expect((await sectionsOf('2026-11')).find((s) => s.id === SECTION)).toMatchObject({
      status: 'error',
      error: "the section's data is invalid: rows[0].a must be a text, a number, true/false or null",
    });

    let aborted = false;
    sections.registerSection(
      manifest,
      SECTION,
      ({ signal }: { signal: AbortSignal }) => new Promise((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve({ columns: [{ key: 'a', title: 'A' }], rows: [] }))))
    );
    strapi.config.set('plugin::after-sales.sectionTimeoutMs', 100);
    try {
      expect((await sectionsOf('2026-11')).find((s) => s.id === SECTION)).toMatchObject({ status: 'error', error: 'did not answer within 100 ms' });
      expect(aborted).toBe(true);
    } finally {
      strapi.config.set('plugin::after-sales.sectionTimeoutMs', 10_000);
    }
  });

  it('disabled, its channel and section are gone (a template on that channel is refused); enabled again, both are back', async () => {
    const off = await api().put('/after-sales/extensions/example.wecom-notify').set('Authorization', `Bearer ${manager.token}`).send({ enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.data.state).toBe('disabled');
    expect((await as(manager).get('/after-sales/messages/channels')).body.data.map((c: { id: string }) => c.id)).toEqual(['email', 'webhook', 'sms']);
    expect((await sectionsOf('2026-11')).find((s) => s.id === SECTION)).toBeUndefined();
    expect((await as(manager).get('/after-sales/dashboard/widgets')).body.data.filter((w: { extensionId: string }) => w.extensionId === 'example.wecom-notify')).toEqual([]);
    const refused = await as(manager).put('/after-sales/messages/editor/templates/complaint.registered', { data: { channel: 'wecom', locale: 'en', subject: 'x', body: 'y' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('channel: must be one of email, webhook, sms');
    // Its queued messages wait: the outbox has no provider for the channel any more.
    expect(strapi.plugin('after-sales').service('outbox').channelStatus('wecom')).toBe('no-provider');

    await api().put('/after-sales/extensions/example.wecom-notify').set('Authorization', `Bearer ${manager.token}`).send({ enabled: true });
    expect((await as(manager).get('/after-sales/messages/channels')).body.data.find((c: { id: string }) => c.id === 'wecom')).toMatchObject({ registered: true });
    // Re-activated: its own handler is registered again (replacing the test's slow one).
    expect((await sectionsOf('2026-11')).find((s) => s.id === SECTION)).toMatchObject({
      status: 'ok',
      data: {
        rows: [
          { channel: 'wecom', queued: 2 },
          { channel: 'email', queued: 1 },
        ],
      },
    });
  });
});
