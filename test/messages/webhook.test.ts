import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

const SECRET = 'webhook-test-secret';
let strapi: Core.Strapi;
let server: http.Server;
let url: string;
const received: { body: string; signature: string | undefined; delivery: string | undefined }[] = [];
let answerWith = 500;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-after-sales-signature'] as string | undefined, delivery: req.headers['x-after-sales-delivery'] as string | undefined });
      res.statusCode = answerWith;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/after-sales`;
  strapi = await bootStrapi({ env: { AFTER_SALES_WEBHOOK_SECRET: SECRET, AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
});
afterAll(async () => {
  strapi?.plugin('after-sales').service('clock').set(null);
  await stopStrapi(strapi);
  delete process.env.AFTER_SALES_WEBHOOK_SECRET;
  await new Promise((resolve) => server.close(resolve));
});

describe('the webhook channel', () => {
  it('POSTs the message signed with HMAC-SHA256, retries after a failure and delivers it once', async () => {
    const outbox = strapi.plugin('after-sales').service('outbox');
    const clock = strapi.plugin('after-sales').service('clock');
    const start = new Date('2026-11-25T02:00:00Z');
    clock.set(start);
    await outbox.enqueue({
      dedupeKey: 'webhook-test-1',
      reference: 'FB-20261125-0001',
      templateKey: 'feedback.progress',
      channel: 'webhook',
      locale: 'en',
      recipient: url,
      subject: 'Progress on FB-20261125-0001',
      bodyText: 'We are on it.',
      bodyHtml: null,
      trigger: 'test',
    });

    // The receiver fails first: the message stays pending for a retry, with the error kept.
    expect(await outbox.dispatch()).toMatchObject({ sent: 0, retried: 1 });
    const [pending] = await strapi.db.connection('after_sales_outbox').where({ dedupe_key: 'webhook-test-1' });
    expect(pending.status).toBe('pending');
    expect(pending.last_error).toMatch(/webhook answered 500/);
    expect(await outbox.dispatch()).toMatchObject({ sent: 0, retried: 0 }); // not due yet

    answerWith = 204;
    clock.set(new Date(start.getTime() + 31_000));
    expect(await outbox.dispatch()).toMatchObject({ sent: 1 });
    expect(await outbox.dispatch()).toMatchObject({ sent: 0 });

    expect(received).toHaveLength(2);
    const delivered = received[1];
    const expected = `sha256=${crypto.createHmac('sha256', SECRET).update(delivered.body).digest('hex')}`;
    expect(delivered.signature).toBe(expected);
    expect(delivered.delivery).toBe(String(pending.id));
    expect(JSON.parse(delivered.body)).toMatchObject({ id: Number(pending.id), reference: 'FB-20261125-0001', subject: 'Progress on FB-20261125-0001', text: 'We are on it.' });
    const [sent] = await strapi.db.connection('after_sales_outbox').where({ dedupe_key: 'webhook-test-1' });
    expect(sent.status).toBe('sent');
    expect(Number(sent.attempts)).toBe(2);
  });
});
