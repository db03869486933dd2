import type { AfterSalesApiV1, ExtensionContext } from '../../extension-api';
import { TAG_SECTION, itemsByTagSection } from './tag-report';

const active = new WeakMap<object, AfterSalesApiV1>();

/** The API this extension was activated with, or null while it is disabled (its routes then answer 503). */
export const queuesApi = (strapi: object): AfterSalesApiV1 | null => active.get(strapi) ?? null;

/** The queues' routes act through the API they receive here; the report's "Items by tag" section is registered with it. */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  active.set(context.strapi, api);
  context.subscriptions.push({ dispose: () => void active.delete(context.strapi) }, api.reports.registerSection(TAG_SECTION, itemsByTagSection(context.strapi, api)));
};
