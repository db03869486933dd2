import type { Context } from 'koa';
import { addErrorCodes } from '../domain/errors/codes';
import { fill, languageOf, localiseError, type Catalogue } from '../domain/errors/localise';
import zh from '../../../admin/src/translations/zh-Hans.json';
import contentManagerZh from '../../../admin/src/translations/content-manager/zh-Hans.json';

const ZH = zh as Record<string, string>;
const CM_ZH = contentManagerZh as Record<string, string>;

/** The Chinese texts of the admin (one source for the admin and the server), for the content type a request is about. */
const chineseFor = (uid: string | undefined): Catalogue => ({
  error: (code) => ZH[`error.${code}`],
  field: (name) => (uid && CM_ZH[`content-manager.content-types.${uid}.${name}`]) || ZH[`field.${name}`],
  labelled: (label, value) => fill(ZH['common.labelled'], { label, value }),
});

const uidIn = (path: string): string | undefined => {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* not URI-encoded: used as it is */
  }
  return /\b((?:api|plugin)::[\w-]+\.[\w-]+)/.exec(decoded)?.[1];
};

/**
 * Koa middleware (outermost): every JSON error answer's field errors carry a code and its values
 * beside the English message (see domain/errors/codes.ts), so the admin shows them in the
 * user's language. Covers our routes and the Content Manager's (our document middlewares refuse there).
 * For a signed-in admin user whose language is Chinese (profile, else Accept-Language) the messages
 * themselves are written in Chinese too (domain/errors/localise.ts): the Content Manager shows the
 * server's message as it is. API clients (API tokens, the public routes) keep the English.
 */
export const errorCodes = () => async (ctx: Context, next: () => Promise<void>) => {
  await next();
  const body = ctx.body as { error?: Parameters<typeof addErrorCodes>[0] } | null | undefined;
  if (!(ctx.status >= 400 && body && typeof body === 'object' && !Buffer.isBuffer(body) && body.error)) return;
  addErrorCodes(body.error, ctx.status);
  if (ctx.state?.auth?.strategy?.name !== 'admin' || !ctx.state.user) return;
  if (languageOf(ctx.state.user.preferedLanguage, ctx.get?.('accept-language')) === 'zh-Hans') localiseError(body.error, chineseFor(uidIn(ctx.path ?? '')));
};
