#!/usr/bin/env node
/**
 * Browser tests: builds the admin, starts the built app on a fresh seeded SQLite database on a
 * loopback port, runs the playwright-core scenarios (Debian's chromium), stops the server.
 *   npm run test:e2e            (SKIP_BUILD=1 to reuse an existing build)
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const port = process.env.E2E_PORT || '1339';
const dbFile = path.join(root, '.tmp', 'e2e.db');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!fs.existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}
const run = (command, args, extraEnv = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// The admin is built as for production (React and Redux without their development checks, which
// make the Content Manager several times slower); throwaway secrets, since production config requires them.
const buildEnv = {
  NODE_ENV: 'production',
  ADMIN_JWT_SECRET: 'e2e',
  API_TOKEN_SALT: 'e2e',
  TRANSFER_TOKEN_SALT: 'e2e',
  ENCRYPTION_KEY: 'e2e-encryption-key-0123456789abc',
  APP_KEYS: 'e2e-1,e2e-2',
  JWT_SECRET: 'e2e',
  AFTER_SALES_ALTCHA_HMAC_KEY: 'e2e-altcha-key',
};
if (!process.env.SKIP_BUILD) run('npm', ['run', 'build'], buildEnv);
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });

const env = {
  ...process.env,
  PORT: port,
  HOST: '127.0.0.1',
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: dbFile,
  SEED_DEMO: 'true',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  // No SMS provider, as on a fresh production install (development would write SMS to the log):
  // the browser tests see what staff see for a customer no configured channel reaches.
  AFTER_SALES_SMS_PROVIDER: process.env.AFTER_SALES_SMS_PROVIDER ?? '',
  ADMIN_LOGIN_RATE_LIMIT_MAX: '100',
  // One browser on one address reads every customer page many times in a few minutes (the help center and
  // the accessibility check): what many customers would do. The limit itself is tested in test/portal.
  AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: process.env.AFTER_SALES_RATE_LIMIT_TRACK_PER_IP ?? '1000',
};
const server = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stop);

const waitForServer = async () => {
  const deadline = Date.now() + 180000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/_health`);
      if (res.status === 204 || res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the server did not start within 3 minutes');
};

waitForServer()
  .then(() => {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), ['--config', 'test/e2e/jest.e2e.config.js', '--runInBand', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}`, E2E_DB: dbFile, CHROMIUM_PATH: chromium },
    });
    stop();
    process.exit(result.status ?? 1);
  })
  .catch((error) => {
    console.error(error.message);
    stop();
    process.exit(1);
  });
