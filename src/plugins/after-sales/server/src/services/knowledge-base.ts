import type { Knex } from 'knex';
import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES, TABLES } from '../constants';
import { prefixTsQuery, searchTerms, searchTextOf } from '../domain/knowledge/search-terms';
import { VOTE_WINDOW_MS, voteCounterChange } from '../domain/knowledge/vote-token';
import { isUniqueViolation } from '../utils/unique-violation';

export interface ArticleHit {
  documentId: string;
  title: string;
  slug: string;
  problem: string;
  locale: string;
  score: number;
}

const MAX_QUERY = 200;

/** What a customer may read of a published article, and an article in a list (types shared with the extension API). */
export type { PublicKnowledgeArticle as PublicArticle, KnowledgeArticleListing as ArticleListing } from '../extension-api';
import type { PublicKnowledgeArticle as PublicArticle, KnowledgeArticleListing as ArticleListing } from '../extension-api';

const tagsOf = (value: unknown): string[] => {
  let tags = value;
  if (typeof tags === 'string') {
    try {
      tags = JSON.parse(tags);
    } catch {
      return [];
    }
  }
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
};

/**
 * The documents whose articles name a product. By document, not by row: Strapi keeps a relation's
 * links on the rows (locale, draft or published) it was saved with, so an English version added
 * after the Chinese one names no product of its own although `products` is not localised; filtering
 * by the row's own links found nothing in English.
 */
const documentsNamingProduct = (knex: Knex, model: string) =>
  knex
    .select('named.document_id')
    .from('knowledge_articles as named')
    .join('knowledge_articles_products_lnk as l', 'l.knowledge_article_id', 'named.id')
    .join('products as p', 'p.id', 'l.product_id')
    .where('p.model_code', model);

/** Words of a query (at most 20), CJK runs also split into pairs. */
const queryTerms = (q: string): string[] => searchTerms(q, 20);

/** The published row of an article by slug (in `locale` when given; the oldest row otherwise). */
const publishedRow = (knex: Knex, slug: string, locale?: string): Promise<{ id: number; document_id: string; locale: string; slug: string } | undefined> =>
  knex('knowledge_articles')
    .where({ slug })
    .whereNotNull('published_at')
    .modify((q: Knex.QueryBuilder) => {
      if (locale) q.andWhere({ locale });
    })
    .orderBy('id', 'asc')
    .first('id', 'document_id', 'locale', 'slug');

/**
 * Moves the vote counters of an article's published row (never below 0): one vote, one counter. The
 * draft and the other language keep theirs; publishing carries the published counts over (see
 * middlewares/index-knowledge-article.ts), and the admin reads them with `voteCounts`.
 */
const moveCounters = async (knex: Knex, publishedId: number, change: { helpful: number; notHelpful: number }) => {
  if (!change.helpful && !change.notHelpful) return;
  const moved = (column: string, by: number) => knex.raw(`CASE WHEN COALESCE(${column}, 0) + ? < 0 THEN 0 ELSE COALESCE(${column}, 0) + ? END`, [by, by]);
  await knex('knowledge_articles')
    .where({ id: publishedId })
    .update({ helpful_count: moved('helpful_count', change.helpful), not_helpful_count: moved('not_helpful_count', change.notHelpful) });
};

const publishedCounts = async (knex: Knex, id: number) => {
  const row = await knex('knowledge_articles').where({ id }).first('helpful_count', 'not_helpful_count');
  return { helpful: Number(row?.helpful_count ?? 0), notHelpful: Number(row?.not_helpful_count ?? 0) };
};

/**
 * Published knowledge articles ranked by relevance. PostgreSQL: the candidates come from the GIN
 * full-text index over `search_text` (words and CJK pairs, any term as a prefix), ranked by
 * ts_rank plus weighted substring matches; SQLite: weighted substring matches. Title hits weigh
 * most, then problem, cause, solution.
 */
