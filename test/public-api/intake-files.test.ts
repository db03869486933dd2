import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const ENV = { AFTER_SALES_INTAKE_MAX_FILES: '2', AFTER_SALES_INTAKE_MAX_FILE_BYTES: '2000', AFTER_SALES_INTAKE_FILE_TYPES: 'image/png,image/jpeg' };

/** A real 1×1 PNG (the upload plugin checks images with sharp). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const item = (symptom = '滤网卡扣断了,见照片') =>
  JSON.stringify({ kind: 'feedback', channel: 'website', customer: { name: '赵敏', email: `zhao${Math.random().toString(36).slice(2, 7)}@example.cn` }, symptom });

beforeAll(async () => {
  strapi = await bootStrapi({ env: ENV });
});
afterAll(async () => {
  await stopStrapi(strapi);
  for (const key of Object.keys(ENV)) delete process.env[key];
});

describe('photos with a public intake (multipart)', () => {
  it('stores the images through the upload plugin and links them to the item’s first thread entry', async () => {
    const res = await http()
      .post('/api/after-sales/intake')
      .field('data', item())
      .attach('files', PNG, { filename: 'crack.png', contentType: 'image/png' })
      .attach('files', PNG, { filename: '第二张.PNG', contentType: 'image/png' });
    expect(res.status).toBe(201);
    const feedback = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: res.body.data.reference } });
    // The customer's message (without SMTP or SMS here, a note asking staff to phone the customer follows it).
    const entries = await strapi.db.connection('after_sales_thread_entries').where({ document_id: feedback.documentId, entry_kind: 'message-in' }).orderBy('id');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entry_kind: 'message-in', visibility: 'public', channel: 'website', body_text: '滤网卡扣断了,见照片' });
    const attachments = JSON.parse(entries[0].attachments);
    expect(attachments).toHaveLength(2);
    // Both photos, whatever order the multipart parser finished writing them in (it reports a field's
    // files as each is written, so two small photos may come back swapped).
    expect(attachments.map((a: { name: string }) => a.name).sort()).toEqual(['crack.png', '第二张.png'].sort());
    expect(attachments.every((a: { mime: string }) => a.mime === 'image/png')).toBe(true);
    const files = await strapi.db.query('plugin::upload.file').findMany({ where: { id: { $in: attachments.map((a: { fileId: number }) => a.fileId) } } });
    expect(files.map((f: { mime: string }) => f.mime)).toEqual(['image/png', 'image/png']);
  });

  it('a JSON intake is unchanged (no entry, no file)', async () => {
    const before = await strapi.db.query('plugin::upload.file').count();
    const res = await http()
      .post('/api/after-sales/intake')
      .send({ data: JSON.parse(item('没有照片')) });
    expect(res.status).toBe(201);
    expect(await strapi.db.query('plugin::upload.file').count()).toBe(before);
  });

  it('the type is sniffed from the bytes: a script named .png, or an image type not allowed, is refused naming the file', async () => {
    const before = await strapi.db.query('api::feedback.feedback').count();
    const fake = await http()
      .post('/api/after-sales/intake')
      .field('data', item())
      .attach('files', PNG, 'ok.png')
      .attach('files', Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'evil.png', contentType: 'image/png' });
    expect(fake.status).toBe(400);
    // One problem, for the script. Its index is the multipart parser's order, which is the order the files finished
    // arriving, not always the order they were attached (a PostgreSQL run saw it at 0): the name says which file it is.
    expect(fake.body.error.details.errors).toEqual([
      {
        path: ['files', expect.any(Number)],
        file: 'evil.png',
        message: expect.stringMatching(/^"evil\.png" must be an image of an accepted type \(image\/png, image\/jpeg\); its content is not a recognised image$/),
      },
    ]);
    expect(fake.body.error.message).toMatch(/^files\.[01]: "evil\.png" must be an image/);
    const gif = await http().post('/api/after-sales/intake').field('data', item()).attach('files', GIF, { filename: '报修照片.jpg', contentType: 'image/jpeg' });
    expect(gif.status).toBe(400);
    expect(gif.body.error.details.errors).toEqual([{ path: ['files', 0], file: '报修照片.jpg', message: expect.stringMatching(/^"报修照片\.jpg" must be .*its content is image\/gif$/) }]);
    expect(await strapi.db.query('api::feedback.feedback').count()).toBe(before);
  });

  it('size and count limits, unknown fields and a bad item are 400s naming the field', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(3000)]);
    const tooBig = await http().post('/api/after-sales/intake').field('data', item()).attach('files', big, 'big.png');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details.errors).toEqual([{ path: ['files', 0], file: 'big.png', message: '"big.png" must be at most 2000 bytes' }]);
    // Two refused files, attached in one order: each problem names its own file, whichever index the parser gave it.
    const two = await http()
      .post('/api/after-sales/intake')
      .field('data', item())
      .attach('files', big, 'first-too-big.png')
      .attach('files', Buffer.from('#!/bin/sh\nrm -rf /\n'), { filename: 'second-script.png', contentType: 'image/png' });
    expect(two.status).toBe(400);
    const byFile = Object.fromEntries(two.body.error.details.errors.map((e: { file: string; path: unknown[]; message: string }) => [e.file, e]));
    expect(Object.keys(byFile).sort()).toEqual(['first-too-big.png', 'second-script.png']);
    expect(byFile['first-too-big.png'].message).toBe('"first-too-big.png" must be at most 2000 bytes');
    expect(byFile['second-script.png'].message).toMatch(/^"second-script\.png" must be an image .*not a recognised image$/);
    expect(two.body.error.details.errors.map((e: { path: unknown[] }) => e.path[1]).sort()).toEqual([0, 1]);
    const tooMany = await http().post('/api/after-sales/intake').field('data', item()).attach('files', PNG, '1.png').attach('files', PNG, '2.png').attach('files', PNG, '3.png');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.errors[0]).toMatchObject({ path: ['files'], message: 'at most 2 files' });
    const wrongField = await http().post('/api/after-sales/intake').field('data', item()).attach('photo', PNG, '1.png');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details.errors[0].path).toEqual(['photo']);
    const noData = await http().post('/api/after-sales/intake').attach('files', PNG, '1.png');
    expect(noData.status).toBe(400);
    expect(noData.body.error.details.errors[0].path).toEqual(['data']);
    const badJson = await http().post('/api/after-sales/intake').field('data', '{nope').attach('files', PNG, '1.png');
    expect(badJson.body.error.details.errors[0]).toMatchObject({ path: ['data'], message: 'must be JSON text' });
    const noSymptom = await http()
      .post('/api/after-sales/intake')
      .field('data', JSON.stringify({ kind: 'feedback', channel: 'website', customer: { name: 'A', email: 'a@example.cn' } }))
      .attach('files', PNG, '1.png');
    expect(noSymptom.status).toBe(400);
    expect(noSymptom.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain('data.symptom');
  });

  it('the same rate limit as the JSON intake applies', async () => {
    let limited: request.Response | null = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await http().post('/api/after-sales/intake').field('data', '{nope').attach('files', PNG, '1.png');
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(400);
    }
    expect(limited).not.toBeNull();
    expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
  });
});
