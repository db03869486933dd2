import type { Core } from '@strapi/strapi';
import { isFull } from '../domain/privacy/contact-access';
import { getService } from '../utils/get-service';
import type { RouteContext } from '../utils/route-context';
import { prependRouteMiddleware } from '../utils/route-middlewares';

/**
 * Route middleware (after authentication and policies, before the controller) of every Content
 * Manager route and every content-API route of the app's content types: a query filtering or
 * sorting by contact data its caller cannot read is refused, a search on customers skips it, and
 * every customer in the response is shown as the caller may read it (full, masked or left out).
 */
const guardContactData = (strapi: Core.Strapi) => async (ctx: RouteContext, next: () => Promise<void>) => {
  const service = getService(strapi, 'contact-data');
  const model = service.routeModel(ctx);
  if (!model) return next();
  const access = service.accessFor(ctx);
  if (isFull(access)) return next();
  const query = ctx.request?.query;
  service.narrowSearch(query, model.uid, access);
  service.assertReadableQuery(query, model.uid, access);
  await next();
  service.guardResponse(ctx.body, model, access);
};

type Router = { routes?: { config?: { middlewares?: unknown[]; [setting: string]: unknown } }[] };

/** Puts the guard first among the route middlewares of every route of these routers (once per route). */
export const guardRoutes = (strapi: Core.Strapi, routers: Record<string, unknown> | unknown[] | undefined) => {
  const guard = guardContactData(strapi);
  const list = Array.isArray(routers) ? [{ routes: routers } as Router] : (Object.values(routers ?? {}) as Router[]);
  for (const router of list) {
    if (!router || typeof router !== 'object' || !Array.isArray(router.routes)) continue;
    for (const route of router.routes) prependRouteMiddleware(route, 'contact-data-guard', guard);
  }
};
