/**
 * Issue #16, items 2, 4, 6, 7, 8 and 9 of the outside security review: each test reproduces a
 * finding against a real server (SQLite, and PostgreSQL with `npm run test:pg`) and counts the rows
 * a refused request could have written.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { rowCounts } from '../helpers/db-snapshot';

let strapi: Core.Strapi;
let manager: AdminSession;
let agent: AdminSession;
let engineer: AdminSession;
let superAdmin: AdminSession;
let fullToken: { accessKey: string; id: number; name: string };
const http = () => request(strapi.server.httpServer);
const INTAKE = '/api/after-sales/intake';
let address = 0;
/** A fresh client address behind the trusted proxy (supertest's loopback). */
const from = () => `203.0.113.${++address}`;
const admin = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await strapi.db.connection(table).where(where).count({ count: '*' }))[0].count);

const feedback = (customer: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  data: { kind: 'feedback', channel: 'website', customer: { name: '王伟', locale: 'en', ...customer }, symptom: 'The fan hums at speed three', ...extra },
});

beforeAll(async () => {
  strapi = await bootStrapi({
    env: {
      AFTER_SALES_TRUSTED_PROXIES: '127.0.0.1,::1',
      // The site whose browser form calls the intake (CORS answers only configured sites there).
      AFTER_SALES_WIDGET_ORIGINS: 'https://shop.example.cn',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '5',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN: '600',
      AFTER_SALES_RATE_LIMIT_VOTE_PER_IP: '3',
      AFTER_SALES_DISPATCHER: 'off',
      AFTER_SALES_SCHEDULER: 'off',
    },
  });
  await ensureDepartments(strapi);
  await createProduct(strapi, { modelCode: 'AP-200' });
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
  engineer = await createAdmin(strapi, 'technical-engineer', { department: 'technical' });
  superAdmin = await createAdmin(strapi, 'super-admin');
  fullToken = await (strapi.service('admin::api-token') as any).create({ name: 'hotline-system', type: 'full-access', lifespan: null });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('2. an intake never changes a known customer’s contact data', () => {
  it('keeps the email on file, messages it, and proposes the new one; staff confirm or reject, audited', async () => {
    const first = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ phone: '+86 139 1111 2222', email: 'owner@example.cn' }));
    expect(first.status).toBe(201);
    const customer = await strapi.db.query('api::customer.customer').findOne({ where: { phoneNormalized: '+8613911112222' } });
    const customersBefore = await count('customers');

    // A stranger types the customer's phone with their own email.
    const hijack = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ phone: '13911112222', email: 'stranger@evil.test' }));
    expect(hijack.status).toBe(201);
    const after = await strapi.db.query('api::customer.customer').findOne({ where: { id: customer.id } });
    expect(after).toMatchObject({ email: 'owner@example.cn', emailNormalized: 'owner@example.cn', phone: customer.phone });
    expect(await count('customers')).toBe(customersBefore);
    // The acknowledgement of the stranger's intake goes to the address on file, not to the stranger.
    const messages = await strapi.db.connection('after_sales_outbox').where({ reference: hijack.body.data.reference }).select('recipient');
    expect(messages.map((m: { recipient: string }) => m.recipient)).not.toContain('stranger@evil.test');
    expect(await count('after_sales_contact_proposals', { customer_document_id: customer.documentId, state: 'pending' })).toBe(1);
    // The same value again is not proposed twice.
    await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ phone: '13911112222', email: 'Stranger@evil.test' }));
    expect(await count('after_sales_contact_proposals', { customer_document_id: customer.documentId })).toBe(1);

    // An agent sees the proposal masked; an engineer (customers read-only) may not decide it.
    const listed = await http().get(`/after-sales/contact-proposals/customers/${customer.documentId}`).set(admin(agent));
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ field: 'email', value: 's***@evil.test', state: 'pending', sourceReference: hijack.body.data.reference, mayDecide: true })]);
    const id = listed.body.data[0].id;
    const auditBefore = await count('after_sales_audit_events', { document_id: customer.documentId });
    const refused = await http().post(`/after-sales/contact-proposals/${id}/confirm`).set(admin(engineer));
    expect(refused.status).toBe(403);
    expect((await strapi.db.query('api::customer.customer').findOne({ where: { id: customer.id } })).email).toBe('owner@example.cn');
    expect(await count('after_sales_audit_events', { document_id: customer.documentId })).toBe(auditBefore);

    // Rejected: nothing changes on the profile, the decision is audited.
    const rejected = await http().post(`/after-sales/contact-proposals/${id}/reject`).set(admin(agent));
    expect(rejected.status).toBe(200);
    expect(rejected.body.data.state).toBe('rejected');
    expect((await strapi.db.query('api::customer.customer').findOne({ where: { id: customer.id } })).email).toBe('owner@example.cn');
    expect(await count('after_sales_audit_events', { document_id: customer.documentId, action: 'reject-contact' })).toBe(1);
    expect((await http().post(`/after-sales/contact-proposals/${id}/confirm`).set(admin(agent))).status).toBe(409);

    // The customer really moved: a new proposal, confirmed by a manager, replaces the email.
    await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ phone: '13911112222', email: 'owner.new@example.cn' }));
    const pending = (await http().get(`/after-sales/contact-proposals/customers/${customer.documentId}`).set(admin(manager))).body.data.find((p: any) => p.state === 'pending');
    expect(pending.value).toBe('owner.new@example.cn');
    const confirmed = await http().post(`/after-sales/contact-proposals/${pending.id}/confirm`).set(admin(manager));
    expect(confirmed.status).toBe(200);
    expect(await strapi.db.query('api::customer.customer').findOne({ where: { id: customer.id } })).toMatchObject({ email: 'owner.new@example.cn', emailNormalized: 'owner.new@example.cn' });
    const audit = await strapi.db.connection('after_sales_audit_events').where({ document_id: customer.documentId, action: 'confirm-contact' }).first();
    expect(audit).toMatchObject({ actor_kind: 'admin', actor_id: String(manager.id), reference: expect.stringMatching(/^FB-/) });
    expect(audit.note).not.toContain('owner.new@example.cn');
  });

  it('a new phone given with a known email is proposed too, and an erasure removes the proposals', async () => {
    await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ email: 'li.na@example.cn' }));
    const customer = await strapi.db.query('api::customer.customer').findOne({ where: { emailNormalized: 'li.na@example.cn' } });
    await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ email: 'li.na@example.cn', phone: '13722223333' }));
    expect((await strapi.db.query('api::customer.customer').findOne({ where: { id: customer.id } })).phone).toBeNull();
    expect(await count('after_sales_contact_proposals', { customer_document_id: customer.documentId, field: 'phone' })).toBe(1);
    const erase = await http().post(`/after-sales/privacy/customers/${customer.documentId}/erase`).set(admin(manager)).send({ version: customer.version, reason: 'the customer asked us to' });
    expect(erase.status).toBe(200);
    expect(await count('after_sales_contact_proposals', { customer_document_id: customer.documentId })).toBe(0);
  });
});

