#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` — the after-sales benchmarks (method and latest figures: bench/README.md).
 *
 *   node bench/run.js [--sqlite] [--items 1000000] [--duration 10] [--connections 16]
 *                     [--sweep-sizes 10000,100000,1000000] [--keep]
 *
 * One run, one server: the app is booted once (bench/server.js, a child process) on its own
 * database, the generator loads the items, then every benchmark runs against that server:
 * intake vs core create, staff queue vs core find (autocannon), the SLA sweep and the monthly
 * report (timed inside the server), template rendering (pure renderer). Prints a table and writes
 * bench/results/<date>.json. The big data is dropped at the end unless --keep.
 */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { fork } = require('node:child_process');
const autocannon = require('autocannon');
const { target, resetDatabase, dropData, APP_DIR } = require('./lib/database');
const { loadPostgres, loadSqlite, customerPhone, createRandom } = require('./lib/generate');
const { sqlFor } = require('./lib/sql');
const { renderThroughput } = require('./lib/render');
const { measureScreens } = require('./lib/screens');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dialect = args.includes('--sqlite') ? 'sqlite' : 'postgres';
const ITEMS = Number(option('items', 1_000_000));
const DURATION = Number(option('duration', 10));
const WARMUP = Number(option('warmup', 3));
const CONNECTIONS = Number(option('connections', 16));
const SWEEP_SIZES = option('sweep-sizes', '10000,100000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n <= Math.max(ITEMS, 10_000));
const PORT = Number(option('port', 1390));
// --reuse: skip the reset and the load, benchmark the data a previous `--keep` run left (implies --keep).
const REUSE = args.includes('--reuse');
const KEEP = REUSE || args.includes('--keep');
// --only intake,queue,report,sweep,render,screens: run only these benchmarks (default: all).
const ONLY = option('only', 'intake,queue,report,sweep,render,screens').split(',');
// The screens benchmark: sequential runs per screen (after one unmeasured), the concurrent window, a filter by screen name.
const SCREEN_RUNS = Number(option('screen-runs', 11));
const SCREEN_DURATION = Number(option('screen-duration', DURATION));
const SCREEN_FILTER = option('screens', null)?.split(',');
const runs = (name) => ONLY.includes(name);
const TRACE = args.includes('--trace-sweep');
/** Statements grouped by their text with literals and parameters blanked, costliest first. */
const statementSummary = (statements) => {
  const groups = new Map();
  for (const { ms, sql } of statements) {
    const shape = sql
      .replace(/'[^']*'/g, "'?'")
      .replace(/\$\d+/g, '?')
      .replace(/\b\d+\b/g, 'N')
      .slice(0, 160);
    const group = groups.get(shape) ?? { count: 0, ms: 0 };
    group.count += 1;
    group.ms += ms;
    groups.set(shape, group);
  }
  const total = statements.reduce((sum, s) => sum + s.ms, 0);
  return [
    `${statements.length} statements, ${total.toFixed(1)} ms of SQL`,
    ...[...groups]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 20)
      .map(([shape, g]) => `  ${g.ms.toFixed(1).padStart(8)} ms ${String(g.count).padStart(4)}× ${shape}`),
  ].join('\n');
};
const log = (...m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---------- the server ----------

const startServer = (db) =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'server.js'), [], {
      cwd: APP_DIR,
      env: {
        ...process.env,
        ...db.env,
        NODE_ENV: 'production',
        // Production refuses to start without the CAPTCHA's key (the portal's feedback form); the bench needs none of its own.
        AFTER_SALES_ALTCHA_HMAC_KEY: process.env.AFTER_SALES_ALTCHA_HMAC_KEY || 'bench-altcha-hmac-key-0123456789abcdef',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        LOG_LEVEL: 'error',
        SEED_DEMO: 'true',
        AFTER_SALES_DISPATCHER: 'off',
        AFTER_SALES_SCHEDULER: 'off',
        // The extensions' jobs too: the nightly segment run re-evaluated the 200,000 generated customers, one UPDATE each, during the benchmarks.
        ...Object.fromEntries(
          ['customers.purge-merge-snapshots', 'mailbox.poll', 'notifications.digest', 'privacy.retention-timer', 'segments.nightly', 'sla.sweep'].map((job) => [
            `AFTER_SALES_JOB_${job.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
            'off',
          ])
        ),
        // Rate limits stay in the path (one upsert per request) but never refuse the benchmark.
        AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN: '100000000',
        AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '100000000',
        APP_KEYS: 'benchKeyA,benchKeyB',
        ADMIN_JWT_SECRET: 'bench-admin-jwt-secret',
        API_TOKEN_SALT: 'bench-api-token-salt',
        TRANSFER_TOKEN_SALT: 'bench-transfer-token-salt',
        ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef',
        JWT_SECRET: 'bench-jwt-secret',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let next = 1;
    const waiting = new Map();
    child.on('message', (message) => {
      if (message.ready) return resolve(server);
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new Error(message.error));
    });
    child.on('exit', (code) => {
      if (code) reject(new Error(`the server exited with ${code}`));
      for (const pending of waiting.values()) pending.reject(new Error('the server exited'));
    });
    const server = {
      url: `http://127.0.0.1:${PORT}`,
      pid: child.pid,
      call: (cmd, callArgs) =>
        new Promise((res, rej) => {
          const id = next++;
          waiting.set(id, { resolve: res, reject: rej });
          child.send({ id, cmd, args: callArgs });
        }),
      stop: () =>
        new Promise((res) => {
          child.once('exit', res);
          child.kill('SIGTERM');
        }),
    };
  });

/** The bare Node + pg server (bench/raw-server.js): the machine's limit for one INSERT per request. */
const startRawServer = (db) =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'raw-server.js'), [], {
      cwd: APP_DIR,
      env: { ...process.env, DATABASE_URL: db.url, PORT: String(PORT + 1) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => message.ready && resolve({ url: `http://127.0.0.1:${PORT + 1}`, stop: () => new Promise((res) => (child.once('exit', res), child.kill('SIGTERM'))) }));
    child.on('exit', (code) => code && reject(new Error(`the raw-limit server exited with ${code}`)));
  });

