import type { Context } from 'koa';

/**
 * The Koa context of a plugin route as Strapi fills it: route params, the parsed query and body,
 * and the signed-in user in `state`. The HTTP boundary: what arrives here is unchecked input, which
 * each controller parses before calling a service.
 */
export type RouteContext = Context & {
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: Context['request'] & { body?: unknown };
};
