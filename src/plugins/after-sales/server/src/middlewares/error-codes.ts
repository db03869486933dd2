import { addErrorCodes } from '../domain/errors/codes';

/**
 * Koa middleware (outermost): every JSON error answer's field errors carry a code and its values
 * beside the English message (see domain/errors/codes.ts), so the admin shows them in the
 * user's language. Covers our routes and the Content Manager's (our document middlewares refuse there).
 */
export const errorCodes = () => async (ctx: any, next: () => Promise<void>) => {
  await next();
  const body = ctx.body;
  if (ctx.status >= 400 && body && typeof body === 'object' && !Buffer.isBuffer(body) && body.error) addErrorCodes(body.error);
};
