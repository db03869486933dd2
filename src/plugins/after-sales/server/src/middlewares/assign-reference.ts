import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/**
 * Gives every new item of a declared item kind its reference (the kind's `referencePrefix`: FB,
 * CP, SR, IR), inside the creation's transaction; its workflow on or off. A reference is the server's to give: one sent by a client is overwritten on
 * create and refused on update.
 */
export const assignReferenceOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    const prefix = getService(strapi, 'item-kinds')
      .all()
      .find((kind) => kind.contentType === ctx.uid)?.referencePrefix;
    if (!prefix) return next();

    if (ctx.action === 'update') {
      const data = (ctx.params as { data?: Record<string, unknown> }).data;
      if (data && 'reference' in data) {
        const current = await strapi.db.query(ctx.uid).findOne({ where: { documentId: (ctx.params as { documentId: string }).documentId }, select: ['reference'] });
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
