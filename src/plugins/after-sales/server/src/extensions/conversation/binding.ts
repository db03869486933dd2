import type { Core } from '@strapi/strapi';
import { refusal, type AfterSalesApiV1, type Disposable } from '../../extension-api';

/** The API the conversation extension was activated with, per Strapi instance (none while it is disabled). */
const bound = new WeakMap<Core.Strapi, AfterSalesApiV1>();

export const bindConversation = (strapi: Core.Strapi, api: AfterSalesApiV1): Disposable => {
  bound.set(strapi, api);
  return { dispose: () => void (bound.get(strapi) === api && bound.delete(strapi)) };
};

/** The bound API; a 404 while the extension is switched off (its routes stay mounted). */
export const conversationApi = (strapi: Core.Strapi): AfterSalesApiV1 => {
  const api = bound.get(strapi);
  if (!api) throw refusal(404, 'extension-disabled', 'The case conversation extension is switched off');
  return api;
};
