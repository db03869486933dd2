import { requireSecret } from '../src/utils/secrets';

export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  app: {
    keys: requireSecret(env, 'APP_KEYS', 'dev-app-key-1,dev-app-key-2').split(','),
  },
  logger: { updates: { enabled: false }, startup: { enabled: env('NODE_ENV') !== 'test' } },
});
