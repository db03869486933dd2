import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { figuresConfig, keptFigures } from '../utils/kept-figures';

const LIST_PATH = /^\/content-manager\/collection-types\/([^/]+)\/?$/;
/** Counts kept at once (a list's count per permission filter, search and filter: a few per person). */
const KEPT_COUNTS = 2_000;

/**
 * Document-service middleware: the count under the Content Manager's list (its pagination) as the dashboard keeps
 * its figures (`dashboardFigures`: `AFTER_SALES_DASHBOARD_CACHE_FROM_MS`, `…_FRESH_SECONDS`, `…_STALE_SECONDS`). A
 * count that took `cacheFromMs` or longer (an agent's department of 450,000 feedback items: ~1.9 s at a million) is
 * served for `freshSeconds` as it is, then up to `staleSeconds` while one recount runs in the background; a
 * faster count is never kept, so a list of a few thousand rows always shows its exact total. The key is the count's
 * whole query (the caller's permission filters included): people with the same filters share one count. Only the
 * list's own count (a `GET` of the list route): every other count of the app is exact.
 */
export const contentManagerCounts = (strapi: Core.Strapi) => {
  const counts = keptFigures<number>(strapi, { what: 'the count under a Content Manager list', maxEntries: KEPT_COUNTS });
  const listRequest = (uid: string) => {
    const request = strapi.requestContext.get() as Context | undefined;
    if (!request || request.method !== 'GET') return false;
    const match = LIST_PATH.exec(request.path ?? '');
    if (!match) return false;
    try {
      return decodeURIComponent(match[1]) === uid;
    } catch {
      return match[1] === uid;
    }
  };
  const middleware: Parameters<Core.Strapi['documents']['use']>[0] = async (ctx, next) => {
    if (ctx.action !== 'count' || figuresConfig(strapi).staleSeconds <= 0 || !listRequest(ctx.uid)) return next();
    const key = `${ctx.uid} ${JSON.stringify(ctx.params ?? {})}`;
    const served = await counts.get(key, async () => Number(await next()));
    return served.value;
  };
  return middleware;
};
