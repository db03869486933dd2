import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONTENT_TYPES } from '../constants';
import { isPlaceholderSlug, slugOf } from '../domain/knowledge/slug';
import { cleanTags } from '../domain/knowledge/tags';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const refuse = (field: string, message: string) => new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/** A slug not yet used by another article in this locale (`-2`, `-3`… appended when taken). */
const uniqueSlug = async (strapi: Core.Strapi, base: string, locale: string | undefined, documentId?: string) => {
  const rows = await strapi.db.query(CONTENT_TYPES.knowledgeArticle).findMany({
    select: ['slug', 'documentId'],
    where: { slug: { $startsWith: base }, ...(locale ? { locale } : {}) },
  });
  const taken = new Set((rows as { slug: string; documentId: string }[]).filter((r) => r.documentId !== documentId).map((r) => r.slug));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
};

/**
 * Knowledge articles: the tags are a list of words (cleaned, at most 20), and an article saved
 * without a real slug (none, or the `knowledge-article` placeholder the Content Manager fills in
 * before a title is typed) gets one made from its title, Chinese titles spelled in pinyin.
 */
export const knowledgeArticleFields =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid !== CONTENT_TYPES.knowledgeArticle || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };
    if (!params.data) return next();
    const data = { ...params.data };
    if ('tags' in data) {
      const result = cleanTags(data.tags);
      if ('error' in result) throw refuse('tags', result.error);
      data.tags = result.tags;
    }
    const modelName = strapi.getModel(CONTENT_TYPES.knowledgeArticle).modelName;
    const naming = ctx.action === 'create' || 'slug' in data;
    if (naming && isPlaceholderSlug(data.slug, modelName)) {
      let title = typeof data.title === 'string' ? data.title : null;
      if (title == null && params.documentId) {
        const current = await strapi.db
          .query(CONTENT_TYPES.knowledgeArticle)
          .findOne({ where: { documentId: params.documentId, ...(params.locale ? { locale: params.locale } : {}) }, select: ['title'] });
        title = current?.title ?? null;
      }
      const base = title ? slugOf(title) : '';
      if (base) data.slug = await uniqueSlug(strapi, base, params.locale, params.documentId);
    }
    params.data = data;
    return next();
  };
