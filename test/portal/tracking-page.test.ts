import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

/**
 * The customer's tracking page: the intake's token and the case's link key open it; a wrong
 * reference and a wrong key get the same 404 page; the customer's language; no contact data, no
 * staff names, no internal notes; the reply box puts text and photos into the case's thread.
 */
let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const UID = 'api::feedback.feedback';
/** A real 1×1 PNG (the upload plugin checks images with sharp). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const track = (reference: string, key: string) => `/after-sales/portal/track/${encodeURIComponent(reference)}/${encodeURIComponent(key)}`;
const thread = (documentId: string) => strapi.plugin('after-sales').service('thread').list(UID, documentId, { internal: true });

const submit = async (customer: Record<string, unknown>, symptom: string) => {
  const res = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer, symptom } });
  expect(res.status).toBe(201);
  const item = await strapi.db.query(UID).findOne({ where: { reference: res.body.data.reference } });
  return { reference: res.body.data.reference as string, token: res.body.data.trackingToken as string, documentId: item.documentId as string };
};

beforeAll(async () => {
  strapi = await bootStrapi({
    env: { AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' },
  });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('customer tracking page', () => {
  it('opens with the intake token, in the customer’s language, without contact data, staff names or notes', async () => {
    const zh = await submit({ name: '王秀英', email: 'wang.xiuying@example.cn', phone: '13812345678', locale: 'zh-Hans' }, '净化器异响');
    const en = await submit({ name: 'Anna Schmidt', email: 'anna.schmidt@example.de', locale: 'en' }, 'The purifier hums');
    await strapi
      .plugin('after-sales')
      .service('thread')
      .append({
        contentType: UID,
        documentId: en.documentId,
        reference: en.reference,
        kind: 'reply',
        channel: 'email',
        author: { kind: 'admin', id: 1, name: 'Zhang Agentname' },
        bodyText: 'Please send us a photo of the filter.',
      });
    await strapi
      .plugin('after-sales')
      .service('thread')
      .append({
        contentType: UID,
        documentId: en.documentId,
        reference: en.reference,
        kind: 'note',
        author: { kind: 'admin', id: 1, name: 'Zhang Agentname' },
        bodyText: 'INTERNAL: customer sounds annoyed',
      });

    const zhPage = await http().get(track(zh.reference, zh.token)).set('Accept-Language', 'en');
    expect(zhPage.status).toBe(200);
    expect(zhPage.text).toContain('<html lang="zh-CN">');
    expect(zhPage.text).toContain(`您的工单 ${zh.reference}`);
    expect(zhPage.text).toContain('我们已收到您的问题');
    for (const contact of ['王秀英', 'wang.xiuying', '13812345678']) expect(zhPage.text).not.toContain(contact);
    expect(zhPage.headers['content-security-policy']).toMatch(/script-src 'none'/);
    expect(zhPage.headers['cache-control']).toBe('no-store');
    expect(Buffer.byteLength(zhPage.text)).toBeLessThan(50 * 1024);

    const enPage = await http().get(track(en.reference, en.token)).set('Accept-Language', 'zh-CN');
    expect(enPage.status).toBe(200);
    expect(enPage.text).toContain('<html lang="en">');
    expect(enPage.text).toContain(`Your case ${en.reference}`);
    expect(enPage.text).toContain('We answer you by');
    expect(enPage.text).toContain('Please send us a photo of the filter.');
    expect(enPage.text).toContain('Customer service');
    for (const hidden of ['Zhang', 'Agentname', 'INTERNAL', 'Anna', 'anna.schmidt']) expect(enPage.text).not.toContain(hidden);
    // The link's ?lang= wins over the customer's language.
    expect((await http().get(`${track(en.reference, en.token)}?lang=zh-Hans`)).text).toContain(`您的工单 ${en.reference}`);
  });

  it('opens with the case’s link key too, which later messages carry', async () => {
    const c = await submit({ name: 'Li', email: 'li.key@example.cn' }, '滤网报警');
    const key = strapi.plugin('after-sales').service('tracking').linkKey(UID, c.documentId) as string;
    expect(key).not.toBe(c.token);
    expect((await http().get(track(c.reference, key))).status).toBe(200);
    const other = await submit({ name: 'Zhao', email: 'zhao.key@example.cn' }, '不能开机');
    // One case's key does not open another case.
    expect((await http().get(track(other.reference, key))).status).toBe(404);
    expect((await http().get(track(c.reference, other.token))).status).toBe(404);
  });

  it('answers a wrong reference and a wrong key with the same 404 page', async () => {
    const c = await submit({ name: 'Sun', email: 'sun.404@example.cn' }, '异味');
    const wrongKey = `${c.token.slice(0, -2)}xx`;
    const [byKey, byReference, byUnknownKind, byEmptyKey] = await Promise.all([
      http().get(track(c.reference, wrongKey)),
      http().get(track('FB-20000101-0001', c.token)),
      http().get(track('ZZ-1', c.token)),
      http().get(track(c.reference, ' ')),
    ]);
    const pageOf = (res: request.Response, path: string) => res.text.split(path).join('<path>');
    for (const res of [byKey, byReference, byUnknownKind, byEmptyKey]) {
      expect(res.status).toBe(404);
      expect(res.text).toContain('页面不存在');
    }
    const same = pageOf(byKey, track(c.reference, wrongKey));
    expect(pageOf(byReference, track('FB-20000101-0001', c.token))).toBe(same);
    expect(pageOf(byUnknownKind, track('ZZ-1', c.token))).toBe(same);
  });

  it('puts the customer’s reply and photo into the case thread, then shows it (no JavaScript: form post, redirect)', async () => {
    const c = await submit({ name: 'Anna Reply', email: 'anna.reply@example.de', locale: 'en' }, 'The fan rattles');
    const before = (await thread(c.documentId)).length;
    const res = await http()
      .post(`${track(c.reference, c.token)}/reply`)
      .field('message', 'Here is the photo of the fan.')
      .attach('photos', PNG, { filename: 'fan.png', contentType: 'image/png' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${track(c.reference, c.token)}?lang=en&sent=1`);
    const entries = await thread(c.documentId);
    expect(entries).toHaveLength(before + 1);
    expect(entries[entries.length - 1]).toMatchObject({ kind: 'message-in', visibility: 'public', channel: 'portal', bodyText: 'Here is the photo of the fan.', author: { kind: 'customer' } });
    expect(entries[entries.length - 1].attachments).toEqual([expect.objectContaining({ name: 'fan.png', mime: 'image/png' })]);
    const page = await http().get(res.headers.location);
    expect(page.text).toContain('Thank you, we have received your message.');
    expect(page.text).toContain('Here is the photo of the fan.');
    expect(page.text).toContain('fan.png');

    // A photo alone is a reply too.
    const photoOnly = await http()
      .post(`${track(c.reference, c.token)}/reply`)
      .field('message', '')
      .attach('photos', PNG, { filename: 'second.png', contentType: 'image/png' });
    expect(photoOnly.status).toBe(303);
    expect(await thread(c.documentId)).toHaveLength(before + 2);
  });

  it('refuses a reply that is empty, too long, with a file that is not an image, or with a wrong key, and stores nothing', async () => {
    const c = await submit({ name: 'Wu', email: 'wu.refuse@example.cn', locale: 'zh-Hans' }, '漏水');
    const before = (await thread(c.documentId)).length;
    const empty = await http()
      .post(`${track(c.reference, c.token)}/reply`)
      .type('form')
      .send({ message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写留言或添加照片。');
    const long = await http()
      .post(`${track(c.reference, c.token)}/reply`)
      .type('form')
      .send({ message: '长'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('留言请不要超过 5000 个字符。');
    const notImage = await http()
      .post(`${track(c.reference, c.token)}/reply`)
      .field('message', '看附件')
      .attach('photos', Buffer.from('#!/bin/sh\necho hi\n'), { filename: 'photo.png', contentType: 'image/png' });
    expect(notImage.status).toBe(400);
    expect(notImage.text).toContain('部分照片无法接受');
    // What the customer typed is kept in the box.
    expect(notImage.text).toContain('>看附件</textarea>');
    const wrongKey = await http()
      .post(`${track(c.reference, 'not-the-key')}/reply`)
      .type('form')
      .send({ message: '你好' });
    expect(wrongKey.status).toBe(404);
    expect(await thread(c.documentId)).toHaveLength(before);
  });
});
