import type { AfterSalesApiV1, ExtensionContext } from '../../extension-api';

const active = new WeakMap<object, AfterSalesApiV1>();

/** The API this extension was activated with, or null while it is disabled (its routes then answer 503). */
export const queuesApi = (strapi: object): AfterSalesApiV1 | null => active.get(strapi) ?? null;

/** The queues have no hooks of their own: their routes act through the API they receive here. */
export const activate = (context: ExtensionContext) => {
  active.set(context.strapi, context.getApi(1));
  context.subscriptions.push({ dispose: () => void active.delete(context.strapi) });
};
