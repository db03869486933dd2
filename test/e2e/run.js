#!/usr/bin/env node
/**
 * Browser tests: builds the admin, starts a throwaway dovecot and the built app (reading it) on a
 * fresh seeded SQLite database on a loopback port, runs the playwright-core scenarios (Debian's
 * chromium), stops both.
 *   npm run test:e2e            (SKIP_BUILD=1 to reuse an existing build; PLUGIN_BUILT=1 when the
 *                                plugin's dist is fresh: the app and admin are built, not the plugin)
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
// PLUGIN_BUILT=1 (set by .ci/run, whose `npm test` has just built the plugin) builds only the app and admin.
if (!process.env.SKIP_BUILD) {
  if (process.env.PLUGIN_BUILT) run(path.join(root, 'node_modules', '.bin', 'strapi'), ['build'], buildEnv);
  else run('npm', ['run', 'build'], buildEnv);
}
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
  // Email is set up (SMTP) but its relay does not answer (a closed loopback port): a reply from the case
  // screen can go by email (a channel counts only when it is configured), and nothing is delivered.
  SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
  SMTP_PORT: process.env.SMTP_PORT ?? String(Number(port) + 2000),
  SMTP_TIMEOUT_MS: process.env.SMTP_TIMEOUT_MS ?? '2000',
  ADMIN_LOGIN_RATE_LIMIT_MAX: '100',
  // One browser on one address reads every customer page many times in a few minutes (the help center and
  // the accessibility check): what many customers would do. The limit itself is tested in test/portal.
  AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: process.env.AFTER_SALES_RATE_LIMIT_TRACK_PER_IP ?? '1000',
  // The external site of the widget's test (portal-feedback.e2e.ts) is served on the next loopback port block.
  AFTER_SALES_WIDGET_ORIGINS: process.env.AFTER_SALES_WIDGET_ORIGINS ?? `http://127.0.0.1:${Number(port) + 1000}`,
  // The test clock routes (super admin only): queues.e2e.ts registers a case in the past to show a survey gone unanswered.
  AFTER_SALES_TEST_CLOCK: '1',
};

/**
 * A throwaway dovecot for the inbound mailbox (the test helper `test/helpers/dovecot.ts`,
 * transpiled by esbuild; it starts in well under a second): the app reads it, the browser tests
 * deliver customer emails into it (E2E_IMAP_*). The mailbox is polled every hour only, so no other
 * test sees it work on its own; `E2E_MAILBOX=off` leaves it out.
 */
const startMailbox = async () => {
  if (process.env.E2E_MAILBOX === 'off') return null;
  const helper = path.join(root, '.tmp', 'e2e-dovecot-helper.js');
  require('esbuild').buildSync({ entryPoints: [path.join(root, 'test', 'helpers', 'dovecot.ts')], outfile: helper, format: 'cjs', platform: 'node', bundle: false, logLevel: 'warning' });
  return require(helper).startDovecot();
};

let server;
let mailbox = null;
const stop = () => {
  try {
    if (server) process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  // dovecot's own processes: its stop() is asynchronous, and the exit handler cannot wait.
  if (mailbox) mailbox.stop().catch(() => undefined);
};
process.on('exit', stop);
const startServer = async () => {
  mailbox = await startMailbox();
  const mailEnv = mailbox ? { ...mailbox.env, AFTER_SALES_IMAP_POLL_SECONDS: '3600' } : {};
  server = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], { cwd: root, env: { ...env, ...mailEnv }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
};

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

startServer()
  .then(waitForServer)
  .then(async () => {
    const imap = mailbox ? { E2E_IMAP_HOST: mailbox.host, E2E_IMAP_PORT: String(mailbox.port), E2E_IMAP_USER: mailbox.user, E2E_IMAP_PASSWORD: mailbox.password } : {};
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), ['--config', 'test/e2e/jest.e2e.config.js', '--runInBand', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}`, E2E_SITE_PORT: String(Number(port) + 1000), E2E_DB: dbFile, CHROMIUM_PATH: chromium, ...imap },
    });
    stop();
    if (mailbox) await mailbox.stop().catch(() => undefined);
    process.exit(result.status ?? 1);
  })
  .catch((error) => {
    console.error(error.message);
    stop();
    process.exit(1);
  });
