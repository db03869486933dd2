import type { Core } from '@strapi/strapi';
import { createApiHandle, type AfterSalesApiV1, type Disposable } from '../../extension-api';

/** The API the portal extension was activated with, per Strapi instance (none while it is disabled: its routes then answer 404). */
const bound = new WeakMap<Core.Strapi, AfterSalesApiV1>();

export const bindPortal = (strapi: Core.Strapi, api: AfterSalesApiV1): Disposable => {
  bound.set(strapi, api);
  return { dispose: () => void (bound.get(strapi) === api && bound.delete(strapi)) };
};

/** The portal's API for its routes that answer whether it is active or not (the CAPTCHA challenge), bound by `register(context)`. */
export const portalHandle = createApiHandle('after-sales.portal');

export const portalApi = (strapi: Core.Strapi): AfterSalesApiV1 | null => bound.get(strapi) ?? null;
