import { HttpError, statusOf } from '../utils/http-errors';
import type { RouteContext } from '../utils/route-context';

/**
 * Runs a route handler and answers with its status and body; a refusal (Strapi's `errors` or our
 * HttpError) becomes its status, Retry-After header and Strapi-shaped error body.
 */
export const answer = async (ctx: RouteContext, handler: () => Promise<{ status?: number; body: unknown }>) => {
  try {
    const { status = 200, body } = await handler();
    ctx.status = status;
    ctx.body = body;
  } catch (error) {
    const status = statusOf(error);
    if (status === null) throw error;
    const { name, message, details } = error as HttpError;
    if (error instanceof HttpError && error.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(error.retryAfterSeconds));
    ctx.status = status;
    ctx.body = { data: null, error: { status, name, message, details: details ?? {} } };
  }
};
