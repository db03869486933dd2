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
const basePort = process.env.E2E_PORT || '1339';
// E2E_SHARDS=N: N servers (ports E2E_PORT, +10, +20…), each with its own database, and N jest processes side by side.
const SHARDS = Math.max(1, Number(process.env.E2E_SHARDS || 1));
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
const serverEnv = (port, dbFile) => ({
  ...process.env,
  PORT: String(port),
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
  // The dashboard's figures as each request counts them (kept figures are tested in test/admin/dashboard-figures.test.ts).
  AFTER_SALES_DASHBOARD_CACHE_FROM_MS: process.env.AFTER_SALES_DASHBOARD_CACHE_FROM_MS ?? '600000',
});

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

/**
 * One shard: its own server on its own port, database file, mailbox, SMTP and widget-site ports, and
 * its own jest process running its share of the scenarios (`--shard=k/N`). The shards share nothing,
 * so one shard's cases, messages and counts never show on another's screens.
 */
const shardOf = (index) => {
  const port = Number(basePort) + index * 10;
  const dbFile = path.join(root, '.tmp', index === 0 ? 'e2e.db' : `e2e-${index + 1}.db`);
  return { index, port, dbFile, server: null, mailbox: null };
};
const shards = Array.from({ length: SHARDS }, (_, index) => shardOf(index));

const stopShard = (shard) => {
  try {
    if (shard.server) process.kill(-shard.server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  shard.server = null;
  // dovecot's own processes: its stop() is asynchronous, and the exit handler cannot wait.
  if (shard.mailbox) shard.mailbox.stop().catch(() => undefined);
};
process.on('exit', () => shards.forEach(stopShard));

const startServer = async (shard) => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${shard.dbFile}${suffix}`, { force: true });
  shard.mailbox = await startMailbox();
  const mailEnv = shard.mailbox ? { ...shard.mailbox.env, AFTER_SALES_IMAP_POLL_SECONDS: '3600' } : {};
  shard.server = spawn(path.join(root, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: root,
    env: { ...process.env, ...serverEnv(shard.port, shard.dbFile), ...mailEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
};

const waitForServer = async (shard) => {
  const deadline = Date.now() + 180000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${shard.port}/_health`);
      if (res.status === 204 || res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the server on port ${shard.port} did not start within 3 minutes`);
};

/** The jest arguments of one shard: its share, and its own results file when one was asked for. */
const jestArgs = (shard) => {
  const args = ['--config', 'test/e2e/jest.e2e.config.js', '--runInBand'];
  if (SHARDS > 1) args.push(`--shard=${shard.index + 1}/${SHARDS}`);
  for (const arg of process.argv.slice(2)) {
    const output = /^--outputFile=(.+)$/.exec(arg);
    args.push(output && SHARDS > 1 ? `--outputFile=${output[1].replace(/(\.json)?$/, `-${shard.index + 1}$1`)}` : arg);
  }
  return args;
};

/** Runs one shard's scenarios; with several shards each line is prefixed with its shard. */
const runShard = (shard) =>
  new Promise((resolve) => {
    const mailbox = shard.mailbox;
    const imap = mailbox ? { E2E_IMAP_HOST: mailbox.host, E2E_IMAP_PORT: String(mailbox.port), E2E_IMAP_USER: mailbox.user, E2E_IMAP_PASSWORD: mailbox.password } : {};
    const env = { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${shard.port}`, E2E_SITE_PORT: String(shard.port + 1000), E2E_DB: shard.dbFile, CHROMIUM_PATH: chromium, ...imap };
    const child = spawn(path.join(root, 'node_modules', '.bin', 'jest'), jestArgs(shard), { cwd: root, env, stdio: SHARDS > 1 ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (SHARDS > 1) {
      const prefix = `[shard ${shard.index + 1}/${SHARDS}] `;
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let rest = '';
        stream.on('data', (chunk) => {
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop();
          for (const line of lines) out.write(prefix + line + '\n');
        });
        stream.on('end', () => rest && out.write(prefix + rest + '\n'));
      }
    }
    child.on('exit', (code) => resolve(code ?? 1));
  });

/**
 * The demo data holds hundreds of cases already overdue: the SLA sweep (every minute, 200 clocks a run) would work
 * through them in the tests' first minutes, reassigning cases to department heads while a test reads a view, and
 * writing to the one SQLite file beside every test's requests. Swept here, as the super admin through the test clock's
 * sweep route, until nothing is due: every test starts from the settled demo data.
 */
const settleSweeps = async (shard) => {
  const base = `http://127.0.0.1:${shard.port}`;
  const login = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.local', password: 'Demo1234!' }),
  });
  if (login.status !== 200) throw new Error(`the super admin could not log in to settle the SLA sweeps (${login.status})`);
  const { token } = (await login.json()).data;
  for (let round = 0; round < 20; round++) {
    const res = await fetch(`${base}/after-sales/sla/sweep`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`the SLA sweep answered ${res.status}: ${await res.text()}`);
    const { items, steps } = (await res.json()).data;
    if (!items && !steps) return;
  }
  throw new Error('the SLA sweeps did not settle the demo data in 20 rounds');
};

(async () => {
  try {
    await Promise.all(shards.map((shard) => startServer(shard)));
    await Promise.all(shards.map((shard) => waitForServer(shard)));
    await Promise.all(shards.map((shard) => settleSweeps(shard)));
  } catch (error) {
    console.error(error.message);
    shards.forEach(stopShard);
    process.exit(1);
  }
  const codes = await Promise.all(shards.map((shard) => runShard(shard)));
  for (const shard of shards) {
    const mailbox = shard.mailbox;
    stopShard(shard);
    if (mailbox) await mailbox.stop().catch(() => undefined);
  }
  if (SHARDS > 1) console.log(`browser tests: ${codes.map((code, i) => `shard ${i + 1}/${SHARDS} ${code === 0 ? 'passed' : `failed (exit ${code})`}`).join(', ')}`);
  process.exit(codes.find((code) => code !== 0) ?? 0);
})();