describe('4. API tokens are API tokens (Strapi 5 strategy content-api-token)', () => {
  it('limits a token per token, audits it as itself, lets a full-access token read the staff lists', async () => {
    const auth = { Authorization: `Bearer ${fullToken.accessKey}` };
    const ip = from();
    const before = await count('feedbacks');
    const references: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await http()
        .post(INTAKE)
        .set(auth)
        .set('X-Forwarded-For', ip)
        .send(feedback({ email: `token-${i}@example.cn` }));
      expect(res.status).toBe(201);
      references.push(res.body.data.reference);
    }
    expect(await count('feedbacks')).toBe(before + 7);
    const event = await strapi.db.connection('after_sales_audit_events').where({ reference: references[0], action: 'receive' }).first();
    expect(event).toMatchObject({ actor_kind: 'api-token', actor_id: String(fullToken.id), actor_name: 'hotline-system' });
    // The anonymous limit (5 per address) still holds for anonymous callers of the same address. The
    // limit counts per minute: the clock stands still meanwhile, so that a slow machine's requests do
    // not straddle two minutes (the sixth was let through once in a loaded CI run).
    const clock = strapi.plugin('after-sales').service('clock');
    clock.set(new Date());
    try {
      for (let i = 0; i < 5; i++)
        expect(
          (
            await http()
              .post(INTAKE)
              .set('X-Forwarded-For', ip)
              .send(feedback({ email: `anon-${i}@example.cn` }))
          ).status
        ).toBe(201);
      expect(
        (
          await http()
            .post(INTAKE)
            .set('X-Forwarded-For', ip)
            .send(feedback({ email: 'anon-6@example.cn' }))
        ).status
      ).toBe(429);
    } finally {
      clock.set(null);
    }

    const staff = await http().get('/api/after-sales/staff/feedback').set(auth);
    expect(staff.status).toBe(200);
    expect(staff.body.data.length).toBeGreaterThan(0);
  });

  it('gives the token, each anonymous address and each user its own Idempotency-Key scope', async () => {
    const key = `shared-key-${Date.now()}`;
    const before = await count('feedbacks');
    const byToken = await http()
      .post(INTAKE)
      .set('Authorization', `Bearer ${fullToken.accessKey}`)
      .set('Idempotency-Key', key)
      .send(feedback({ email: 'scope-a@example.cn' }));
    const anonymous = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .set('Idempotency-Key', key)
      .send(feedback({ email: 'scope-b@example.cn' }));
    const otherAddress = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .set('Idempotency-Key', key)
      .send(feedback({ email: 'scope-b@example.cn' }));
    expect([byToken.status, anonymous.status, otherAddress.status]).toEqual([201, 201, 201]);
    expect(new Set([byToken.body.data.reference, anonymous.body.data.reference, otherAddress.body.data.reference]).size).toBe(3);
    expect(await count('feedbacks')).toBe(before + 3);
  });
});

