// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- altcha-lib publishes its types through `exports`, which this resolution mode does not read; the shim points at them
/// <reference path="../../src/plugins/after-sales/server/src/types/altcha-lib.d.ts" />
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, bootStrapi, stopStrapi } from '../helpers/strapi';
import { createProduct, ensureDepartments } from '../helpers/fixtures';

/** altcha-lib as the plugin resolves it (a dependency of the plugin, not of the app). */
const fromPlugin = <T>(name: string): T => require(require.resolve(name, { paths: [path.join(APP_DIR, 'src/plugins/after-sales')] }));
const altcha = fromPlugin<typeof import('altcha-lib')>('altcha-lib');
const { deriveKey } = fromPlugin<typeof import('altcha-lib/algorithms/pbkdf2')>('altcha-lib/algorithms/pbkdf2');

const KEY = 'test-altcha-key-0123456789-abcdefghijklmnop';
const SITE = 'http://127.0.0.1:1407';
const ENV = {
  AFTER_SALES_ALTCHA_HMAC_KEY: KEY,
  AFTER_SALES_ALTCHA_COST: '10',
  AFTER_SALES_ALTCHA_MAX_COUNTER: '40',
  AFTER_SALES_WIDGET_ORIGINS: SITE,
  AFTER_SALES_INTAKE_MAX_FILE_BYTES: '2000',
  AFTER_SALES_INTAKE_FILE_TYPES: 'image/png,image/jpeg',
  AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
  AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000',
  AFTER_SALES_SCHEDULER: 'off',
  AFTER_SALES_DISPATCHER: 'off',
};
const FORM = '/after-sales/portal/feedback';
/** A real 1×1 PNG (the upload plugin checks images with sharp). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

type Challenge = Awaited<ReturnType<typeof altcha.createChallenge>>;
const encode = (challenge: Challenge, solution: unknown) => Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
/** A solved CAPTCHA as the widget sends it: a challenge fetched from our route, solved with the same library. */
const solved = async () => {
  const res = await http().get('/api/after-sales/captcha/challenge');
  expect(res.status).toBe(200);
  const solution = await altcha.solveChallenge({ challenge: res.body, deriveKey, timeout: 20_000 });
  if (!solution) throw new Error('could not solve the challenge');
  return encode(res.body, solution);
};