// ---------- HTTP benchmarks ----------

const cannon = (options) =>
  new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, timeout: 30, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });

/** Warm-up, then the measured run; non-2xx answers are counted and reported, never hidden. */
/**
 * autocannon stops at the end of its window, but the server still works through the requests in
 * flight; let it finish them (as long as the slowest answer took, at most 30 s) so the next run
 * does not start behind a backlog.
 */
const drain = (result) => new Promise((resolve) => setTimeout(resolve, result.requests.total === 0 ? 30_000 : Math.min(30_000, Math.max(1000, result.latency.max || 0))));

const measure = async (name, options) => {
  log(`${name}: warm-up ${WARMUP} s`);
  await drain(await cannon({ ...options, duration: WARMUP }));
  log(`${name}: ${DURATION} s × ${CONNECTIONS} connections`);
  const r = await cannon({ ...options, duration: DURATION });
  await drain(r);
  return {
    name,
    requestsPerSecond: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
};

const MODELS = ['AP-200', 'RC-5', 'WH-60', 'AP-350', 'WP-10', 'RC-7', 'DH-20'];
const SYMPTOMS = ['三档运行时有明显嗡嗡声', '开机后几分钟自动断电', '出水温度忽高忽低', 'Water leaks from the bottom after a few hours', '滤芯指示灯一直闪烁'];
const CHANNELS = ['hotline', 'website', 'email', 'in-app'];

/** The same fields for both endpoints: intake names the customer and product, the core create links existing ones. */
const feedbackFields = (random, n) => ({
  channel: CHANNELS[n % CHANNELS.length],
  type: 'quality',
  severity: ['general', 'important', 'urgent'][n % 3],
  symptom: `${SYMPTOMS[n % SYMPTOMS.length]} (#${n})`,
  scenario: '客厅,每天开机约 8 小时',
  frequency: 'every time',
  expectedSolution: 'repair',
  batch: `B24${String(1 + (n % 12)).padStart(2, '0')}`,
});

const intakeVsCore = async (server, setup, { only, db } = {}) => {
  const random = createRandom(99);
  let n = 0;
  const intakeBody = () => {
    n += 1;
    const { batch, ...fields } = feedbackFields(random, n);
    // Four in five callers are known customers (generated ones), one in five is new.
    const phone = random.next() < 0.8 ? customerPhone(random.int(200_000)) : `+86137${String(n).padStart(8, '0')}`;
    return JSON.stringify({ data: { kind: 'feedback', ...fields, customer: { name: '王伟', phone, locale: 'zh-Hans' }, product: { model: MODELS[n % MODELS.length], batch } } });
  };
  const coreBody = () => {
    n += 1;
    return JSON.stringify({ data: { ...feedbackFields(random, n), customer: setup.customerDocumentId, product: setup.productDocumentId } });
  };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${setup.apiToken}` };
  if (only === 'intake')
    return {
      intake: await measure('intake POST /api/after-sales/intake', {
        url: `${server.url}/api/after-sales/intake`,
        method: 'POST',
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, body: intakeBody() }) }],
      }),
    };
  const core = await measure('core create POST /api/feedbacks', { url: `${server.url}/api/feedbacks`, method: 'POST', headers, requests: [{ setupRequest: (req) => ({ ...req, body: coreBody() }) }] });
  const intake = await measure('intake POST /api/after-sales/intake', {
    url: `${server.url}/api/after-sales/intake`,
    method: 'POST',
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, body: intakeBody() }) }],
  });
  const result = { core, intake, ratio: Math.round((intake.requestsPerSecond / core.requestsPerSecond) * 100) / 100, target: 2 };
  if (db?.dialect === 'postgres') {
    // The same bodies, the same autocannon settings, against bare Node + pg doing one INSERT each.
    const raw = await startRawServer(db);
    try {
      result.rawLimit = await measure('raw limit: node:http + pg, one INSERT', {
        url: `${raw.url}/`,
        method: 'POST',
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, body: intakeBody() }) }],
      });
    } finally {
      await raw.stop();
    }
    result.intakeOfLimit = Math.round((intake.requestsPerSecond / result.rawLimit.requestsPerSecond) * 1000) / 10;
    result.limitTargetPercent = 15;
  }
  return result;
};

const staffQueueVsCore = async (server, setup) => {
  const headers = { authorization: `Bearer ${setup.staffJwt}` };
  let page = 0;
  const nextPage = () => 1 + (page++ % 20);
  const staffPath = () => `/api/after-sales/staff/feedback?state=triaged,in-progress,waiting&severity=important&page=${nextPage()}&pageSize=25&sort=createdAt:desc`;
  const corePath = () =>
    '/api/feedbacks?' +
    [
      'filters[state][$in][0]=triaged',
      'filters[state][$in][1]=in-progress',
      'filters[state][$in][2]=waiting',
      'filters[severity][$eq]=important',
      'filters[department][code][$in][0]=after-sales',
      'populate[customer][fields][0]=name',
      'populate[customer][fields][1]=company',
      'populate[customer][fields][2]=segment',
      'populate[product][fields][0]=modelCode',
      'populate[product][fields][1]=name',
      'populate[department][fields][0]=code',
      'populate[department][fields][1]=name',
      'sort[0]=createdAt:desc',
      `pagination[page]=${nextPage()}`,
      'pagination[pageSize]=25',
    ].join('&');
  const core = await measure('core find GET /api/feedbacks', { url: server.url, headers, requests: [{ setupRequest: (req) => ({ ...req, path: corePath() }) }] });
  const staff = await measure('staff queue GET /api/after-sales/staff/feedback', { url: server.url, headers, requests: [{ setupRequest: (req) => ({ ...req, path: staffPath() }) }] });
  return { core, staff, ratio: Math.round((staff.requestsPerSecond / core.requestsPerSecond) * 100) / 100, target: 1.5 };
};

/** One request each, to fail fast with the answer when an endpoint is refused. */
const probe = async (server, setup) => {
  const check = async (label, url, init) => {
    const res = await fetch(url, init);
    if (res.status >= 300) throw new Error(`${label} answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
  };
  const json = { 'content-type': 'application/json', authorization: `Bearer ${setup.apiToken}` };
  const random = createRandom(1);
  await check('core create', `${server.url}/api/feedbacks`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ data: { ...feedbackFields(random, 0), customer: setup.customerDocumentId, product: setup.productDocumentId } }),
  });
  const { batch, ...fields } = feedbackFields(random, 0);
  await check('intake', `${server.url}/api/after-sales/intake`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ data: { kind: 'feedback', ...fields, customer: { name: 'Probe', phone: customerPhone(1) }, product: { model: 'AP-200', batch } } }),
  });
  const staffHeaders = { authorization: `Bearer ${setup.staffJwt}` };
  await check('staff queue', `${server.url}/api/after-sales/staff/feedback?state=in-progress`, { headers: staffHeaders });
  await check('core find', `${server.url}/api/feedbacks?filters[department][code][$in][0]=after-sales&populate[customer][fields][0]=name`, { headers: staffHeaders });
};

