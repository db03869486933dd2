import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/**
 * Strapi's users-permissions strategy answers 401 to an anonymous request whenever loading the
 * public role's permissions fails: the database is restarting, or no pooled connection came in
 * time under load. A client must not take that for "not allowed" and give up. An anonymous
 * content-API request refused with 401 is therefore checked again: when the public role does have
 * permissions (or they cannot be read now), the refusal was a transient failure and the answer
 * becomes 503 with `Retry-After`, which clients and load balancers retry. Only when the public
 * role truly has no permissions does the 401 stand.
 */
export const unavailableDatabase = (strapi: Core.Strapi) => async (ctx: Context, next: () => Promise<void>) => {
  await next();
  if (ctx.status !== 401 || ctx.get('authorization') || !ctx.path.startsWith('/api/')) return;
  const publicPermissions = await Promise.race([
    strapi.db
      .query('plugin::users-permissions.permission')
      .count({ where: { role: { type: 'public' } } })
      .then(
        (n: number) => Number(n),
        () => -1
      ),
    new Promise<number>((resolve) => setTimeout(() => resolve(-1), 2000).unref()),
  ]);
  if (publicPermissions === 0) return;
  ctx.set('Retry-After', '1');
  ctx.status = 503;
  ctx.body = { data: null, error: { status: 503, name: 'ServiceUnavailableError', message: 'Temporarily unavailable; retry shortly', details: {} } };
};
