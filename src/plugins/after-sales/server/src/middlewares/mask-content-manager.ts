import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES, PRIVACY } from '../constants';
import { CONTACT_MASKS } from '../domain/privacy/mask';
import { getService } from '../utils/get-service';

const HIDDEN = ['phoneNormalized', 'emailNormalized'];

/** Masks contact fields on every object of a response body that carries them. */
const maskDeep = (value: unknown, depth = 0): void => {
  if (depth > 8 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v) => maskDeep(v, depth + 1));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [field, mask] of Object.entries(CONTACT_MASKS)) {
    if (typeof record[field] === 'string') record[field] = mask(record[field] as string);
  }
  for (const field of HIDDEN) if (field in record) record[field] = null;
  for (const nested of Object.values(record)) if (nested && typeof nested === 'object') maskDeep(nested, depth + 1);
};

/** Work items whose Content Manager lists populate their customer (with its contact fields). */
const WITH_CUSTOMER = [CONTENT_TYPES.feedback, CONTENT_TYPES.complaint, CONTENT_TYPES.serviceRecord];

/** Content Manager responses about customers (lists, edit view, history, the customer relation of items, item lists). */
const concernsCustomers = (url: string) =>
  url.startsWith('/content-manager/') &&
  (url.includes(CONTENT_TYPES.customer) || /^\/content-manager\/relations\/[^/]+\/customer(\?|$)/.test(url) || WITH_CUSTOMER.some((uid) => url.includes(`/collection-types/${uid}`)));

/**
 * Koa middleware (outermost): for admin users without "view contact data", the Content Manager
 * shows customers' phone, email, WeChat id and address masked. Saving the form back with a masked
 * value keeps the stored one (see `keepStoredContactData`).
 */
export const maskContactDataInContentManager = (strapi: Core.Strapi) => async (ctx: any, next: () => Promise<void>) => {
  await next();
  if (!concernsCustomers(ctx.url) || !ctx.body || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body)) return;
  const user = ctx.state?.user;
  if (!user) return;
  if (await getService(strapi, 'privacy').adminMay(user, PRIVACY.viewContactData)) return;
  maskDeep(ctx.body);
};