/** The SQL statements one request of each kind sends (round trips are what a loaded database charges for). */
const statementsPerRequest = async (server, setup) => {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${setup.apiToken}` };
  const random = createRandom(2);
  const { batch, ...fields } = feedbackFields(random, 1);
  const calls = {
    intake: () =>
      fetch(`${server.url}/api/after-sales/intake`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ data: { kind: 'feedback', ...fields, customer: { name: 'Trace', phone: customerPhone(2) }, product: { model: 'AP-200', batch } } }),
      }),
    coreCreate: () =>
      fetch(`${server.url}/api/feedbacks`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ data: { ...feedbackFields(random, 1), customer: setup.customerDocumentId, product: setup.productDocumentId } }),
      }),
    staffQueue: () => fetch(`${server.url}/api/after-sales/staff/feedback?state=triaged,in-progress,waiting&severity=important`, { headers: { authorization: `Bearer ${setup.staffJwt}` } }),
  };
  const result = {};
  for (const [name, call] of Object.entries(calls)) {
    await server.call('trace', { on: true });
    const res = await call();
    await res.arrayBuffer();
    const statements = await server.call('trace', { on: false });
    result[name] = { count: statements.length, statements };
  }
  if (args.includes('--trace')) console.log(JSON.stringify(result, null, 1));
  return result;
};

// ---------- SLA sweep and report (timed inside the server) ----------

const slaSweep = async (server, sql) => {
  const rows = [];
  for (const size of SWEEP_SIZES) {
    const prepared = await sql.prepareSweep(size, 100);
    const times = [];
    let last;
    for (let round = 0; round < 3; round++) {
      await sql.resetDue(prepared.dueIds);
      last = await server.call('sweep', { statements: TRACE && round === 2 });
      times.push(last.ms);
    }
    // --trace-sweep: the last round's statements, grouped by their text without values (count, total ms).
    if (TRACE) log(`sweep at ${size}: statements of the last round\n${statementSummary(last.statements)}`);
    const plan = await sql.explainDue();
    rows.push({
      size,
      openItems: prepared.open,
      due: prepared.dueIds.length,
      sweepMs: Math.round(median(times) * 10) / 10,
      runsMs: times.map((t) => Math.round(t)),
      itemsPerSweep: last.result.items,
      stepsPerSweep: last.result.steps,
      plan,
    });
    log(`sweep with ${prepared.open} open items, ${prepared.dueIds.length} due: ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  }
  // Smallest against largest size (open counts are the running clocks among the first N items).
  const small = rows.length > 1 ? rows[0] : null;
  const large = rows[rows.length - 1];
  return { rows, ratio: small && large ? Math.round((large.sweepMs / small.sweepMs) * 100) / 100 : null, target: 2 };
};

