import { requireSecret } from '../src/utils/secrets';

export default ({ env }: { env: any }) => ({
  auth: { secret: requireSecret(env, 'ADMIN_JWT_SECRET', 'dev-admin-jwt-secret-change-me') },
  apiToken: { salt: requireSecret(env, 'API_TOKEN_SALT', 'dev-api-token-salt-change-me') },
  transfer: { token: { salt: requireSecret(env, 'TRANSFER_TOKEN_SALT', 'dev-transfer-token-salt') } },
  secrets: { encryptionKey: requireSecret(env, 'ENCRYPTION_KEY', 'dev-encryption-key-change-me-32b') },
  flags: { nps: false, promoteEE: false },
  autoOpen: false,
  // Admin login attempts per 5 minutes per address and email.
  rateLimit: { enabled: true, interval: { min: 5 }, max: env.int('ADMIN_LOGIN_RATE_LIMIT_MAX', 5) },
  watchIgnoreFiles: ['**/test/**', '**/bench/**', '**/.tmp/**'],
});
