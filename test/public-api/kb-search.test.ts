import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, isPostgres, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const ARTICLE = 'api::knowledge-article.knowledge-article';

const publish = async (data: Record<string, unknown>, locale = 'zh-Hans') => {
  const doc = await strapi.documents(ARTICLE).create({ data: data as any, locale });
  await strapi.documents(ARTICLE).publish({ documentId: doc.documentId, locale });
  return doc;
};

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' } });
  await publish({ title: '电池鼓包怎么办', slug: 'battery-swelling', problem: '使用一年后电池鼓包,后盖翘起', solution: '立即停止充电,联系售后更换电池' });
  await publish({ title: '屏幕闪烁', slug: 'screen-flicker', problem: '开机后屏幕闪烁', solution: '升级固件到 2.3 版' });
  await publish({ title: 'Fan rattles at high speed', slug: 'fan-rattle', problem: 'The fan rattles above 2000 rpm', solution: 'Replace the fan bearing' }, 'en');
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const search = async (q: string, locale = 'zh-Hans') => (await http().get('/api/after-sales/kb/search').query({ q, locale })).body.data.map((a: { slug: string }) => a.slug);

describe('knowledge-base search', () => {
  it('finds Chinese text by any two characters inside a phrase, and English words by their beginning', async () => {
    expect(await search('鼓包')).toEqual(['battery-swelling']);
    expect(await search('后盖翘起了')).toEqual(['battery-swelling']);
    expect(await search('闪烁')).toEqual(['screen-flicker']);
    expect(await search('rattl', 'en')).toEqual(['fan-rattle']);
    expect(await search('bearing noise', 'en')).toEqual(['fan-rattle']);
    expect(await search('打印机')).toEqual([]);
  });

  it('treats tsquery syntax in a query as plain text', async () => {
    const res = await http().get('/api/after-sales/kb/search').query({ q: "鼓包 & | ! :* ') or 1=1 --" });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { slug: string }) => a.slug)).toEqual(['battery-swelling']);
  });

  it('keeps each article’s search text in step with its content, and never serves it', async () => {
    const draft = await strapi.db.query(ARTICLE).findOne({ where: { slug: 'screen-flicker', publishedAt: null } });
    expect(draft.searchText).toContain('闪烁');
    await strapi.documents(ARTICLE).update({ documentId: draft.documentId, locale: 'zh-Hans', data: { problem: '开机后屏幕出现横纹' } as any });
    await strapi.documents(ARTICLE).publish({ documentId: draft.documentId, locale: 'zh-Hans' });
    expect(await search('横纹')).toEqual(['screen-flicker']);
    const served = await http().get('/api/after-sales/kb/search').query({ q: '横纹' });
    expect(JSON.stringify(served.body)).not.toContain('searchText');
  });

  it('filters by product in English as in Chinese (the English version names no product of its own)', async () => {
    const product = await strapi.documents('api::product.product').create({ data: { modelCode: 'VC-9', name: 'Vacuum 9' } as any });
    await strapi.documents('api::product.product').create({ data: { modelCode: 'VC-1', name: 'Vacuum 1' } as any });
    // As the demo data and the Content Manager do: the Chinese version names the product, the English one is added later.
    const doc = await publish({ title: '吸力下降', slug: 'vc-9-suction', problem: '吸力明显下降', solution: '清理滤网', products: [product.documentId] });
    await strapi
      .documents(ARTICLE)
      .update({ documentId: doc.documentId, locale: 'en', data: { title: 'Suction drops', slug: 'vc-9-suction-en', problem: 'Suction drops', solution: 'Clean the filter' } as any });
    await strapi.documents(ARTICLE).publish({ documentId: doc.documentId, locale: 'en' });
    const filtered = async (q: string, locale: string, product: string) =>
      (await http().get('/api/after-sales/kb/search').query({ q, locale, product })).body.data.map((a: { slug: string }) => a.slug);
    expect(await filtered('吸力', 'zh-Hans', 'VC-9')).toEqual(['vc-9-suction']);
    expect(await filtered('suction', 'en', 'VC-9')).toEqual(['vc-9-suction-en']);
    expect(await filtered('suction', 'en', 'VC-1')).toEqual([]);
    expect(await filtered('吸力', 'zh-Hans', 'VC-1')).toEqual([]);
  });

  (isPostgres() ? it : it.skip)('uses the GIN full-text index on PostgreSQL', async () => {
    const plan: any = await strapi.db.connection.transaction(async (trx: any) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      return trx.raw(`EXPLAIN SELECT id FROM knowledge_articles WHERE to_tsvector('simple', COALESCE(search_text, '')) @@ to_tsquery('simple', ?)`, ['鼓包:*']);
    });
    expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toContain('knowledge_articles_search_text_gin');
  });
});
