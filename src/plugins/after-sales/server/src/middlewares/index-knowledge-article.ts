import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { searchTextOf } from '../domain/knowledge/search-terms';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];
const FIELDS = ['title', 'problem', 'cause', 'solution'] as const;

/**
 * Votes count on the published row only (one vote, one counter). Publishing replaces that row with
 * a copy of the draft, so the published counts of each language are carried over to the new row.
 */
const keepVoteCounts = async <T>(strapi: Core.Strapi, ctx: Parameters<DocumentMiddleware>[0], next: () => Promise<T>): Promise<T> => {
  const documentId = (ctx.params as { documentId?: string }).documentId;
  const articles = strapi.db.query(CONTENT_TYPES.knowledgeArticle);
  const before = documentId ? await articles.findMany({ where: { documentId, publishedAt: { $notNull: true } }, select: ['locale', 'helpfulCount', 'notHelpfulCount'] }) : [];
  const result = await next();
  for (const row of before) {
    await articles.updateMany({
      where: { documentId, locale: row.locale, publishedAt: { $notNull: true } },
      data: { helpfulCount: row.helpfulCount ?? 0, notHelpfulCount: row.notHelpfulCount ?? 0 },
    });
  }
  return result;
};

/**
 * Keeps a knowledge article's `searchText` (its words and CJK character pairs) in step with its
 * title, problem, cause and solution; PostgreSQL's full-text index is built on it. Publishing copies it.
 */
export const indexKnowledgeArticle =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid === CONTENT_TYPES.knowledgeArticle && ctx.action === 'publish') return keepVoteCounts<Awaited<ReturnType<typeof next>>>(strapi, ctx, next);
    if (ctx.uid !== CONTENT_TYPES.knowledgeArticle || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };
    if (!params.data) return next();
    const data = params.data;
    if (ctx.action === 'update' && !FIELDS.some((field) => field in data)) return next();
    const current =
      ctx.action === 'update'
        ? await strapi.db
            .query(CONTENT_TYPES.knowledgeArticle)
            .findOne({ where: { documentId: params.documentId, publishedAt: null, ...(params.locale ? { locale: params.locale } : {}) }, select: [...FIELDS] })
        : null;
    const value = (field: (typeof FIELDS)[number]) => (field in data ? (data[field] as string | null) : (current?.[field] as string | null));
    params.data = { ...data, searchText: searchTextOf(FIELDS.map(value)) };
    return next();
  };
