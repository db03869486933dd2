import type { Core } from '@strapi/strapi';

/**
 * Strapi's users-permissions strategy answers 401 to an anonymous request whenever loading the
 * public role's permissions fails, e.g. while the database restarts. A client must not take that
 * for "not allowed" and give up: when an anonymous content-API request is refused with 401 and
 * the database does not answer, the answer becomes 503 with `Retry-After`, which clients and load
 * balancers retry.
 */
export const unavailableDatabase = (strapi: Core.Strapi) => async (ctx: any, next: () => Promise<void>) => {
  await next();
  if (ctx.status !== 401 || ctx.get('authorization') || !ctx.path.startsWith('/api/')) return;
  const reachable = await Promise.race([
    strapi.db.connection.raw('SELECT 1').then(() => true, () => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
  ]);
  if (reachable) return;
  ctx.set('Retry-After', '1');
  ctx.status = 503;
  ctx.body = { data: null, error: { status: 503, name: 'ServiceUnavailableError', message: 'The database is not reachable; retry shortly', details: {} } };
};
