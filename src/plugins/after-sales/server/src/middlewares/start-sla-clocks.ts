import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/** Items registered in the Content Manager or through the REST API get their due dates too. */
export const startSlaClocksOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create' || !getService(strapi, 'extension-host').isUsable('after-sales.sla')) return next();
    const params = ctx.params as { data?: Record<string, unknown> };
    const due = await getService(strapi, 'sla').intakeDueDates(ctx.uid, params.data ?? {}, getService(strapi, 'clock').now());
    const missing = Object.fromEntries(Object.entries(due).filter(([field]) => !params.data?.[field]));
    params.data = { ...(params.data ?? {}), ...missing };
    return next();
  };