const knowledgeBase = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `db`: a transaction to read in (the intake answer is computed inside its transaction). */
  async search(params: { q: string; locale?: string; product?: string; limit?: number }, db?: Knex): Promise<ArticleHit[]> {
    const q = params.q.trim().slice(0, MAX_QUERY);
    const terms = queryTerms(q);
    if (!terms.length) return [];
    const knex = db ?? strapi.db.connection;
    const isPostgres = strapi.db.dialect.client === 'postgres';
    const limit = Math.min(Math.max(params.limit ?? 10, 1), 50);
    const like = (column: string, weight: number) => terms.map(() => `(CASE WHEN LOWER(COALESCE(${column}, '')) LIKE ? ESCAPE '\\' THEN ${weight} ELSE 0 END)`).join(' + ');
    const escaped = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const weights: [string, number][] = [
      ['a.title', 8],
      ['a.problem', 4],
      ['a.cause', 2],
      ['a.solution', 1],
    ];
    let scoreSql = weights.map(([c, w]) => like(c, w)).join(' + ');
    let bindings: unknown[] = weights.flatMap(() => escaped);
    const tsQuery = prefixTsQuery(terms);
    if (isPostgres && tsQuery) {
      scoreSql = `(${scoreSql}) + 10 * ts_rank(to_tsvector('simple', COALESCE(a.search_text, '')), to_tsquery('simple', ?))`;
      bindings = [...bindings, tsQuery];
    }
    const query = knex
      .select('a.document_id', 'a.title', 'a.slug', 'a.problem', 'a.locale', knex.raw(`${scoreSql} AS score`, bindings))
      .from('knowledge_articles as a')
      .whereNotNull('a.published_at')
      .andWhere('a.locale', params.locale ?? 'zh-Hans');
    if (isPostgres && tsQuery) query.whereRaw(`to_tsvector('simple', COALESCE(a.search_text, '')) @@ to_tsquery('simple', ?)`, [tsQuery]);
    if (params.product) query.whereIn('a.document_id', documentsNamingProduct(knex, params.product));
    const rows = await knex
      .select('*')
      .from(query.as('ranked'))
      .where('score', '>', 0)
      .orderBy([
        { column: 'score', order: 'desc' },
        { column: 'title', order: 'asc' },
      ])
      .limit(limit);
    return rows.map((r: { document_id: string; title: string; slug: string; problem: string; locale: string; score: number | string }) => ({
      documentId: r.document_id,
      title: r.title,
      slug: r.slug,
      problem: r.problem,
      locale: r.locale,
      score: Number(r.score),
    }));
  },

  /** The product catalogue for public forms: model, name, category, warranty; by model. */
  async products(params: { q?: string; page: number; pageSize: number }) {
    const where = params.q ? { $or: [{ modelCode: { $containsi: params.q } }, { name: { $containsi: params.q } }] } : {};
    const [rows, total] = await Promise.all([
      strapi.db
        .query(CONTENT_TYPES.product)
        .findMany({ where, select: ['modelCode', 'name', 'category', 'warrantyMonths'], orderBy: [{ modelCode: 'asc' }], offset: (params.page - 1) * params.pageSize, limit: params.pageSize }),
      strapi.db.query(CONTENT_TYPES.product).count({ where }),
    ]);
    return {
      data: rows.map((p: { modelCode: string; name: string; category?: string | null; warrantyMonths?: number | null }) => ({
        model: p.modelCode,
        name: p.name,
        category: p.category ?? null,
        warrantyMonths: p.warrantyMonths ?? null,
      })),
      meta: { pagination: { page: params.page, pageSize: params.pageSize, total: Number(total) } },
    };
  },

  /** The tags used by knowledge articles (drafts included), most used first: the list the admin picks from. */
  async tagsInUse(): Promise<{ tag: string; count: number }[]> {
    const rows = await strapi.db.connection('knowledge_articles').select('document_id', 'tags').whereNotNull('tags');
    const documents = new Map<string, Set<string>>();
    for (const row of rows as { document_id: string; tags: unknown }[]) {
      let tags = row.tags;
      if (typeof tags === 'string') {
        try {
          tags = JSON.parse(tags);
        } catch {
          continue;
        }
      }
      if (!Array.isArray(tags)) continue;
      const set = documents.get(row.document_id) ?? new Set<string>();
      for (const tag of tags) if (typeof tag === 'string' && tag.trim()) set.add(tag.trim());
      documents.set(row.document_id, set);
    }
    const counts = new Map<string, number>();
    for (const set of documents.values()) for (const tag of set) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  },

  /** Fills `search_text` for articles stored before it existed (or written around the Document Service). */
  async fillMissingSearchText(batch = 500) {
    const knex = strapi.db.connection;
    let filled = 0;
    for (;;) {
      const rows = await knex('knowledge_articles').whereNull('search_text').select('id', 'title', 'problem', 'cause', 'solution').limit(batch);
      if (!rows.length) return filled;
      for (const row of rows)
        await knex('knowledge_articles')
          .where({ id: row.id })
          .update({ search_text: searchTextOf([row.title, row.problem, row.cause, row.solution]) });
      filled += rows.length;
    }
  },

  /** One vote, one counter: the published row of the article in the language it was read in (see `moveCounters`). */
  async vote(slug: string, helpful: boolean, locale?: string) {
    const knex = strapi.db.connection;
    const row = await publishedRow(knex, slug, locale);
    if (!row) return null;
    await moveCounters(knex, row.id, voteCounterChange(null, helpful));
    return { slug, ...(await publishedCounts(knex, row.id)) };
  },

  /**
   * A help-center vote: `voter` is the hash of the visitor's vote token. The same voter's second vote
   * on the article replaces the first (the counters move), a repeated one changes nothing. Votes older
   * than their token's life are forgotten (the counters stay).
   */
  async castVote(params: { slug: string; locale: string; helpful: boolean; voter: string; now: number }) {
    const knex = strapi.db.connection;
    const row = await publishedRow(knex, params.slug, params.locale);
    if (!row) return null;
    const key = { document_id: row.document_id, locale: row.locale, voter: params.voter };
    const once = () =>
      knex.transaction(async (trx) => {
        const previous = await trx(TABLES.kbVotes).where(key).forUpdate().first('helpful');
        const before = previous ? Boolean(previous.helpful) : null;
        if (before === null) await trx(TABLES.kbVotes).insert({ ...key, helpful: params.helpful, voted_at: params.now });
        else if (before !== params.helpful) await trx(TABLES.kbVotes).where(key).update({ helpful: params.helpful, voted_at: params.now });
        await moveCounters(trx, row.id, voteCounterChange(before, params.helpful));
      });
    try {
      await once();
    } catch (error) {
      // The same voter's two first votes at once: the loser finds the winner's row and moves from it.
      if (!isUniqueViolation(error)) throw error;
      await once();
    }
    await knex(TABLES.kbVotes)
      .where('voted_at', '<', params.now - 2 * VOTE_WINDOW_MS)
      .delete();
    return { slug: row.slug, locale: row.locale, ...(await publishedCounts(knex, row.id)) };
  },

  /** The customers' votes on an article, per published language (for its editors in the admin). */
  async voteCounts(documentId: string): Promise<{ locale: string; helpful: number; notHelpful: number }[]> {
    const rows = await strapi.db
      .connection('knowledge_articles')
      .where({ document_id: documentId })
      .whereNotNull('published_at')
      .select('locale', 'helpful_count', 'not_helpful_count')
      .orderBy('locale');
    return rows.map((r: { locale: string; helpful_count: number | null; not_helpful_count: number | null }) => ({
      locale: String(r.locale),
      helpful: Number(r.helpful_count ?? 0),
      notHelpful: Number(r.not_helpful_count ?? 0),
    }));
  },

  /** The categories and products of the published articles in a language, with how many articles each has. */
  async helpTopics(locale: string) {
    const knex = strapi.db.connection;
    const categories = await knex('knowledge_articles')
      .whereNotNull('published_at')
      .andWhere({ locale })
      .whereNotNull('category')
      .andWhere('category', '<>', '')
      .select('category')
      .count({ count: '*' })
      .groupBy('category')
      .orderBy('category');
    const products = await knex('products as p')
      .join('knowledge_articles_products_lnk as l', 'l.product_id', 'p.id')
      .join('knowledge_articles as named', 'named.id', 'l.knowledge_article_id')
      .join('knowledge_articles as a', 'a.document_id', 'named.document_id')
      .whereNotNull('a.published_at')
      .andWhere('a.locale', locale)
      .select('p.model_code', 'p.name')
      .countDistinct({ count: 'a.document_id' })
      .groupBy('p.model_code', 'p.name')
      .orderBy('p.model_code');
    return {
      categories: (categories as { category: string; count: number | string }[]).map((r) => ({ category: String(r.category), count: Number(r.count) })),
      products: (products as { model_code: string; name: string; count: number | string }[]).map((r) => ({ model: String(r.model_code), name: String(r.name), count: Number(r.count) })),
    };
  },

  /** Published articles in a language, by title; of one category or product when given. */
  async helpArticles(params: { locale: string; category?: string; product?: string; limit: number; offset: number }): Promise<{ articles: ArticleListing[]; total: number }> {
    const knex = strapi.db.connection;
    const base = knex('knowledge_articles as a').whereNotNull('a.published_at').andWhere('a.locale', params.locale);
    if (params.category) base.andWhere('a.category', params.category);
    if (params.product) base.whereIn('a.document_id', documentsNamingProduct(knex, params.product));
    const [{ total }] = await base.clone().count({ total: '*' });
    const rows = await base
      .select('a.title', 'a.slug', 'a.problem', 'a.category')
      .orderBy([{ column: 'a.title' }, { column: 'a.id' }])
      .limit(params.limit)
      .offset(params.offset);
    return {
      articles: rows.map((r: { title: string; slug: string; problem: string; category: string | null }) => ({ title: r.title, slug: r.slug, problem: r.problem, category: r.category ?? null })),
      total: Number(total),
    };
  },

  /** A published article by its slug, in `locale` (or the language the slug belongs to), with its customer-visible fields only. */
  async helpArticle(slug: string, locale?: string): Promise<PublicArticle | null> {
    const knex = strapi.db.connection;
    const row = await knex('knowledge_articles')
      .where({ slug })
      .whereNotNull('published_at')
      .modify((q: Knex.QueryBuilder) => {
        if (locale) q.andWhere({ locale });
      })
      .orderBy('id', 'asc')
      .first('id', 'document_id', 'locale', 'title', 'slug', 'problem', 'cause', 'solution', 'category', 'tags', 'updated_at', 'helpful_count', 'not_helpful_count');
    if (!row) return null;
    const productIds = knex('knowledge_articles_products_lnk as l')
      .join('knowledge_articles as named', 'named.id', 'l.knowledge_article_id')
      .where('named.document_id', row.document_id)
      .select('l.product_id');
    const [products, translations] = await Promise.all([
      knex('products as p').whereIn('p.id', productIds).select('p.model_code', 'p.name').orderBy('p.model_code'),
      knex('knowledge_articles').where({ document_id: row.document_id }).whereNot({ locale: row.locale }).whereNotNull('published_at').select('locale', 'slug').orderBy('locale'),
    ]);
    const updated = row.updated_at ? new Date(typeof row.updated_at === 'number' ? row.updated_at : String(row.updated_at)) : null;
    return {
      documentId: row.document_id,
      locale: row.locale,
      title: row.title,
      slug: row.slug,
      problem: row.problem ?? '',
      cause: row.cause ?? null,
      solution: row.solution ?? '',
      category: row.category ?? null,
      tags: tagsOf(row.tags),
      products: products.map((p: { model_code: string; name: string }) => ({ model: p.model_code, name: p.name })),
      updatedAt: updated && !Number.isNaN(updated.getTime()) ? updated.toISOString() : null,
      helpful: Number(row.helpful_count ?? 0),
      notHelpful: Number(row.not_helpful_count ?? 0),
      translations: translations.map((t: { locale: string; slug: string }) => ({ locale: t.locale, slug: t.slug })),
    };
  },
});

export default knowledgeBase;
