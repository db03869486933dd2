#!/usr/bin/env node
/**
 * Loads the demo data into the configured database without starting the server
 * (`npm run seed`). Idempotent. Refused in production unless SEED_DEMO=true.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

if (process.env.NODE_ENV === 'production' && process.env.SEED_DEMO !== 'true') {
  console.error('Refusing to load demo data in production: set SEED_DEMO=true to force it.');
  process.exit(1);
}
process.env.SEED_DEMO = 'true';
process.env.AFTER_SALES_DISPATCHER = process.env.AFTER_SALES_DISPATCHER || 'off';
process.env.AFTER_SALES_SCHEDULER = process.env.AFTER_SALES_SCHEDULER || 'off';

(async () => {
  const appDir = path.resolve(__dirname, '..');
  // The app's bootstrap seeds when SEED_DEMO=true (see src/index.ts), then prints the demo login.
  const app = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  await app.destroy();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