const monthlyReport = async (server, sql) => {
  const month = await sql.busiestRecentMonth();
  const times = [];
  let figures;
  let statements;
  for (let round = 0; round < 4; round++) {
    const r = await server.call('report', { month });
    if (round > 0) times.push(r.ms); // the first run warms the caches
    figures = r.result;
  }
  // One more run, not counted, recording each statement's own time (where the report's time goes).
  statements = (await server.call('report', { month, statements: true })).statements;
  const handTimes = [];
  for (let round = 0; round < 4; round++) {
    const r = await sql.handWrittenReport(month);
    if (round > 0) handTimes.push(r.ms);
  }
  const reportMs = median(times);
  const handMs = median(handTimes);
  log(`report ${month}: ${times.map(Math.round).join(' / ')} ms; hand-written SQL ${handTimes.map(Math.round).join(' / ')} ms`);
  return {
    month,
    items: figures.total,
    reportMs: Math.round(reportMs),
    runsMs: times.map(Math.round),
    handWrittenSqlMs: Math.round(handMs),
    ratio: Math.round((reportMs / handMs) * 100) / 100,
    targetMs: 1000,
    statements,
  };
};

// ---------- output ----------

const table = (rows) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, j) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ') + (j === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
};
const verdict = (ok) => (ok ? 'met' : 'MISSED');