describe('6. the template editor refuses what could hurt, and sends the newest text', () => {
  const KEY = 'feedback.acknowledged';
  const put = (subject: string, body: string, locale = 'en') => http().put(`/after-sales/messages/editor/templates/${KEY}`).set(admin(manager)).send({ data: { locale, subject, body } });

  it.each([
    ['triple braces', 'Dear {{customer.name}},\n{{{item.symptom}}}', /unescaped/],
    ['{{constructor}}', 'Hello\n{{constructor}}', /constructor/],
    ['{{toString}}', 'Hello\n{{toString}}', /toString/],
    ['a prototype name inside #each', 'Hello\n{{#each item}}{{this.constructor}}{{/each}}', /not allowed/],
    ['a partial', 'Hello\n{{> footer}}', /partials/],
    ['a decorator', 'Hello\n{{* inline}}', /decorators/],
  ])('refuses %s with 400 naming the field and line, and saves nothing', async (_name, body, message) => {
    const before = await count('after_sales_message_templates');
    const res = await put('Case {{item.reference}}', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({ path: ['body'], message: expect.stringMatching(/^line 2: /) });
    expect(res.body.error.details.errors[0].message).toMatch(message);
    expect(await count('after_sales_message_templates')).toBe(before);
  });

  it('after "back to default" and a new save, the new text is sent at once', async () => {
    const sentFor = async (email: string) => {
      const res = await http()
        .post(INTAKE)
        .set('X-Forwarded-For', from())
        .send(feedback({ email, locale: 'zh-Hans' }));
      expect(res.status).toBe(201);
      return (await strapi.db.connection('after_sales_outbox').where({ reference: res.body.data.reference, template_key: KEY }).first('body_text')).body_text as string;
    };
    // zh-Hans: no earlier save in this file, so both saves below are version 1 of their override.
    expect((await put('Case {{item.reference}}', 'FIRST text {{item.reference}}', 'zh-Hans')).status).toBe(200);
    expect(await sentFor('cache-1@example.cn')).toContain('FIRST text');
    expect((await http().delete(`/after-sales/messages/editor/templates/${KEY}?locale=zh-Hans`).set(admin(manager))).status).toBe(200);
    expect((await put('Case {{item.reference}}', 'SECOND text {{item.reference}}', 'zh-Hans')).status).toBe(200);
    const body = await sentFor('cache-2@example.cn');
    expect(body).toContain('SECOND text');
    expect(body).not.toContain('FIRST');
  });
});

describe('7. bad input is a 400, never a 500, and writes nothing', () => {
  const refused = async (send: () => Promise<request.Response>, path?: string) => {
    const before = await rowCounts(strapi);
    const res = await send();
    expect({ status: res.status, error: res.body?.error?.name }).toEqual({ status: 400, error: 'ValidationError' });
    if (path) expect(res.body.error.details.errors.map((e: { path: (string | number)[] }) => e.path.join('.'))).toContain(path);
    expect(await rowCounts(strapi)).toEqual(before);
    return res;
  };
  const complaint = (order: Record<string, unknown>) => ({ data: { kind: 'complaint', channel: 'hotline', customer: { name: 'K', email: 'k@example.cn' }, symptom: 'late', order } });

  it('an impossible date and a price decimal(10,2) cannot hold, in intake order facts', async () => {
    await refused(
      () =>
        http()
          .post(INTAKE)
          .set('X-Forwarded-For', from())
          .send(complaint({ date: '2026-02-30' })),
      'data.order.date'
    );
    await refused(
      () =>
        http()
          .post(INTAKE)
          .set('X-Forwarded-For', from())
          .send(complaint({ deliveryDate: '0000-01-01' })),
      'data.order.deliveryDate'
    );
    await refused(
      () =>
        http()
          .post(INTAKE)
          .set('X-Forwarded-For', from())
          .send(complaint({ price: 1e12 })),
      'data.order.price'
    );
    const ok = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(complaint({ date: '2028-02-29', price: 99999999.99 }));
    expect(ok.status).toBe(201);
  });

  it('JSON nested thousands of levels deep is refused at once', async () => {
    const depth = 5000;
    const deep = `{"data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const started = Date.now();
    const res = await refused(() => http().post(INTAKE).set('X-Forwarded-For', from()).set('Content-Type', 'application/json').send(deep));
    expect(res.body.error.message).toMatch(/nested more than 64 levels/);
    expect(Date.now() - started).toBeLessThan(5000);
    const deepArray = `{"data":{"symptom":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    await refused(() => http().put('/after-sales/sla/calendars/x').set(admin(superAdmin)).set('Content-Type', 'application/json').send(deepArray));
  });

  it('NUL characters in workflow notes and data, calendar names and Content Manager edits', async () => {
    const created = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(feedback({ email: 'nul@example.cn' }));
    const item = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference: created.body.data.reference } });
    const action = `/after-sales/workflows/api::feedback.feedback/${item.documentId}/actions/acknowledge`;
    await refused(() => http().post(action).set(admin(manager)).send({ version: 1, note: 'called\u0000back' }), 'note');
    await refused(
      () =>
        http()
          .post(action)
          .set(admin(manager))
          .send({ version: 1, data: { resolutionSummary: 'x\u0000' } }),
      'data.resolutionSummary'
    );
    const calendars = await count('after_sales_sla_calendars');
    await refused(() =>
      http()
        .post('/after-sales/sla/calendars')
        .set(admin(superAdmin))
        .send({ data: { id: 'nul-cal', name: 'Hol\u0000iday', timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workingDays: [] } })
    );
    expect(await count('after_sales_sla_calendars')).toBe(calendars);
    await refused(() => http().put(`/content-manager/collection-types/api::feedback.feedback/${item.documentId}`).set(admin(manager)).send({ symptom: 'changed\u0000' }), 'symptom');
    expect((await strapi.db.query('api::feedback.feedback').findOne({ where: { id: item.id } })).symptom).toBe('The fan hums at speed three');
  });

  it('Content Manager edits that a column cannot hold: price 1e12, 2026-02-30, 300 characters in a string', async () => {
    const created = await http()
      .post(INTAKE)
      .set('X-Forwarded-For', from())
      .send(complaint({ price: 10 }));
    const item = await strapi.db.query('api::complaint.complaint').findOne({ where: { reference: created.body.data.reference } });
    const cm = (data: Record<string, unknown>) => () => http().put(`/content-manager/collection-types/api::complaint.complaint/${item.documentId}`).set(admin(manager)).send(data);
    await refused(cm({ price: 1e12 }));
    await refused(cm({ orderDate: '2026-02-30' }), 'orderDate');
    await refused(cm({ quantity: 2 ** 40 }));
    const calendar = { id: 'long-name', name: 'x'.repeat(300), timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workingDays: [] };
    await refused(() => http().post('/after-sales/sla/calendars').set(admin(superAdmin)).send({ data: calendar }));
    const stored = await strapi.db.query('api::complaint.complaint').findOne({ where: { id: item.id } });
    expect(Number(stored.price)).toBe(10);
  });
});

