import type { Core } from '@strapi/strapi';
import { PORTAL_BASE } from '../../domain/portal/links';
import { brandingOf } from './branding';
import { translate } from './i18n';
import type { PortalTexts } from '../../domain/portal/text-overrides';
import { chooseLocale, parseLocale, type PortalLocale } from './locale';
import { renderPage, type CspAdditions, type PortalView } from './render';
import { MESSAGE_VIEW } from './views/message';
import type { RouteContext, AfterSalesApiV1 } from '../../extension-api';

/**
 * One route of a portal page. Page modules (`pages/<page>.ts`) export a list of these; `routes.ts`
 * mounts them under `/after-sales/portal` (public, rate-limited per client address).
 */
export interface PortalRoute {
  method: 'GET' | 'POST';
  /** Below `/after-sales/portal` (`''` is the start page, `/track/:reference/:token`…). */
  path: string;
  /** Unique among all portal routes: the controller action's name. */
  name: string;
  /** `read`: the public tracking limit (`AFTER_SALES_RATE_LIMIT_TRACK_PER_IP`); `write`: the intake limit (`…_INTAKE_PER_IP`). */
  limit: 'read' | 'write';
  handle(page: PortalRequest): Promise<void>;
}

export interface PageOptions {
  view: PortalView;
  /** Translation key of the page title (its `{placeholders}` from `titleValues`). */
  title: string;
  titleValues?: Record<string, unknown>;
  data?: Record<string, unknown>;
  status?: number;
  /** The page's language when it differs from the request's (e.g. the customer's locale once the case is known). */
  locale?: PortalLocale;
  frameAncestors?: string[];
  scripts?: string[];
  csp?: CspAdditions;
}

/** What a page handler gets: the request, the extension API, and helpers that keep every page alike. */
export interface PortalRequest {
  ctx: RouteContext;
  api: AfterSalesApiV1;
  strapi: Core.Strapi;
  /** The request's language: `?lang=`, else `Accept-Language`, else zh-Hans. */
  locale: PortalLocale;
  /** The language once the customer's own locale is known (`?lang=` still wins). */
  localeFor(customerLocale: unknown): PortalLocale;
  t(key: string, values?: Record<string, unknown>, locale?: PortalLocale): string;
  /** A portal address (`href('/track/…')`) keeping the `?lang=` the customer chose. */
  href(path: string): string;
  render(options: PageOptions): Promise<void>;
  /** The one "page not found" answer (the same for a wrong reference and a wrong key). */
  notFound(locale?: PortalLocale): Promise<void>;
  /** 303 See Other to a portal address (after a form POST). */
  redirect(path: string): void;
}

export const createPortalRequest = (strapi: Core.Strapi, api: AfterSalesApiV1, ctx: RouteContext, texts: PortalTexts = {}): PortalRequest => {
  const lang = parseLocale(ctx.query?.lang);
  const acceptLanguage = ctx.get('accept-language');
  const locale = chooseLocale({ lang, acceptLanguage });
  const href = (path: string) => {
    const target = `${PORTAL_BASE}${path}`;
    return lang ? `${target}${target.includes('?') ? '&' : '?'}lang=${lang}` : target;
  };
  const page: PortalRequest = {
    ctx,
    api,
    strapi,
    locale,
    localeFor: (customerLocale) => chooseLocale({ lang, customerLocale, acceptLanguage }),
    t: (key, values, inLocale) => translate(inLocale ?? locale, key, values, texts),
    href,
    async render(options) {
      const pageLocale = options.locale ?? locale;
      const branding = await brandingOf(api, pageLocale, strapi.config.get<string>('plugin::after-sales.companyName', 'After-sales'));
      const query = new URLSearchParams(ctx.querystring);
      query.delete('lang');
      const rest = query.toString();
      renderPage(ctx, {
        view: options.view,
        locale: pageLocale,
        title: translate(pageLocale, options.title, options.titleValues, texts),
        data: options.data,
        status: options.status,
        branding,
        texts,
        path: `${ctx.path}${rest ? `?${rest}` : ''}`,
        homeHref: href(''),
        frameAncestors: options.frameAncestors,
        scripts: options.scripts,
        csp: options.csp,
        timeZone: strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai'),
      });
    },
    async notFound(inLocale) {
      await page.render({ view: MESSAGE_VIEW, title: 'error.notFound.title', status: 404, locale: inLocale, data: { textKey: 'error.notFound.text' } });
    },
    redirect(path) {
      ctx.status = 303;
      ctx.redirect(href(path));
    },
  };
  return page;
};
