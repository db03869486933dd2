import type { Knex } from 'knex';
import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';

export interface ArticleHit {
  documentId: string;
  title: string;
  slug: string;
  problem: string;
  locale: string;
  score: number;
}

const MAX_QUERY = 200;

/** Words of a query; CJK text has no spaces, so a run of CJK characters is also split into pairs. */
export const queryTerms = (q: string): string[] => {
  const words = q.toLowerCase().normalize('NFKC').split(/[\s,.;:!?,。;:!?、()()"'“”‘’]+/).filter(Boolean);
  const terms = new Set<string>();
  for (const word of words) {
    terms.add(word);
    const cjk = word.match(/[\u3400-\u9fff]+/g) ?? [];
    for (const run of cjk) for (let i = 0; i + 2 <= run.length; i++) terms.add(run.slice(i, i + 2));
  }
  return [...terms].filter((t) => t.length > 0).slice(0, 20);
};

/**
 * Published knowledge articles ranked by relevance. PostgreSQL: full-text rank over an indexed
 * `simple` tsvector plus substring matches (which is what makes Chinese match); SQLite: weighted
 * substring matches. Title hits weigh most, then problem, cause, solution.
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
    const like = (column: string, weight: number) =>
      terms.map(() => `(CASE WHEN LOWER(COALESCE(${column}, '')) LIKE ? ESCAPE '\\' THEN ${weight} ELSE 0 END)`).join(' + ');
    const escaped = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const weights: [string, number][] = [['a.title', 8], ['a.problem', 4], ['a.cause', 2], ['a.solution', 1]];
    let scoreSql = weights.map(([c, w]) => like(c, w)).join(' + ');
    let bindings: unknown[] = weights.flatMap(() => escaped);
    if (isPostgres) {
      scoreSql = `(${scoreSql}) + 10 * ts_rank(to_tsvector('simple', COALESCE(a.title,'') || ' ' || COALESCE(a.problem,'') || ' ' || COALESCE(a.cause,'') || ' ' || COALESCE(a.solution,'')), plainto_tsquery('simple', ?))`;
      bindings = [...bindings, q];
    }
    const query = knex
      .select('a.document_id', 'a.title', 'a.slug', 'a.problem', 'a.locale', knex.raw(`${scoreSql} AS score`, bindings))
      .from('knowledge_articles as a')
      .whereNotNull('a.published_at')
      .andWhere('a.locale', params.locale ?? 'zh-Hans');
    if (params.product) {
      query.whereExists(function productFilter(this: any) {
        this.select(knex.raw('1'))
          .from('knowledge_articles_products_lnk as l')
          .join('products as p', 'p.id', 'l.product_id')
          .whereRaw('l.knowledge_article_id = a.id')
          .andWhere('p.model_code', params.product);
      });
    }
    const rows = await knex.select('*').from(query.as('ranked')).where('score', '>', 0).orderBy([{ column: 'score', order: 'desc' }, { column: 'title', order: 'asc' }]).limit(limit);
    return rows.map((r: any) => ({ documentId: r.document_id, title: r.title, slug: r.slug, problem: r.problem, locale: r.locale, score: Number(r.score) }));
  },

  async vote(slug: string, helpful: boolean) {
    const article = await strapi.db.query(CONTENT_TYPES.knowledgeArticle).findOne({ where: { slug, publishedAt: { $notNull: true } }, select: ['documentId'] });
    if (!article) return null;
    const column = helpful ? 'helpful_count' : 'not_helpful_count';
    await strapi.db.connection('knowledge_articles').where({ document_id: article.documentId }).increment(column, 1);
    const published = await strapi.db.connection('knowledge_articles').where({ document_id: article.documentId }).whereNotNull('published_at').first('helpful_count', 'not_helpful_count');
    return { slug, helpful: Number(published.helpful_count), notHelpful: Number(published.not_helpful_count) };
  },
});

export default knowledgeBase;
