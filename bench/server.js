'use strict';
/**
 * The benchmark's one server: boots the compiled app (demo organisation seeded on the first boot),
 * listens on BENCH_PORT, and answers the orchestrator (bench/run.js) over IPC:
 *   setup   → a full-access API token, a department-scoped staff user (JWT), ids for the core create
 *   sweep   → one SLA escalation sweep, timed in this process
 *   report  → one monthly report, timed in this process
 *   memory  → this process's memory usage
 * Started with child_process.fork; not meant to be run by hand.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const APP_DIR = path.resolve(__dirname, '..');
let strapi;

const service = (name) => strapi.plugin('after-sales').service(name);

const setup = async () => {
  const tokens = strapi.service('admin::api-token');
  const name = `bench-${Date.now()}`;
  const token = await tokens.create({ name, description: 'benchmark', type: 'full-access', lifespan: null });

  // A users-permissions user limited to the after-sales department by its staff profile, allowed
  // both the staff list and the core find, so both list benchmarks run as the same caller.
  const roleType = `bench-staff-${Date.now()}`;
  const role = await strapi.db.query('plugin::users-permissions.role').create({ data: { name: roleType, description: 'benchmark staff', type: roleType } });
  // The core find may populate what the staff list shows: customer (public fields), product, department.
  for (const action of ['plugin::after-sales.public-api.staffList', 'api::feedback.feedback.find', 'api::customer.customer.find', 'api::product.product.find', 'api::department.department.find']) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  const user = await strapi.db.query('plugin::users-permissions.user').create({
    data: { username: roleType, email: `${roleType}@bench.local`, provider: 'local', password: 'Bench1234!', confirmed: true, blocked: false, role: role.id },
  });
  const department = await strapi.db.query('api::department.department').findOne({ where: { code: 'after-sales' } });
  await strapi.db.query('plugin::after-sales.staff-profile').create({ data: { user: user.id, departments: [department.id], seesAllDepartments: false, seesContactData: false } });
  const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });

  const customer = await strapi.db.query('api::customer.customer').findOne({ where: {}, orderBy: { id: 'asc' } });
  const product = await strapi.db.query('api::product.product').findOne({ where: { modelCode: 'AP-200' } });
  return { apiToken: token.accessKey, staffJwt: jwt, customerDocumentId: customer.documentId, productDocumentId: product.documentId, dialect: strapi.db.dialect.client };
};

const timed = async (fn) => {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
};

const handlers = {
  setup,
  /** One SLA sweep, timed; with `statements`, also each SQL statement it sent with its own time. */
  sweep: async ({ statements } = {}) => {
    if (statements) startTiming();
    const run = await timed(() => service('sla').sweep());
    if (statements) run.statements = stopTiming();
    return run;
  },
  /** One monthly report, timed; with `statements`, also each SQL statement it sent with its own time. */
  report: async ({ month, statements }) => {
    if (statements) startTiming();
    const run = await timed(async () => {
      // As the Reports page asks it (the JSON: a sample of each high-frequency issue's references).
      const report = await service('reports').monthly({ month }, { references: 'sample' });
      return {
        total: report.volume.total,
        byType: report.volume.byType,
        bySeverity: report.volume.bySeverity,
        byChannel: report.volume.byChannel,
        satisfaction: report.satisfaction,
        reopen: report.reopen,
        highFrequencyIssues: report.highFrequencyIssues.length,
      };
    });
    if (statements) run.statements = stopTiming();
    return run;
  },
  memory: () => process.memoryUsage(),
  /** Starts or stops recording the SQL statements this server sends, each with its own time (round trips per request). */
  trace: ({ on }) => {
    if (on) {
      startTiming();
      return null;
    }
    return stopTiming();
  },
  /** CPU profile of this server (the `--cpu-prof` of a running process): start, then stop → summary of the hottest functions. */
  profile: ({ on, file }) =>
    new Promise((resolve, reject) => {
      const inspector = require('node:inspector');
      if (on) {
        session = new inspector.Session();
        session.connect();
        session.post('Profiler.enable', () => session.post('Profiler.start', (error) => (error ? reject(error) : resolve(null))));
        return;
      }
      session.post('Profiler.stop', (error, { profile }) => {
        if (error) return reject(error);
        session.disconnect();
        if (file) {
          require('node:fs').mkdirSync(path.dirname(file), { recursive: true });
          require('node:fs').writeFileSync(file, JSON.stringify(profile));
        }
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const self = new Map();
        profile.samples.forEach((id, i) => {
          const { functionName, url, lineNumber } = byId.get(id).callFrame;
          const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`;
          self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
        });
        resolve(
          [...self.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 25)
            .map(([k, us]) => `${(us / 1000).toFixed(0)} ms ${k}`)
        );
      });
    }),
};
let session;

// Per-statement timing (knex's query / query-response events, matched by the query's uid).
let timings = [];
const startedAt = new Map();
const onQuery = (query) => startedAt.set(query.__knexQueryUid, { sql: query.sql.replace(/\s+/g, ' '), bindings: query.bindings, t: process.hrtime.bigint() });
const onResponse = (_response, query) => {
  const started = startedAt.get(query.__knexQueryUid);
  if (!started) return;
  startedAt.delete(query.__knexQueryUid);
  const ms = Math.round(Number(process.hrtime.bigint() - started.t) / 1e4) / 100;
  // Slow statements keep their whole text and parameters, to be run again under EXPLAIN ANALYZE.
  timings.push(ms >= 500 ? { ms, sql: started.sql, bindings: started.bindings } : { ms, sql: started.sql.slice(0, 300) });
};
const startTiming = () => {
  timings = [];
  strapi.db.connection.on('query', onQuery).on('query-response', onResponse);
};
const stopTiming = () => {
  strapi.db.connection.removeListener('query', onQuery).removeListener('query-response', onResponse);
  startedAt.clear();
  return timings;
};

process.on('message', async (message) => {
  try {
    const value = await handlers[message.cmd](message.args ?? {});
    process.send({ id: message.id, ok: true, value });
  } catch (error) {
    process.send({ id: message.id, ok: false, error: String(error && error.stack ? error.stack : error) });
  }
});

(async () => {
  strapi = await createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') }).load();
  await strapi.listen();
  process.send({ ready: true, port: strapi.config.get('server.port') });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

const stop = async () => {
  try {
    if (strapi) await strapi.destroy();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
