import type { Knex } from 'knex';
import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { prefixTsQuery, searchTerms, searchTextOf } from '../domain/knowledge/search-terms';

export interface ArticleHit {
  documentId: string;
  title: string;
  slug: string;
  problem: string;
  locale: string;
  score: number;
}

const MAX_QUERY = 200;

/** Words of a query (at most 20), CJK runs also split into pairs. */
const queryTerms = (q: string): string[] => searchTerms(q, 20);

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
    if (params.product) {
      query.whereExists(function productFilter(this: any) {
        this.select(knex.raw('1'))
          .from('knowledge_articles_products_lnk as l')
          .join('products as p', 'p.id', 'l.product_id')
          .whereRaw('l.knowledge_article_id = a.id')
          .andWhere('p.model_code', params.product);
      });
    }
    const rows = await knex
      .select('*')
      .from(query.as('ranked'))
      .where('score', '>', 0)
      .orderBy([
        { column: 'score', order: 'desc' },
        { column: 'title', order: 'asc' },
      ])
      .limit(limit);
    return rows.map((r: any) => ({ documentId: r.document_id, title: r.title, slug: r.slug, problem: r.problem, locale: r.locale, score: Number(r.score) }));
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
      data: rows.map((p: any) => ({ model: p.modelCode, name: p.name, category: p.category ?? null, warrantyMonths: p.warrantyMonths ?? null })),
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

  /**
   * One vote, one counter: the published row of the article in the language it was read in (the
   * draft and the other language keep theirs; publishing carries the counts over, see
   * middlewares/index-knowledge-article.ts).
   */
  async vote(slug: string, helpful: boolean, locale?: string) {
    const row = await strapi.db
      .connection('knowledge_articles')
      .where({ slug })
      .whereNotNull('published_at')
      .modify((q: Knex.QueryBuilder) => {
        if (locale) q.andWhere({ locale });
      })
      .orderBy('id', 'asc')
      .first('id');
    if (!row) return null;
    const column = helpful ? 'helpful_count' : 'not_helpful_count';
    await strapi.db
      .connection('knowledge_articles')
      .where({ id: row.id })
      .update({ [column]: strapi.db.connection.raw(`COALESCE(${column}, 0) + 1`) });
    const published = await strapi.db.connection('knowledge_articles').where({ id: row.id }).first('helpful_count', 'not_helpful_count');
    return { slug, helpful: Number(published.helpful_count ?? 0), notHelpful: Number(published.not_helpful_count ?? 0) };
  },
});

export default knowledgeBase;
