/**
 * Route middlewares this plugin adds to routes it does not own (the Content Manager's, the content APIs'). Those
 * route objects belong to modules that outlive one Strapi instance: a process that creates Strapi again (Strapi
 * allows it; the API tests do it once per file) finds the middlewares the earlier instance added, bound to that
 * instance and its closed database. Each middleware carries its kind, and adding one of a kind replaces the one
 * already there.
 */
const KIND = Symbol.for('after-sales.route-middleware-kind');

type Middleware = (...args: never[]) => unknown;
type Route = { config?: { middlewares?: unknown[]; [setting: string]: unknown } };

const kindOf = (middleware: unknown): string | undefined => (typeof middleware === 'function' ? (middleware as unknown as Record<symbol, string | undefined>)[KIND] : undefined);

/** Puts `middleware` first among the route's middlewares, in place of any earlier one of the same kind. */
export const prependRouteMiddleware = (route: Route, kind: string, middleware: Middleware) => {
  Object.defineProperty(middleware, KIND, { value: kind, configurable: true });
  const others = (route.config?.middlewares ?? []).filter((existing) => kindOf(existing) !== kind);
  route.config = { ...(route.config ?? {}), middlewares: [middleware, ...others] };
};