const print = (results) => {
  const { intake, queue, sweep, report, render } = results;
  const rows = [['benchmark', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx']];
  for (const r of [intake?.core, intake?.intake, intake?.rawLimit, queue?.core, queue?.staff].filter(Boolean)) rows.push([r.name, r.requestsPerSecond, r.p50, r.p99, r.non2xx]);
  if (rows.length > 1) console.log(`\n${table(rows)}\n`);
  const targets = [['target', 'measured', 'goal', 'verdict']];
  if (results.generator) targets.push([`data generator, ${results.generator.items} items`, `${(results.generator.ms / 1000).toFixed(1)} s`, '< 120 s', verdict(results.generator.ms < 120_000)]);
  if (intake) targets.push(['intake ÷ core create', `${intake.ratio}×`, '≥ 2×', verdict(intake.ratio >= 2)]);
  if (intake?.rawLimit) targets.push(['intake ÷ bare Node + pg (one INSERT)', `${intake.intakeOfLimit} %`, '≥ 15 %', verdict(intake.intakeOfLimit >= 15)]);
  if (queue) targets.push(['staff queue ÷ core find', `${queue.ratio}×`, '≥ 1.5×', verdict(queue.ratio >= 1.5)]);
  for (const r of sweep?.rows ?? []) targets.push([`SLA sweep, first ${r.size} items (${r.openItems} open) / ${r.due} due`, `${r.sweepMs} ms`, '', '']);
  if (sweep && sweep.ratio !== null) targets.push([`sweep ${sweep.rows[sweep.rows.length - 1].size} ÷ ${sweep.rows[0].size}`, `${sweep.ratio}×`, '≤ 2×', verdict(sweep.ratio <= 2)]);
  if (report) {
    targets.push([`monthly report ${report.month} (${report.items} items)`, `${report.reportMs} ms`, '< 1000 ms', verdict(report.reportMs < 1000)]);
    targets.push(['report ÷ one hand-written SQL query', `${report.ratio}× (${report.handWrittenSqlMs} ms)`, '', '']);
  }
  if (render) {
    targets.push(['template renders/s, cache on', render.cached.rendersPerSecond, '', '']);
    targets.push(['template renders/s, cache off', render.uncached.rendersPerSecond, '', '']);
  }
  console.log(`${table(targets)}\n`);
  if (results.screens) {
    const s = results.screens;
    console.log(`screens as ${s.user}: ${s.runs} sequential requests (median, p95), then ${s.connections} connections for ${s.durationSeconds} s (p50, p95)`);
    const screenRows = [['screen', 'KB', '1 user p50', '1 user p95', `${s.connections} p50`, `${s.connections} p95`, `${s.connections} req/s`, 'non-2xx', 'verdict']];
    for (const r of s.rows)
      screenRows.push(
        r.single.timedOut
          ? [r.name, '-', '> 30 s', '> 30 s', '-', '-', '-', '-', verdict(false)]
          : [
              r.name,
              (r.bytes / 1024).toFixed(1),
              r.single.median,
              r.single.p95,
              r.concurrent.p50 ?? '-',
              r.concurrent.p95 ?? '-',
              r.concurrent.requestsPerSecond,
              r.concurrent.non2xx,
              r.met === null ? '' : verdict(r.met),
            ]
      );
    console.log(`${table(screenRows)}\n`);
  }
  if (report?.statements) {
    console.log('monthly report, statement by statement (ms):');
    for (const st of report.statements) console.log(`  ${String(st.ms).padStart(8)}  ${st.sql.slice(0, 150)}`);
    console.log('');
  }
};

const main = async () => {
  const db = target(dialect);
  const started = Date.now();
  const results = {
    date: new Date().toISOString(),
    dialect,
    items: ITEMS,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageAtStart: os.loadavg(), node: process.version, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
  };
  log(`database: ${dialect} (${db.url ?? db.filename}), ${ITEMS} items`);
  if (!REUSE) await resetDatabase(db);
  log('booting the app (schema, migrations, demo organisation)…');
  const bootStarted = Date.now();
  const server = await startServer(db);
  results.bootMs = Date.now() - bootStarted;
  const sql = sqlFor(db);
  try {
    const setup = await server.call('setup');
    if (REUSE) log('reusing the data of a previous --keep run');
    else {
      log(`loading ${ITEMS} feedback items…`);
      const load = dialect === 'postgres' ? loadPostgres : loadSqlite;
      results.generator = await load({ url: db.url, filename: db.filename, items: ITEMS, log: (m) => log(`  ${m}`) });
      log(`generator: ${results.generator.items} items in ${(results.generator.ms / 1000).toFixed(1)} s`);
    }
    // SLA clock rows (after_sales_sla_clocks): derived from the generated feedback with one
    // INSERT … SELECT, after the load and before any benchmark (the sweep and the report read them).
    if (!REUSE) {
      const clocksStarted = Date.now();
      const clockRows = await sql.deriveClocks();
      results.generator.clocks = { rows: clockRows, ms: Date.now() - clocksStarted };
      log(`SLA clock rows: ${clockRows} in ${((Date.now() - clocksStarted) / 1000).toFixed(1)} s`);
    }
    results.dataset = await sql.datasetSpread();
    results.memory = { afterLoad: await server.call('memory') };

    await probe(server, setup);
    results.statements = await statementsPerRequest(server, setup);
    if (args.includes('--profile')) {
      // CPU profile of the server while 16 connections submit intakes for 10 s (see bench/README.md).
      await server.call('profile', { on: true });
      const measured = await intakeVsCore(server, setup, { only: 'intake' });
      const hottest = await server.call('profile', { on: false, file: path.join(APP_DIR, '.tmp', 'bench', 'intake.cpuprofile') });
      console.log(JSON.stringify(measured.intake), `\n${hottest.join('\n')}`);
    }
    if (args.includes('--serve')) {
      // Debugging: keep the loaded server up and print how to call it.
      console.log(JSON.stringify({ url: server.url, ...setup }));
      await new Promise((resolve) => process.once('SIGINT', resolve));
      return;
    }
    if (runs('intake')) {
      results.intake = await intakeVsCore(server, setup, { db });
      results.memory.afterIntake = await server.call('memory');
    }
    if (runs('queue')) {
      results.queue = await staffQueueVsCore(server, setup);
      results.memory.afterQueue = await server.call('memory');
    }
    if (runs('report')) results.report = await monthlyReport(server, sql);
    if (runs('sweep')) {
      results.sweep = await slaSweep(server, sql);
      results.memory.afterSweep = await server.call('memory');
    }
    if (runs('render')) results.render = renderThroughput();
    if (runs('screens')) {
      const month = await sql.busiestRecentMonth();
      // The statistics a production server's autovacuum would have refreshed after the writes above (intake, sweeps).
      const analysed = await sql.autoanalyze();
      if (analysed.length) log(`analysed as autovacuum would have: ${analysed.join(', ')}`);
      // --profile-screens: a CPU profile of the server over the whole screens run (use --screens to pick one).
      if (args.includes('--profile-screens')) await server.call('profile', { on: true });
      results.screens = await measureScreens({
        url: server.url,
        month,
        runs: SCREEN_RUNS,
        connections: CONNECTIONS,
        duration: SCREEN_DURATION,
        filter: SCREEN_FILTER,
        log,
        trace: args.includes('--trace') ? { on: () => server.call('trace', { on: true }), off: () => server.call('trace', { on: false }) } : null,
      });
      if (args.includes('--profile-screens')) console.log((await server.call('profile', { on: false, file: path.join(APP_DIR, '.tmp', 'bench', 'screens.cpuprofile') })).join('\n'));
      results.memory.afterScreens = await server.call('memory');
    }
  } finally {
    await sql.close();
    await server.stop();
    if (!KEEP) {
      await dropData(db);
      log('benchmark data dropped');
    }
  }
  results.totalSeconds = Math.round((Date.now() - started) / 1000);
  results.machine.loadAverageAtEnd = os.loadavg();
  print(results);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.date.replace(/[:]/g, '-').slice(0, 19)}-${dialect}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${path.relative(APP_DIR, file)}`);
};

module.exports = { intakeVsCore, staffQueueVsCore, measure };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
