export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  { name: 'strapi::body', config: { jsonLimit: process.env.BODY_JSON_LIMIT || '512kb', formLimit: '512kb', textLimit: '512kb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
