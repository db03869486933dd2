import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Core } from '@strapi/strapi';
import { PORTAL_BASE } from '../../domain/portal/links';
import { FEEDBACK_FORM_SCRIPT, WIDGET_SCRIPT } from './client-scripts';

/**
 * The portal's static files (`/after-sales/portal/assets/<name>`, and `/after-sales/portal/widget.js`):
 * the self-hosted altcha widget (its strict-CSP build, stylesheet, Chinese texts and PBKDF2 worker,
 * read from the `altcha` package) and the portal's own scripts. The form gets one script per language
 * (fewer requests on a slow phone line). Each file is compressed once (gzip when the browser takes
 * it) and addressed with its content hash (`?v=`), so a page's link can be cached for a year.
 */
interface Asset {
  type: string;
  read(): Buffer;
}

const altchaFile = (relative: string) => () => {
  // `altcha/external` resolves to dist/external/altcha.umd.cjs; the other files sit beside it in dist/.
  const external = require.resolve('altcha/external');
  return fs.readFileSync(path.join(path.dirname(external), relative));
};

const JS = 'application/javascript; charset=utf-8';
/** The form's one script per language: the altcha widget, its texts in that language (English is built in), then ours. */
const formBundle = (altchaTexts: string | null) => () =>
  Buffer.concat([altchaFile('altcha.umd.min.cjs')(), Buffer.from('\n;\n'), ...(altchaTexts ? [altchaFile(altchaTexts)(), Buffer.from('\n;\n')] : []), Buffer.from(FEEDBACK_FORM_SCRIPT, 'utf8')]);

const ASSETS: Record<string, Asset> = {
  'feedback-zh-Hans.js': { type: JS, read: formBundle('../i18n/zh-cn.umd.cjs') },
  'feedback-en.js': { type: JS, read: formBundle(null) },
  'altcha.css': { type: 'text/css; charset=utf-8', read: altchaFile('altcha.css') },
  'altcha-pbkdf2.js': { type: JS, read: altchaFile('../workers/pbkdf2.js') },
  'widget.js': { type: JS, read: () => Buffer.from(WIDGET_SCRIPT, 'utf8') },
};

interface Loaded {
  type: string;
  body: Buffer;
  gzip: Buffer;
  version: string;
}
const loaded = new Map<string, Loaded>();

const load = (name: string): Loaded | null => {
  const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  let entry = loaded.get(name);
  if (!entry) {
    const body = asset.read();
    entry = { type: asset.type, body, gzip: zlib.gzipSync(body, { level: 9 }), version: crypto.createHash('sha256').update(body).digest('base64url').slice(0, 12) };
    loaded.set(name, entry);
  }
  return entry;
};

/** The address of an asset with its version (`/after-sales/portal/assets/feedback-en.js?v=…`). */
export const assetHref = (name: string): string => {
  const entry = load(name);
  if (!entry) throw new Error(`portal: no asset "${name}"`);
  return `${PORTAL_BASE}/assets/${name}?v=${entry.version}`;
};

/** Where the assets live (the form's script builds the worker's address from it). */
export const ASSETS_BASE = `${PORTAL_BASE}/assets`;

export interface AssetContext {
  params: Record<string, string>;
  query: Record<string, unknown>;
  status: number;
  body: unknown;
  type: string;
  set(field: string, value: string): void;
  acceptsEncodings(...encodings: string[]): string | false;
  get(field: string): string;
}

/** Writes an asset: versioned links are immutable, the widget's address (pasted into other sites) is revalidated hourly. */
export const sendAsset = (ctx: AssetContext, name: string, options: { crossOrigin?: boolean } = {}) => {
  const entry = load(name);
  if (!entry) {
    ctx.status = 404;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = 'Not found';
    return;
  }
  const etag = `"${entry.version}"`;
  ctx.set('ETag', etag);
  ctx.set('Vary', 'Accept-Encoding');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', ctx.query.v === entry.version ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
  // Other sites load the widget's script with a <script> tag; everything else is for our own pages.
  ctx.set('Cross-Origin-Resource-Policy', options.crossOrigin ? 'cross-origin' : 'same-origin');
  if (ctx.get('if-none-match') === etag) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = entry.gzip;
  } else ctx.body = entry.body;
  ctx.type = entry.type;
};

/** The controller of the asset routes (no rate limit: static, cached, the same for everyone). */
export const assetsController = (_: { strapi: Core.Strapi }) => ({
  async serve(ctx: AssetContext) {
    sendAsset(ctx, String(ctx.params.name ?? ''));
  },
  async widget(ctx: AssetContext) {
    sendAsset(ctx, 'widget.js', { crossOrigin: true });
  },
});
