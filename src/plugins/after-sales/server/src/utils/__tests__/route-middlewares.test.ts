import { prependRouteMiddleware } from '../route-middlewares';

const named = (name: string) => Object.assign(async () => undefined, { label: name });
const labels = (route: { config?: { middlewares?: unknown[] } }) => (route.config?.middlewares ?? []).map((m) => (typeof m === 'string' ? m : (m as { label: string }).label));

describe('prependRouteMiddleware', () => {
  it('puts the middleware first and keeps the route’s other settings and middlewares', () => {
    const route: { config?: { middlewares?: unknown[]; auth?: boolean } } = { config: { auth: false, middlewares: ['plugin::x.y', named('own')] } };
    prependRouteMiddleware(route, 'guard', named('guard#1'));
    expect(labels(route)).toEqual(['guard#1', 'plugin::x.y', 'own']);
    expect(route.config?.auth).toBe(false);
  });

  it('replaces the middleware of the same kind an earlier Strapi instance added, and leaves other kinds in their order', () => {
    const route: { config?: { middlewares?: unknown[] } } = {};
    // First instance: the guard, then the pickers before it (register's order).
    prependRouteMiddleware(route, 'guard', named('guard#1'));
    prependRouteMiddleware(route, 'pickers', named('pickers#1'));
    // The same route objects, a second instance in the same process.
    prependRouteMiddleware(route, 'guard', named('guard#2'));
    prependRouteMiddleware(route, 'pickers', named('pickers#2'));
    expect(labels(route)).toEqual(['pickers#2', 'guard#2']);
  });

  it('adds a kind once however often it is applied to one route', () => {
    const route: { config?: { middlewares?: unknown[] } } = { config: { middlewares: [] } };
    const guard = named('guard');
    prependRouteMiddleware(route, 'guard', guard);
    prependRouteMiddleware(route, 'guard', guard);
    expect(route.config?.middlewares).toEqual([guard]);
  });
});
