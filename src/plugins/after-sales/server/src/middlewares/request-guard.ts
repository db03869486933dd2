import { errors } from '@strapi/utils';
import { jsonShapeProblems } from '../utils/json-shape';
import type { RouteContext } from '../utils/route-context';

/**
 * App middleware `plugin::after-sales.request-guard`, right after `strapi::body` (config/middlewares.ts):
 * every request's body and query are checked before any handler, sanitizer or validator walks
 * them. Nesting deeper than 64 levels and NUL characters (which PostgreSQL cannot store in text)
 * are a 400 naming the field, on every route: the public API, the workflow routes, SLA settings,
 * the Content Manager.
 */
export const requestGuard = () => async (ctx: RouteContext, next: () => Promise<void>) => {
  // eslint-disable-next-line no-control-regex -- looking for the NUL character is the point
  if (/%00|\u0000/i.test(ctx.path ?? '')) {
    throw new errors.ValidationError('path: must not contain a NUL character', { errors: [{ path: ['path'], message: 'must not contain a NUL character', name: 'ValidationError' }] });
  }
  const problems = [...jsonShapeProblems(ctx.request?.body), ...jsonShapeProblems(ctx.query)];
  if (problems.length) {
    const message = problems
      .map((p) => `${p.path.join('.') || 'body'}: ${p.message}`)
      .join('; ')
      .slice(0, 500);
    throw new errors.ValidationError(message, { errors: problems.slice(0, 20).map((p) => ({ ...p, name: 'ValidationError' })) });
  }
  await next();
};
