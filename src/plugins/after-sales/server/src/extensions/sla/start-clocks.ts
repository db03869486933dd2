import type { Core } from '@strapi/strapi';
import type { DocumentMiddleware } from '../../extension-api';
import { slaOf } from './sla';

/**
 * Items registered in the Content Manager or through the REST API get their clocks too: the due
 * dates the caller left empty are filled in, and the clock rows are written with the item, in its
 * transaction.
 */
export const startSlaClocksOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create') return next();
    const params = ctx.params as { data?: Record<string, unknown> };
    const plan = await slaOf(strapi).planIntake(ctx.uid, params.data ?? {});
    if (!plan) return next();
    const missing = Object.fromEntries(Object.entries(plan.dueDates).filter(([field]) => !params.data?.[field]));
    params.data = { ...(params.data ?? {}), ...missing };
    return strapi.db.transaction(async ({ trx }) => {
      const created = await next();
      const documentId = (created as { documentId?: unknown } | null)?.documentId;
      if (typeof documentId === 'string') await plan.save(trx, documentId);
      return created;
    });
  };
