import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONTENT_TYPES } from '../constants';
import { CONTACT_MASKS, isMasked } from '../domain/privacy/mask';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/**
 * A masked contact value (`138****8000`) is never stored: when a form shown masked is saved as it
 * was, the stored value is kept; a masked value that is not the stored one's mask is refused.
 */
export const keepStoredContactData =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid !== CONTENT_TYPES.customer || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const data = { ...(params.data ?? {}) };
    const masked = Object.keys(CONTACT_MASKS).filter((field) => isMasked(data[field]));
    if (!masked.length) return next();
    const current = ctx.action === 'update' ? await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId: params.documentId }, select: masked }) : null;
    for (const field of masked) {
      if (current && data[field] === CONTACT_MASKS[field](current[field])) {
        delete data[field];
        continue;
      }
      throw new errors.ValidationError(`${field}: is a masked value; type the full value or leave it unchanged`, {
        errors: [{ path: [field], message: 'is a masked value; type the full value or leave it unchanged', name: 'ValidationError' }],
      });
    }
    params.data = data;
    return next();
  };