type Fields = Record<string, string>;
const valid = (overrides: Fields = {}): Fields => ({
  kind: 'problem',
  model: 'AP-200',
  batch: 'B2026-11',
  symptom: '滤网指示灯一直闪烁,换了滤网也不灭',
  scenario: '每次开机后',
  name: '王芳',
  contact: `1380013${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
  ...overrides,
});
/** Posts the form as a browser does (multipart), with photos and the CAPTCHA's payload. */
const post = (fields: Fields, options: { lang?: string; photos?: { buffer: Buffer; name: string; type: string }[]; altcha?: string | null } = {}) => {
  let req = http().post(`${FORM}${options.lang ? `?lang=${options.lang}` : ''}`);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (options.altcha !== null && options.altcha !== undefined) req = req.field('altcha', options.altcha);
  for (const photo of options.photos ?? []) req = req.attach('photos', photo.buffer, { filename: photo.name, contentType: photo.type });
  return req;
};
const feedbackCount = () => strapi.db.query('api::feedback.feedback').count();
/** The message shown beside a field after a refusal (`<p class="errors" id="f-<field>-error">`). */
const fieldError = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]+)<`).exec(html)?.[1] ?? null;

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
  await ensureDepartments(strapi);
  await createProduct(strapi, { modelCode: 'AP-200', name: 'Air purifier', category: 'air' });
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('the feedback form page', () => {
  it('shows the form with the catalogue, the CAPTCHA and a strict CSP that only the widget’s sites may frame', async () => {
    const res = await http().get(`${FORM}?lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<option value="AP-200">AP-200 · Air purifier</option>');
    expect(res.text).toContain('<altcha-widget challenge="/api/after-sales/captcha/challenge"');
    expect(res.text).toContain('enctype="multipart/form-data"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`frame-ancestors 'self' ${SITE}`);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    // The scripts it names are served, compressed and versioned.
    for (const src of [...res.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1].replace(/&#x3D;/g, '='))) {
      const asset = await http().get(src).set('Accept-Encoding', 'gzip');
      expect([src, asset.status, asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual([src, 200, 'gzip', 'public, max-age=31536000, immutable']);
    }
    expect((await http().get('/after-sales/portal/assets/nothing.js')).status).toBe(404);
  });

  it('registers a valid form with a photo through the intake and answers with the reference, the deadline and the tracking link', async () => {
    const before = await feedbackCount();
    const res = await post(valid(), { photos: [{ buffer: PNG, name: '指示灯.png', type: 'image/png' }], altcha: await solved() });
    expect(res.status).toBe(200);
    expect(await feedbackCount()).toBe(before + 1);
    const reference = /class="reference">([^<]+)</.exec(res.text)?.[1];
    expect(reference).toMatch(/^FB-\d{8}-\d{4}$/);
    expect(res.text).toContain('我们将在此时间前答复您');
    const link = /href="(\/after-sales\/portal\/track\/[^"]+)"/.exec(res.text)?.[1] ?? '';
    const [, , , , ref, token] = link.split('?')[0].split('/');
    expect(ref).toBe(reference);
    expect(token.length).toBeGreaterThan(10);
    const feedback = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference }, populate: { customer: true, product: true } });
    expect(feedback).toMatchObject({ channel: 'website', symptom: '滤网指示灯一直闪烁,换了滤网也不灭', scenario: '每次开机后', batch: 'B2026-11' });
    expect(feedback.product.modelCode).toBe('AP-200');
    expect(feedback.customer.locale).toBe('zh-Hans');
    // The tracking token is the one the intake issued for this case (the public tracking API answers with it).
    expect((await http().get(`/api/after-sales/track/${reference}?token=${encodeURIComponent(decodeURIComponent(token))}`)).status).toBe(200);
    const entries = await strapi.db.connection('after_sales_thread_entries').where({ document_id: feedback.documentId, entry_kind: 'message-in' });
    expect(JSON.parse(entries[0].attachments)).toEqual([expect.objectContaining({ mime: 'image/png', name: '指示灯.png' })]);
  });

  it('shows a refused field again beside it, in the page’s language, keeping what was typed, and registers nothing', async () => {
    const before = await feedbackCount();
    const en = await post(valid({ contact: 'not a phone', symptom: 'The <b>light</b> blinks' }), { lang: 'en', altcha: await solved() });
    expect(en.status).toBe(400);
    expect(fieldError(en.text, 'contact')).toBe('Please enter a mobile phone number or an email address we can reach you at.');
    expect(en.text).toContain('aria-invalid="true"');
    expect(en.text).toContain('href="#f-contact"');
    expect(en.text).toContain('The &lt;b&gt;light&lt;/b&gt; blinks</textarea>');
    const zh = await post(valid({ kind: '', name: '' }), { lang: 'zh-Hans' });
    expect(zh.status).toBe(400);
    expect(fieldError(zh.text, 'kind')).toBe('请选择反馈类型。');
    expect(fieldError(zh.text, 'name')).toBe('请填写您的姓名。');
    const unknownModel = await post(valid({ model: 'NOPE-1' }), { lang: 'en', altcha: await solved() });
    expect(unknownModel.status).toBe(400);
    expect(fieldError(unknownModel.text, 'model')).toMatch(/choose a product model/);
    expect(await feedbackCount()).toBe(before);
  });

  it('refuses a replayed, forged or missing CAPTCHA beside the CAPTCHA', async () => {
    const before = await feedbackCount();
    const payload = await solved();
    expect((await post(valid(), { lang: 'en', altcha: payload })).status).toBe(200);
    const replayed = await post(valid(), { lang: 'en', altcha: payload });
    expect(replayed.status).toBe(400);
    expect(fieldError(replayed.text, 'captcha')).toMatch(/already used or has expired/);
    const decoded = JSON.parse(Buffer.from(await solved(), 'base64').toString());
    const forged = await post(valid(), { lang: 'en', altcha: encode(decoded.challenge, { ...decoded.solution, derivedKey: 'ab'.repeat(32) }) });
    expect(forged.status).toBe(400);
    expect(fieldError(forged.text, 'captcha')).toMatch(/was not completed/);
    const missing = await post(valid(), { lang: 'zh-Hans' });
    expect(missing.status).toBe(400);
    expect(fieldError(missing.text, 'captcha')).toBe('防垃圾验证未完成。请等待出现勾选标记后再提交。');
    expect(await feedbackCount()).toBe(before + 1);
  });

  it('refuses a photo too big or not an image beside the photo field, and keeps the solution for the corrected form', async () => {
    const before = await feedbackCount();
    const payload = await solved();
    const big = await post(valid(), { lang: 'en', photos: [{ buffer: Buffer.concat([PNG, Buffer.alloc(3000)]), name: 'big.png', type: 'image/png' }], altcha: payload });
    expect(big.status).toBe(400);
    expect(fieldError(big.text, 'photos')).toBe('Each photo must be at most 0 MB.'.replace('0', String(Math.round((2000 / 1048576) * 10) / 10)));
    expect(big.text).toContain('photos are not kept after an error');
    const script = await post(valid(), { lang: 'zh-Hans', photos: [{ buffer: Buffer.from('<html><script>alert(1)</script></html>'), name: 'evil.png', type: 'image/png' }], altcha: payload });
    expect(script.status).toBe(400);
    expect(fieldError(script.text, 'photos')).toBe('请只上传照片（JPEG、PNG、GIF、WebP 或 HEIC）。');
    // The intake's refusal starts with the file's name: a name that reads like a size problem is still a type problem.
    const named = await post(valid(), { lang: 'zh-Hans', photos: [{ buffer: Buffer.from('<html></html>'), name: 'at most 5 files, 9 bytes.png', type: 'image/png' }], altcha: payload });
    expect(named.status).toBe(400);
    expect(fieldError(named.text, 'photos')).toBe('请只上传照片（JPEG、PNG、GIF、WebP 或 HEIC）。');
    expect(await feedbackCount()).toBe(before);
    // The refused forms did not use up the CAPTCHA: the corrected form goes through with it.
    expect((await post(valid(), { lang: 'en', photos: [{ buffer: PNG, name: 'ok.png', type: 'image/png' }], altcha: payload })).status).toBe(200);
    expect(await feedbackCount()).toBe(before + 1);
  });

  it('counts sends against the public intake’s own per-address counter: an address that used up its intakes gets the form back with 429', async () => {
    // A new query builder each time (a builder keeps its where clause).
    const table = () => strapi.db.connection('after_sales_rate_limits');
    const buckets = [...new Set((await table().where('bucket', 'like', 'intake:ip:%').select('bucket')).map((r: { bucket: string }) => r.bucket))];
    // The earlier sends of this file counted under this address's intake counter, the one the API uses.
    expect(buckets).toHaveLength(1);
    // As if the API had taken 1000 intakes from this address this minute (and the next, should the minute turn now).
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (const windowStart of [minute, minute + 60_000]) {
      await table().insert({ bucket: buckets[0], window_start: windowStart, hits: 1000 }).onConflict(['bucket', 'window_start']).merge({ hits: 1000 });
    }
    const before = await feedbackCount();
    const res = await post(valid({ symptom: '第二次提交' }), { lang: 'en', altcha: await solved() });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.text).toContain('id="feedback-form"');
    expect(res.text).toContain('第二次提交</textarea>');
    expect(res.text).toContain('Please wait a minute and try again.');
    const api = await http()
      .post('/api/after-sales/intake')
      .send({ data: { kind: 'feedback', channel: 'website', customer: { name: 'A', email: 'a@example.cn' }, symptom: 'x' } });
    expect(api.status).toBe(429);
    expect(await feedbackCount()).toBe(before);
    await table().where('bucket', buckets[0]).del();
  });
});
