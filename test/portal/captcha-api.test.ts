// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- altcha-lib publishes its types through `exports`, which this resolution mode does not read; the shim points at them
/// <reference path="../../src/plugins/after-sales/server/src/types/altcha-lib.d.ts" />
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct } from '../helpers/fixtures';

/** altcha-lib as the plugin resolves it (a dependency of the plugin, not of the app). */
const fromPlugin = <T>(name: string): T => require(require.resolve(name, { paths: [path.join(APP_DIR, 'src/plugins/after-sales')] }));
const altcha = fromPlugin<typeof import('altcha-lib')>('altcha-lib');
const { deriveKey } = fromPlugin<typeof import('altcha-lib/algorithms/pbkdf2')>('altcha-lib/algorithms/pbkdf2');

const KEY = 'test-altcha-key-0123456789-abcdefghijklmnop';
const SITE = 'http://127.0.0.1:1405';
const ENV = { AFTER_SALES_ALTCHA_HMAC_KEY: KEY, AFTER_SALES_ALTCHA_COST: '10', AFTER_SALES_ALTCHA_MAX_COUNTER: '40', AFTER_SALES_WIDGET_ORIGINS: SITE };

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const captcha = () => strapi.plugin('after-sales').service('portal-captcha');
const claims = () => strapi.db.connection('after_sales_captcha_claims').count({ n: '*' }).first();

type Challenge = Awaited<ReturnType<typeof altcha.createChallenge>>;
const encode = (challenge: Challenge, solution: unknown) => Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
/** Solves a challenge the way the widget does (same library, same algorithm), in this process. */
const solve = async (challenge: Challenge) => {
  const solution = await altcha.solveChallenge({ challenge, deriveKey, timeout: 20_000 });
  if (!solution) throw new Error('could not solve the challenge');
  return encode(challenge, solution);
};
const fetchChallenge = async (): Promise<Challenge> => {
  const res = await http().get('/api/after-sales/captcha/challenge');
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
  await createProduct(strapi, { modelCode: 'AP-200', name: 'Air purifier', category: 'air' });
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('the proof-of-work CAPTCHA (altcha)', () => {
  it('issues signed challenges that are never cached', async () => {
    const res = await http().get('/api/after-sales/captcha/challenge');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.parameters).toEqual(expect.objectContaining({ algorithm: 'PBKDF2/SHA-256', cost: 10, keySignature: expect.any(String) }));
    expect(res.body.parameters.expiresAt).toBeGreaterThan(Date.now() / 1000 + 19 * 60);
    expect(res.body.parameters.expiresAt).toBeLessThan(Date.now() / 1000 + 21 * 60);
    expect(res.body.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a solved challenge once, and refuses it when it comes again', async () => {
    const payload = await solve(await fetchChallenge());
    expect(await captcha().verify(payload)).toEqual({ ok: true });
    expect(await captcha().verify(payload)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts one of several copies of a solution sent at the same moment', async () => {
    const payload = await solve(await fetchChallenge());
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => captcha().verify(payload)));
    expect(verdicts.filter((v: { ok: boolean }) => v.ok)).toHaveLength(1);
    expect(verdicts.filter((v: { ok: boolean; reason?: string }) => v.reason === 'replayed')).toHaveLength(5);
  });

  it('refuses forged solutions: a wrong key, changed parameters, another server’s challenge, no work', async () => {
    const before = (await claims())!.n;
    const challenge = await fetchChallenge();
    const solved = JSON.parse(Buffer.from(await solve(challenge), 'base64').toString());
    const wrongKey = encode(challenge, { ...solved.solution, derivedKey: 'ab'.repeat(32) });
    expect(await captcha().verify(wrongKey)).toEqual({ ok: false, reason: 'forged' });
    const cheaper = encode({ ...challenge, parameters: { ...challenge.parameters, keyPrefix: '00' } }, solved.solution);
    expect(await captcha().verify(cheaper)).toEqual({ ok: false, reason: 'forged' });
    const longer = encode({ ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt! + 86400 } }, solved.solution);
    expect(await captcha().verify(longer)).toEqual({ ok: false, reason: 'forged' });
    const elsewhere = await altcha.createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 10,
      counter: 20,
      deriveKey,
      expiresAt: new Date(Date.now() + 60_000),
      hmacSignatureSecret: 'another-server-key-0123456789-abcdefgh',
    });
    expect(await captcha().verify(await solve(elsewhere))).toEqual({ ok: false, reason: 'forged' });
    const unsigned = await altcha.createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 10, counter: 20, deriveKey, expiresAt: new Date(Date.now() + 60_000) });
    expect(await captcha().verify(await solve(unsigned))).toEqual({ ok: false, reason: 'malformed' });
    expect(await captcha().verify('bm90IGpzb24=')).toEqual({ ok: false, reason: 'malformed' });
    expect(await captcha().verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    // Nothing refused was claimed, so the real solution still counts once.
    expect((await claims())!.n).toBe(before);
    expect(await captcha().verify(encode(challenge, solved.solution))).toEqual({ ok: true });
  });

  it('refuses an expired challenge, even one we signed, and forgets claims once they expire', async () => {
    const expired = await altcha.createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 10,
      counter: 20,
      deriveKey,
      expiresAt: new Date(Date.now() - 1000),
      hmacSignatureSecret: KEY,
    });
    expect(await captcha().verify(await solve(expired))).toEqual({ ok: false, reason: 'expired' });
    await strapi.db.connection('after_sales_captcha_claims').insert({ challenge_id: 'f'.repeat(32), expires_at: Date.now() - 1 });
    await captcha().verify(await solve(await fetchChallenge()));
    expect(
      await strapi.db
        .connection('after_sales_captcha_claims')
        .where({ challenge_id: 'f'.repeat(32) })
        .first()
    ).toBeUndefined();
  });
});

describe('the public product list', () => {
  it('is cached a minute and revalidated with its ETag', async () => {
    const first = await http().get('/api/after-sales/products');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([{ model: 'AP-200', name: 'Air purifier', category: 'air', warrantyMonths: 12 }]);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await http().get('/api/after-sales/products').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    await createProduct(strapi, { modelCode: 'AP-300', name: 'Air purifier XL' });
    const changed = await http().get('/api/after-sales/products').set('If-None-Match', first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.body.data.map((p: { model: string }) => p.model)).toEqual(['AP-200', 'AP-300']);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });
});

describe('CORS: the intake and the challenge answer only the configured sites', () => {
  const preflight = (path: string, origin: string) =>
    http().options(path).set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,idempotency-key');

  it('lets a configured site post an intake with Idempotency-Key', async () => {
    const res = await preflight('/api/after-sales/intake', SITE);
    expect(res.status).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe(SITE);
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');
    const challenge = await http().get('/api/after-sales/captcha/challenge').set('Origin', SITE);
    expect(challenge.headers['access-control-allow-origin']).toBe(SITE);
  });

  it('gives any other site no CORS answer on those paths, and keeps the rest of the API open', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1406', 'null']) {
      expect((await preflight('/api/after-sales/intake', origin)).headers['access-control-allow-origin']).toBeUndefined();
      expect((await http().get('/api/after-sales/captcha/challenge').set('Origin', origin)).headers['access-control-allow-origin']).toBeUndefined();
    }
    const products = await http().get('/api/after-sales/products').set('Origin', 'https://evil.example');
    expect(products.headers['access-control-allow-origin']).toBe('https://evil.example');
  });
});
