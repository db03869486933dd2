import path from 'node:path';

/**
 * Who is calling the content API: an API token, a users-permissions user, or an anonymous address.
 *
 * The name of Strapi's API-token auth strategy is taken from Strapi itself. 5.54 exports no
 * constant for it: the name lives on the strategy object that `@strapi/admin` registers for the
 * content API (`strategies/content-api-token`, named `content-api-token`; it was `api-token` in
 * Strapi 4). We load that very module (Node's cache returns the instance admin registered), so a
 * rename in a later Strapi is followed, and a move fails at startup instead of silently treating
 * every token as anonymous.
 */
const loadApiTokenStrategyName = (): string => {
  const adminDir = path.dirname(require.resolve('@strapi/admin/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of Strapi's build, found at run time
  const strategy = require(path.join(adminDir, 'dist/server/server/src/strategies/content-api-token.js'));
  const name = strategy?.default?.name ?? strategy?.name;
  if (typeof name !== 'string' || !name) throw new Error('after-sales: cannot find the name of Strapi’s content-API token strategy');
  return name;
};

const API_TOKEN_STRATEGY: string = loadApiTokenStrategyName();

export interface ApiTokenCredentials {
  id: string;
  name: string;
  type: string | null;
}

/** The API token a content-API request was authenticated with, or null. */
export const apiTokenOf = (ctx: unknown): ApiTokenCredentials | null => {
  const auth = (ctx as { state?: { auth?: { strategy?: { name?: string }; credentials?: { id: string | number; name?: string | null; type?: string | null } } } } | null | undefined)?.state?.auth;
  if (!auth || auth.strategy?.name !== API_TOKEN_STRATEGY || !auth.credentials) return null;
  const credentials = auth.credentials;
  return { id: String(credentials.id), name: credentials.name ?? `API token ${credentials.id}`, type: credentials.type ?? null };
};
