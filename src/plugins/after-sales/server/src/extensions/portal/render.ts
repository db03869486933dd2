import crypto from 'node:crypto';
import zlib from 'node:zlib';
import Handlebars from 'handlebars';
import { translate } from './i18n';
import type { PortalLocale } from './locale';
import { PORTAL_CSS } from './styles';
import { LAYOUT } from './views/layout';
import type { Branding } from './branding';
import { PORTAL_BASE } from '../../domain/portal/links';
import type { PortalTexts } from '../../domain/portal/text-overrides';

/** A page's Handlebars source with a name (for errors); `defineView('track', source)` in `views/<name>.ts`. */
export interface PortalView {
  name: string;
  source: string;
}
export const defineView = (name: string, source: string): PortalView => ({ name, source });

/**
 * Extra CSP sources a page needs beyond the strict default (e.g. `connect-src` for a form's script;
 * `script-src` / `style-src` `'self'` for the portal's own files under `/after-sales/portal/assets/`).
 */
export type CspAdditions = Partial<Record<'connect-src' | 'img-src' | 'worker-src' | 'form-action' | 'script-src' | 'style-src', string[]>>;

export interface RenderInput {
  view: PortalView;
  locale: PortalLocale;
  /** The page title, already in `locale`. */
  title: string;
  /** The view's variables (escaped on output; nothing is ever written raw). */
  data?: Record<string, unknown>;
  status?: number;
  branding: Branding;
  /** The company's own texts (Customer page texts), over the built-in ones. */
  texts?: PortalTexts;
  /** Where the language links point (this page's path, with its query but without `lang`). */
  path: string;
  /** Origins allowed to frame the page (the widget's pages); none: `frame-ancestors 'none'`. */
  frameAncestors?: string[];
  /** Inline scripts, each allowed by its sha256 hash in the CSP (no other script runs). */
  scripts?: string[];
  csp?: CspAdditions;
  timeZone?: string;
  /** The brand's link (the portal's start page in this language). */
  homeHref?: string;
}

const hashOf = (text: string) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** One Handlebars environment for the portal: no prototype access, `t` / `date` / `day` / `eq` helpers, every `{{value}}` escaped. */
const hbs = Handlebars.create();
hbs.registerHelper('t', function (this: unknown, key: unknown, options: Handlebars.HelperOptions) {
  return translate(options.data.root.locale as PortalLocale, String(key), options.hash ?? {}, options.data.root.portalTexts as PortalTexts | undefined);
});
const formats = new Map<string, Intl.DateTimeFormat>();
const formatter = (locale: PortalLocale, timeZone: string, withTime: boolean) => {
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone, dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}) });
    formats.set(key, format);
  }
  return format;
};
const dateHelper = (withTime: boolean) =>
  function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
    if (value === null || value === undefined || value === '') return '';
    const date = new Date(value as string);
    if (Number.isNaN(date.getTime())) return '';
    return formatter(options.data.root.locale as PortalLocale, String(options.data.root.timeZone ?? 'Asia/Shanghai'), withTime).format(date);
  };
hbs.registerHelper('date', dateHelper(true));
hbs.registerHelper('day', dateHelper(false));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const RUNTIME = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const compile = (view: PortalView) => {
  let template = compiled.get(view.source);
  if (!template) {
    template = hbs.compile(view.source, { noEscape: false, strict: false, preventIndent: true });
    compiled.set(view.source, template);
  }
  return template;
};
const layout = () => compile(LAYOUT);

/** The link to this page in the other language(s): `path` with `lang` set. */
const withLang = (path: string, locale: PortalLocale) => {
  const [base, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', locale);
  return `${base}?${params.toString()}`;
};

/** The page's HTML and its Content-Security-Policy (pure: no request, no Strapi). */
export const renderHtml = (input: RenderInput): { html: string; csp: string } => {
  const color = /^#[0-9a-fA-F]{6}$/.test(input.branding.primaryColor) ? input.branding.primaryColor : '#1d4ed8';
  const css = `:root{--brand:${color}}\n${PORTAL_CSS}`;
  const scripts = input.scripts ?? [];
  const data = input.data ?? {};
  const context = {
    ...data,
    locale: input.locale,
    portalTexts: input.texts ?? {},
    timeZone: input.timeZone ?? 'Asia/Shanghai',
    htmlLang: input.locale === 'en' ? 'en' : 'zh-CN',
    title: input.title,
    homeHref: input.homeHref ?? PORTAL_BASE,
    brand: input.branding,
    css: new Handlebars.SafeString(css),
    scripts: scripts.map((s) => new Handlebars.SafeString(s)),
    languages: (['zh-Hans', 'en'] as const).map((code) => ({ code, name: code === 'en' ? 'English' : '中文', current: code === input.locale, href: withLang(input.path, code) })),
  };
  const html = layout()(context, { ...RUNTIME, partials: { page: compile(input.view) } });
  const logoOrigin = (() => {
    try {
      return /^https:\/\//.test(input.branding.logoUrl) ? new URL(input.branding.logoUrl).origin : null;
    } catch {
      return null;
    }
  })();
  const extra = input.csp ?? {};
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'style-src': [...(extra['style-src'] ?? []), hashOf(css)],
    'img-src': ["'self'", 'data:', ...(logoOrigin ? [logoOrigin] : []), ...(extra['img-src'] ?? [])],
    'script-src': scripts.length || extra['script-src']?.length ? [...(extra['script-src'] ?? []), ...scripts.map(hashOf)] : ["'none'"],
    'connect-src': extra['connect-src']?.length ? extra['connect-src'] : ["'none'"],
    'form-action': ["'self'", ...(extra['form-action'] ?? [])],
    'base-uri': ["'none'"],
    'frame-ancestors': input.frameAncestors?.length ? input.frameAncestors : ["'none'"],
    ...(extra['worker-src']?.length ? { 'worker-src': extra['worker-src'] } : {}),
  };
  const csp = Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
  return { html, csp };
};

/** The parts of a Koa context a page is written to. */
export interface PageResponse {
  status: number;
  type: string;
  body: unknown;
  set(field: string, value: string): void;
  remove(field: string): void;
  /** Koa's content negotiation (absent: the page is sent uncompressed). */
  acceptsEncodings?(...encodings: string[]): string | false;
}

/** Pages above this size go gzip-compressed to browsers that take it (a phone on a slow line gets a third of the bytes). */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Writes a page: HTML with a strict CSP (no inline script but the hashed ones, the inline stylesheet
 * by its hash, nothing framed but by the given origins), never cached (a tracking or survey link
 * carries a key), no referrer (the key must not leak to the logo's host); gzip when the browser takes it.
 */
export const renderPage = (ctx: PageResponse, input: RenderInput) => {
  const { html, csp } = renderHtml(input);
  ctx.status = input.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', csp);
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (input.frameAncestors?.length) ctx.remove('X-Frame-Options');
  else ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Vary', 'Accept-Encoding');
  if (Buffer.byteLength(html) >= COMPRESS_FROM_BYTES && ctx.acceptsEncodings?.('gzip', 'identity') === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = zlib.gzipSync(html, { level: 6 });
    ctx.type = 'text/html; charset=utf-8';
  } else ctx.body = html;
};
