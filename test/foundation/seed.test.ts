import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;

beforeAll(async () => {
  strapi = await bootStrapi({ env: { SEED_DEMO: 'true' } });
});
afterAll(async () => {
  await stopStrapi(strapi);
  process.env.SEED_DEMO = 'false';
});

const counts = async () => {
  const count = (uid: string, where: Record<string, unknown> = {}) => strapi.db.query(uid as any).count({ where });
  return {
    departments: await count('api::department.department'),
    offices: await count('api::office.office'),
    customers: await count('api::customer.customer'),
    products: await count('api::product.product'),
    feedback: await count('api::feedback.feedback'),
    complaints: await count('api::complaint.complaint'),
    serviceRecords: await count('api::service-record.service-record'),
    articlesZh: await count('api::knowledge-article.knowledge-article', { locale: 'zh-Hans', publishedAt: { $notNull: true } }),
    articlesEn: await count('api::knowledge-article.knowledge-article', { locale: 'en', publishedAt: { $notNull: true } }),
    adminUsers: await count('admin::user'),
    roles: await count('admin::role'),
  };
};

describe('demo data', () => {
  it('has the departments, people, products, items and articles the README promises', async () => {
    const c = await counts();
    expect(c).toMatchObject({ departments: 5, customers: 20, products: 10, feedback: 100, complaints: 10, serviceRecords: 10, articlesZh: 20, articlesEn: 20, adminUsers: 9, offices: 3 });
    const roles = await strapi.db.query('admin::role').findMany({ select: ['name'] });
    expect(roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['售后客服', '办事处客服', '售后经理', '技术工程师', '质量工程师', '业务员', '知识库编辑']));
  });

  it('spreads the items over the offices (华东, 华北) and head office; returns and exchanges carry the accepting office', async () => {
    const offices = await strapi.db.query('api::office.office').findMany({ populate: { head: { select: ['email'] }, members: { select: ['email'] } } });
    expect(offices.map((o: any) => [o.name, o.region]).sort()).toEqual([
      ['上海办事处', '华东'],
      ['北京办事处', '华北'],
      ['杭州服务网点', '华东'],
    ]);
    expect(offices.find((o: any) => o.code === 'shanghai')).toMatchObject({ head: { email: 'office@demo.local' }, members: [{ email: 'office@demo.local' }] });
    for (const uid of ['api::feedback.feedback', 'api::complaint.complaint', 'api::service-record.service-record']) {
      const items = await strapi.db.query(uid as any).findMany({ populate: { office: { select: ['code'] } } });
      const codes = new Set(items.map((i: any) => i.office?.code ?? '(head office)'));
      expect([uid, [...codes].sort()]).toEqual([uid, ['(head office)', 'beijing', 'hangzhou', 'shanghai']]);
    }
    const returns = await strapi.db.query('api::service-record.service-record').findMany({ where: { kind: { $in: ['return', 'exchange'] } }, populate: { office: { select: ['code'] } } });
    expect(returns.length).toBeGreaterThan(0);
    for (const record of returns) expect(record.office?.code).toEqual(expect.any(String));
  });

  it('spreads feedback over types, severities, states, channels and six months', async () => {
    const rows = await strapi.db.connection('feedbacks').select('type', 'severity', 'state', 'channel', 'created_at');
    const distinct = (key: string) => new Set(rows.map((r: Record<string, unknown>) => r[key]).filter(Boolean)).size;
    expect(distinct('type')).toBeGreaterThanOrEqual(5);
    expect(distinct('severity')).toBe(4);
    expect(distinct('state')).toBeGreaterThanOrEqual(8);
    expect(distinct('channel')).toBeGreaterThanOrEqual(6);
    const months = new Set(rows.map((r: { created_at: string | number | Date }) => new Date(r.created_at).toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
  });

  it('dates nothing done in the future: no item was created, acknowledged, resolved, closed, performed, signed or archived after the demo was made', async () => {
    const now = Date.now();
    const done: Record<string, string[]> = {
      'api::feedback.feedback': ['createdAt', 'acknowledgedAt', 'resolvedAt', 'closedAt'],
      'api::complaint.complaint': ['createdAt'],
      'api::service-record.service-record': ['createdAt', 'performedAt', 'returnedAt', 'signedAt', 'archivedAt'],
    };
    const ahead: string[] = [];
    for (const [uid, fields] of Object.entries(done)) {
      const rows = await strapi.db.query(uid as any).findMany({ select: ['reference', 'state', ...fields] });
      for (const row of rows)
        for (const field of fields) if (row[field] && new Date(row[field]).getTime() > now) ahead.push(`${row.reference} (${row.state}) ${field} ${new Date(row[field]).toISOString()}`);
    }
    expect(ahead).toEqual([]);
    // A visit still to come may be scheduled ahead; one under way or done was not.
    const visits = await strapi.db.query('api::service-record.service-record').findMany({ where: { state: { $ne: 'scheduled' } }, select: ['reference', 'scheduledAt'] });
    expect(visits.filter((v: { scheduledAt: string }) => new Date(v.scheduledAt).getTime() > now)).toEqual([]);
  });

  it('leaves nobody a pile of staff notifications (the seed writes its items directly, not through the events)', async () => {
    const rows = (await strapi.db.connection('after_sales_notifications').select('recipient_id').count({ n: '*' }).groupBy('recipient_id')) as { recipient_id: number; n: number | string }[];
    for (const row of rows) expect(Number(row.n)).toBeLessThan(10);
  });

  it('is idempotent: seeding again changes no count', async () => {
    const before = await counts();
    const { seedDemoData } = require('../../dist/src/seed');
    await seedDemoData(strapi);
    expect(await counts()).toEqual(before);
  });

  it('gives every demo user a working login with the demo password', async () => {
    const request = require('supertest');
    for (const email of ['admin@demo.local', 'agent@demo.local', 'engineer@demo.local']) {
      const res = await request(strapi.server.httpServer).post('/admin/login').send({ email, password: 'Demo1234!' });
      expect(res.status).toBe(200);
    }
  });
});
