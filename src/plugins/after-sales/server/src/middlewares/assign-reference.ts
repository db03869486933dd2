import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { REFERENCE_PREFIXES } from '../constants';
import { getService } from '../utils/get-service';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/**
 * Gives every new feedback, complaint and service record its reference, inside the creation's
 * transaction. A reference is the server's to give: one sent by a client is overwritten on
 * create and refused on update.
 */
export const assignReferenceOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    const prefix = REFERENCE_PREFIXES[ctx.uid];
    if (!prefix) return next();

    if (ctx.action === 'update') {
      const data = (ctx.params as { data?: Record<string, unknown> }).data;
      if (data && 'reference' in data) {
        const current = await strapi.db
          .query(ctx.uid)
          .findOne({ where: { documentId: (ctx.params as { documentId: string }).documentId }, select: ['reference'] });
        if (current && data.reference !== current.reference) {
          throw new errors.ValidationError('reference is assigned by the server and cannot be changed', {
            errors: [{ path: ['reference'], message: 'reference cannot be changed', name: 'ValidationError' }],
          });
        }
      }
      return next();
    }

    if (ctx.action !== 'create') return next();

    return strapi.db.transaction(async () => {
      const params = ctx.params as { data?: Record<string, unknown> };
      params.data = { ...(params.data ?? {}) };
      params.data.reference = await getService(strapi, 'reference').allocate(prefix, getService(strapi, 'clock').now());
      return next();
    });
  };