describe('8. .ics import', () => {
  it('a 130-byte event spanning millennia is refused at once, nothing stored', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:99991231\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(ics.length).toBeLessThanOrEqual(130);
    const before = await count('after_sales_sla_calendars');
    const started = Date.now();
    const res = await http()
      .post('/after-sales/sla/calendars/import')
      .set(admin(superAdmin))
      .send({ format: 'ics', id: 'ics-bomb', content: ics, base: { name: 'Bomb', timeZone: 'Asia/Shanghai', weeklyHours: { mon: [{ start: '09:00', end: '18:00' }] } } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toMatch(/at most 366 days/);
    expect(await count('after_sales_sla_calendars')).toBe(before);
  });
});

describe('9. lesser findings', () => {
  it('one vote increments one counter (not both locales, draft and published)', async () => {
    const uid = 'api::knowledge-article.knowledge-article';
    const zh = await strapi.documents(uid).create({ locale: 'zh-Hans', status: 'published', data: { title: '噪音', slug: 'noise-zh', problem: '嗡嗡声', solution: '换风扇' } } as any);
    await strapi.documents(uid).update({ documentId: zh.documentId, locale: 'en', status: 'published', data: { title: 'Noise', slug: 'noise-en', problem: 'hum', solution: 'new fan' } } as any);
    const total = async () => {
      const rows = await strapi.db.connection('knowledge_articles').where({ document_id: zh.documentId }).select('helpful_count');
      return rows.reduce((sum: number, r: { helpful_count: number | null }) => sum + Number(r.helpful_count ?? 0), 0);
    };
    expect(await count('knowledge_articles', { document_id: zh.documentId })).toBe(4);
    const before = await total();
    const vote = await http().post('/api/after-sales/kb/noise-zh/vote').set('X-Forwarded-For', from()).send({ helpful: true });
    expect(vote.status).toBe(200);
    expect(vote.body.data).toEqual({ slug: 'noise-zh', helpful: 1, notHelpful: 0 });
    expect(await total()).toBe(before + 1);
    // Publishing the draft again keeps the published count.
    await strapi.documents(uid).publish({ documentId: zh.documentId, locale: 'zh-Hans' } as any);
    const published = await strapi.db.connection('knowledge_articles').where({ document_id: zh.documentId, locale: 'zh-Hans' }).whereNotNull('published_at').first('helpful_count');
    expect(Number(published.helpful_count)).toBe(1);
  });

  it('counts an IPv6 client behind the trusted proxy by its /64', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      statuses.push(
        (
          await http()
            .post('/api/after-sales/kb/noise-zh/vote')
            .set('X-Forwarded-For', `2001:db8:abcd:12::${i.toString(16)}`)
            .send({ helpful: false })
        ).status
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await http().post('/api/after-sales/kb/noise-zh/vote').set('X-Forwarded-For', '2001:db8:abcd:13::1').send({ helpful: false })).status).toBe(200);
  });

  it('a malformed JSON body gets details.errors like every other 400', async () => {
    const before = await rowCounts(strapi);
    const res = await http().post(INTAKE).set('Content-Type', 'application/json').send('{"data": {"kind": ');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: ['body'], message: expect.stringMatching(/not valid JSON/) })]);
    expect(await rowCounts(strapi)).toEqual(before);
  });

  it('browsers may send Idempotency-Key (CORS)', async () => {
    const res = await http()
      .options(INTAKE)
      .set('Origin', 'https://shop.example.cn')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
    expect(res.status).toBeLessThan(300);
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');
  });
});
