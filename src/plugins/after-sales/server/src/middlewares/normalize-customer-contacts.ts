import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { normalizeEmail, normalizePhone } from '../domain/intake/normalize-contact';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/**
 * A customer's normalised phone and email (what staff search by, and what the intake matches
 * returning customers on) follow the phone and email written, on every path (Content Manager,
 * REST API, intake, seed). They are never taken from the client: the Content Manager shows them
 * empty to roles without contact data and would otherwise send the empty value back.
 */
export const normalizeCustomerContacts =
  (_strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid !== CONTENT_TYPES.customer || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { data?: Record<string, unknown> };
    const data = { ...(params.data ?? {}) };
    delete data.phoneNormalized;
    delete data.emailNormalized;
    if ('phone' in data) {
      const phone = typeof data.phone === 'string' && data.phone.trim() ? normalizePhone(data.phone) : null;
      data.phoneNormalized = phone?.ok ? phone.value : null;
    }
    if ('email' in data) data.emailNormalized = typeof data.email === 'string' && data.email.trim() ? normalizeEmail(data.email) : null;
    params.data = data;
    return next();
  };
