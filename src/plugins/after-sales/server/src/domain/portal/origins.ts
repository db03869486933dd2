/**
 * The origins (scheme://host[:port]) of the external sites that may embed the feedback widget:
 * they alone may frame the form (CSP `frame-ancestors`) and call the public intake from a browser
 * (CORS). Pure rules, shared by the configuration check, the CORS middleware and the pages.
 */

/** Why an entry is not an origin, or null when it is one in canonical form (`https://shop.example.cn`). */
export const originProblem = (entry: string): string | null => {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not an origin such as https://shop.example.cn`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${entry}" must start with https:// or http://`;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return `"${entry}" must be an origin only (no path, query or credentials)`;
  if (url.origin !== entry) return `"${entry}" must be written as ${url.origin}`;
  return null;
};

/** Every problem of a configured list, one line each. */
export const originProblems = (entries: string[]): string[] => entries.map(originProblem).filter((p): p is string => p !== null);

/** Whether a request's `Origin` header names one of the configured origins (exact match; `*` is never configured). */
export const isAllowedOrigin = (origin: string | undefined, allowed: readonly string[]): boolean => !!origin && allowed.includes(origin);

/**
 * The CSP `frame-ancestors` of a page: the pages the widget opens may be framed by our own origin
 * and the configured sites; every other page by nobody.
 */
export const frameAncestors = (embeddable: boolean, allowed: readonly string[]): string => (embeddable ? ["'self'", ...allowed].join(' ') : "'none'");

/** Paths of the public API a configured site's browser may call (the rest of the API keeps Strapi's CORS default). */
export const WIDGET_API_PATHS = ['/api/after-sales/intake', '/api/after-sales/captcha/challenge'] as const;

/** The origins CORS allows for a path: only the configured ones on the widget's paths, Strapi's `*` elsewhere. */
export const corsOriginsFor = (path: string, allowed: readonly string[]): string[] => (WIDGET_API_PATHS.some((p) => path === p || path.startsWith(`${p}/`)) ? [...allowed] : ['*']);
