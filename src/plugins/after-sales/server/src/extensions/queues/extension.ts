import type { AfterSalesApiV1, ExtensionContext } from '../../extension-api';
import { TAG_SECTION, itemsByTagSection } from './tag-report';
import { contentManagerSearch } from './content-manager-search';

const active = new WeakMap<object, AfterSalesApiV1>();

/** The API this extension was activated with, or null while it is disabled (its routes then answer 503). */
export const queuesApi = (strapi: object): AfterSalesApiV1 | null => active.get(strapi) ?? null;

/**
 * The queues' routes act through the API they receive here; the report's "Items by tag" section and the Content
 * Manager's search of the item kinds are registered with it.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  active.set(context.strapi, api);
  const kinds = api.itemKinds
    .list()
    .filter((k) => k.collection)
    .map((k) => k.contentType);
  context.subscriptions.push(
    { dispose: () => void active.delete(context.strapi) },
    api.reports.registerSection(TAG_SECTION, itemsByTagSection(context.strapi, api)),
    // The Content Manager's search box on the item kinds, by the search's indexes.
    api.documents.use(kinds, contentManagerSearch(context.strapi, api))
  );
};
