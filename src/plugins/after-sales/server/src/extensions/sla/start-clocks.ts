import type { Core } from '@strapi/strapi';
import type { AfterSalesApiV1, DocumentMiddleware } from '../../extension-api';
import { isBlank } from '../../domain/sla/policies';
import { slaServices } from './services';

/**
 * Items registered in the Content Manager or through the REST API get their clocks too: the due
 * dates the caller left empty are filled in, and the clock rows are written with the item, in its
 * transaction. An item edited there (not by a workflow action, whose effect runs the clocks) runs
 * the clocks with the fields the edit filled: a record completed in the form stops its clock.
 */
export const startSlaClocksOnCreate =
  (strapi: Core.Strapi, api: AfterSalesApiV1): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action === 'update' && !api.workflow.isEngineWrite()) {
      const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
      const updated = await next();
      const documentId = (updated as { documentId?: unknown } | null)?.documentId ?? params.documentId;
      const set = Object.keys(params.data ?? {}).filter((field) => !isBlank(params.data?.[field]));
      if (typeof documentId === 'string' && set.length) await slaServices(strapi).sla.clocksOnEvent(ctx.uid, documentId, { kind: 'update', set });
      return updated;
    }
    if (ctx.action !== 'create') return next();
    const params = ctx.params as { data?: Record<string, unknown> };
    const plan = await slaServices(strapi).sla.planIntake(ctx.uid, params.data ?? {});
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
