import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin } from '../helpers/auth';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
const ARTICLE = 'api::knowledge-article.knowledge-article';
const HELP = '/after-sales/portal/help';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0';
let documentId: string;

const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const publishedCounts = async () =>
  strapi.db.connection('knowledge_articles').where({ document_id: documentId, locale: 'en' }).whereNotNull('published_at').first('helpful_count', 'not_helpful_count');

beforeAll(async () => {
  strapi = await bootStrapi({
    env: {
      AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000',
      AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
      AFTER_SALES_RATE_LIMIT_VOTE_PER_IP: '8',
      AFTER_SALES_SCHEDULER: 'off',
      AFTER_SALES_DISPATCHER: 'off',
    },
  });
  const product = await strapi.documents('api::product.product').create({ data: { modelCode: 'VC-9', name: 'Vacuum 9' } as any });
  await strapi.documents('api::product.product').create({ data: { modelCode: 'VC-1', name: 'Vacuum 1' } as any });
  // As the demo data and the Content Manager do: the Chinese version names the product, the English one comes later.
  const doc = await strapi.documents(ARTICLE).create({
    locale: 'zh-Hans',
    status: 'published',
    data: {
      title: 'VC-9 吸力下降',
      slug: 'vc-9-suction',
      problem: '吸力明显下降。\n噪音变大。',
      cause: '滤网堵塞',
      solution: '## 步骤\n\n1. 关机\n2. **清洗**滤网 <script>alert(1)</script> [说明](javascript:alert(1))',
      category: 'usage',
      products: [product.documentId],
    },
  } as any);
  documentId = doc.documentId;
  await strapi.documents(ARTICLE).update({
    documentId,
    locale: 'en',
    status: 'published',
    data: { title: 'VC-9 suction drops', slug: 'vc-9-suction-en', problem: 'Suction drops a lot.', cause: 'A clogged filter', solution: 'Wash the filter <img src=x onerror=alert(1)>' },
  } as any);
  await strapi.documents(ARTICLE).create({ locale: 'zh-Hans', data: { title: '草稿文章吸力', slug: 'draft-only', problem: '吸力', solution: '草稿', category: 'secret-drafts' } } as any);
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('help center pages', () => {
  it('browses published articles by topic and product, in Chinese by default and in English, each page under 50 KB', async () => {
    const zh = await http().get(HELP);
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('帮助中心');
    expect(zh.text).toContain('使用指南');
    expect(zh.text).toContain(`${HELP}/products/VC-9`);
    expect(zh.text).not.toContain('VC-1 ·');
    expect(zh.text).not.toContain('secret-drafts');
    expect(Buffer.byteLength(zh.text)).toBeLessThan(50 * 1024);
    const en = await http().get(`${HELP}?lang=en`);
    expect(en.text).toContain('Help center');
    expect(en.text).toContain('Using the product');

    const byCategory = await http().get(`${HELP}/categories/usage?lang=en`);
    expect(byCategory.status).toBe(200);
    expect(byCategory.text).toContain('VC-9 suction drops');
    expect(byCategory.text).not.toContain('吸力下降');
    // The product's page in English although only the Chinese version names the product.
    const byProduct = await http().get(`${HELP}/products/VC-9?lang=en`);
    expect(byProduct.status).toBe(200);
    expect(byProduct.text).toContain(`${HELP}/articles/vc-9-suction-en`);
    const byProductZh = await http().get(`${HELP}/products/VC-9`);
    expect(byProductZh.text).toContain('VC-9 吸力下降');
    for (const page of [byCategory, byProduct, byProductZh]) expect(Buffer.byteLength(page.text)).toBeLessThan(50 * 1024);
  });

  it('answers 404 for a category, product or article with nothing published', async () => {
    for (const path of ['/categories/secret-drafts', '/categories/none', '/products/VC-1', '/products/NOPE', '/articles/draft-only', '/articles/nothing-here']) {
      const res = await http().get(`${HELP}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('草稿');
    }
  });

  it('searches in both languages, with the product filter working in English', async () => {
    const zh = await http().get(`${HELP}/search`).query({ q: '吸力', product: 'VC-9' });
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('VC-9 吸力下降');
    expect(zh.text).not.toContain('草稿文章');
    const en = await http().get(`${HELP}/search`).query({ q: 'suction', product: 'VC-9', lang: 'en' });
    expect(en.text).toContain('VC-9 suction drops');
    expect(en.text).toContain('1 articles found');
    const other = await http().get(`${HELP}/search`).query({ q: 'suction', product: 'VC-1', lang: 'en' });
    expect(other.text).toContain('No article found.');
    const empty = await http().get(`${HELP}/search`).query({ q: '', lang: 'en' });
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Please type a few words');
    const tooLong = await http()
      .get(`${HELP}/search`)
      .query({ q: 'x'.repeat(201), lang: 'en' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('at most 200 characters');
    const injected = await http().get(`${HELP}/search`).query({ q: '<script>alert(1)</script>', lang: 'en' });
    expect(injected.text).not.toContain('<script>alert(1)');
    expect(injected.text).toContain('&lt;script&gt;');
  });

  it('shows an article with its customer fields only, its Markdown made safe', async () => {
    const res = await http().get(`${HELP}/articles/vc-9-suction`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>VC-9 吸力下降</h1>');
    expect(res.text).toContain('<h3>步骤</h3>');
    expect(res.text).toContain('<strong>清洗</strong>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toMatch(/<script>alert|href="javascript:/);
    expect(res.text).toContain('滤网堵塞');
    expect(res.text).not.toContain(documentId);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'none'/);
    const en = await http().get(`${HELP}/articles/vc-9-suction-en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).not.toContain('<img src=x');
    expect(en.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('sends a link in the other language to the same article in the reader’s language', async () => {
    const res = await http().get(`${HELP}/articles/vc-9-suction?lang=en`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${HELP}/articles/vc-9-suction-en?lang=en`);
  });
});

describe('was this helpful', () => {
  const vote = (token: string, helpful: string, userAgent = PHONE) => http().post(`${HELP}/articles/vc-9-suction-en/vote?lang=en`).set('User-Agent', userAgent).type('form').send({ token, helpful });

  it('counts one vote per visitor and article: a second vote replaces the first, without JavaScript or cookies', async () => {
    const page = await http().get(`${HELP}/articles/vc-9-suction-en?lang=en`).set('User-Agent', PHONE);
    expect(page.headers['set-cookie']).toBeUndefined();
    const token = tokenOf(page.text);
    expect(token).not.toBe('');
    const first = await vote(token, 'yes');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`${HELP}/articles/vc-9-suction-en?voted=1&lang=en`);
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(await publishedCounts()).toEqual({ helpful_count: 1, not_helpful_count: 0 });
    // Reloading the page gives the same token: the same ballot.
    const again = tokenOf((await http().get(`${HELP}/articles/vc-9-suction-en?lang=en`).set('User-Agent', PHONE)).text);
    expect(again).toBe(token);
    expect((await vote(again, 'yes')).status).toBe(303);
    expect(await publishedCounts()).toEqual({ helpful_count: 1, not_helpful_count: 0 });
    expect((await vote(again, 'no')).status).toBe(303);
    expect(await publishedCounts()).toEqual({ helpful_count: 0, not_helpful_count: 1 });
    // Another visitor (another browser) votes on their own ballot.
    const desktop = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130';
    const theirs = tokenOf((await http().get(`${HELP}/articles/vc-9-suction-en?lang=en`).set('User-Agent', desktop)).text);
    expect(theirs).not.toBe(token);
    expect((await vote(theirs, 'yes', desktop)).status).toBe(303);
    expect(await publishedCounts()).toEqual({ helpful_count: 1, not_helpful_count: 1 });
    const thanks = await http().get(`${HELP}/articles/vc-9-suction-en?voted=1&lang=en`);
    expect(thanks.text).toContain('Thank you for your answer.');
    expect(thanks.text).toContain('1 of 2 readers found it helpful.');
    // The Chinese article keeps its own counts.
    const zh = await strapi.db.connection('knowledge_articles').where({ document_id: documentId, locale: 'zh-Hans' }).whereNotNull('published_at').first('helpful_count');
    expect(Number(zh.helpful_count ?? 0)).toBe(0);
    // No address is stored with a vote.
    const rows = await strapi.db.connection('after_sales_kb_votes').select('*');
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/127\.0\.0\.1|::1|Mozilla/);
  });

  it('refuses a forged, borrowed or missing token and a vote that is neither yes nor no, counting nothing', async () => {
    const before = await publishedCounts();
    const token = tokenOf((await http().get(`${HELP}/articles/vc-9-suction-en?lang=en`).set('User-Agent', PHONE)).text);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    for (const [t, helpful, ua] of [
      [forged, 'yes', PHONE],
      [token, 'yes', 'Another browser'],
      ['', 'yes', PHONE],
      [token, 'maybe', PHONE],
    ]) {
      const res = await vote(t, helpful, ua);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Your answer was not counted');
    }
    expect((await http().post(`${HELP}/articles/nothing-here/vote?lang=en`).type('form').send({ token, helpful: 'yes' })).status).toBe(404);
    expect(await publishedCounts()).toEqual(before);
  });

  it('shows the counts to the article’s editors in the admin, per language', async () => {
    const editor = await createAdmin(strapi, 'knowledge-editor');
    const res = await http().get(`/after-sales/knowledge/${documentId}/votes`).set('Authorization', `Bearer ${editor.token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { locale: 'en', helpful: 1, notHelpful: 1 },
      { locale: 'zh-Hans', helpful: 0, notHelpful: 0 },
    ]);
    expect((await http().get(`/after-sales/knowledge/${documentId}/votes`)).status).toBe(401);
  });

  it('limits votes per client address', async () => {
    const token = tokenOf((await http().get(`${HELP}/articles/vc-9-suction-en?lang=en`).set('User-Agent', PHONE)).text);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await vote(token, i % 2 ? 'yes' : 'no')).status);
    // Eight a minute (AFTER_SALES_RATE_LIMIT_VOTE_PER_IP), the earlier tests' votes included.
    expect(statuses.slice(-1)).toEqual([429]);
    const refused = await vote(token, 'yes');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
