import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { hasChinese, slugOf } from '../domain/knowledge/slug';

/** What the Content Manager's uid service is asked to generate a slug from. */
type UidFieldArgs = { contentTypeUID: string; field: string; data?: Record<string, unknown>; locale?: string };

/**
 * The Content Manager's slug generator (its "regenerate" button, and the slug of a new article)
 * drops Chinese characters, which leaves the content type's name (`knowledge-article`). For a
 * knowledge article whose title has Chinese, it spells the title in pinyin instead.
 */
export const spellChineseSlugs = (strapi: Core.Strapi) => {
  const service = strapi.plugin('content-manager')?.service('uid') as
    | { generateUIDField: (args: UidFieldArgs) => Promise<string>; findUniqueUID: (args: { contentTypeUID: string; field: string; value: string; locale?: string }) => Promise<string> }
    | undefined;
  if (!service) return;
  const original = service.generateUIDField;
  service.generateUIDField = async function generateUIDField(this: unknown, args: UidFieldArgs) {
    const title = args.data?.title;
    if (args.contentTypeUID === CONTENT_TYPES.knowledgeArticle && args.field === 'slug' && typeof title === 'string' && hasChinese(title)) {
      const value = slugOf(title);
      if (value) return service.findUniqueUID({ contentTypeUID: args.contentTypeUID, field: args.field, value, locale: args.locale });
    }
    return original.call(service, args);
  };
};
