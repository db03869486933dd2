import { errors } from '@strapi/utils';

/**
 * A body that is not JSON is a 400 with the same shape as every other refusal
 * (`error.details.errors[]`), not koa-body's bare message; 413 (too large) and the like stay as they are.
 */
const bodyError = (error: Error & { status?: number }) => {
  if (error.status === 400 || error instanceof SyntaxError) {
    const message = `The request body is not valid JSON: ${error.message.split('\n')[0].slice(0, 200)}`;
    throw new errors.ValidationError(message, { errors: [{ path: ['body'], message, name: 'ValidationError' }] });
  }
  throw error;
};

export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    name: 'strapi::cors',
    // Strapi's defaults plus Idempotency-Key, so that a browser form can retry an intake safely. The
    // public intake and the CAPTCHA challenge answer only the sites in AFTER_SALES_WIDGET_ORIGINS
    // (the after-sales portal's widget service decides per path); the rest of the API keeps '*'.
    config: {
      headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'Idempotency-Key'],
      origin: (ctx: { path: string }) => strapi.plugin('after-sales').service('portal-widget').corsOrigins(ctx.path),
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  { name: 'strapi::body', config: { jsonLimit: process.env.BODY_JSON_LIMIT || '512kb', formLimit: '512kb', textLimit: '512kb', onError: bodyError } },
  // Depth and NUL bytes of every body and query, before anything walks them (see its file).
  'plugin::after-sales.request-guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
