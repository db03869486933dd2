'use strict';
/**
 * The screens staff open all day (issue 23 item 5), measured as an admin-panel agent of the demo
 * organisation (agent@demo.local: after-sales department, the Content Manager's department
 * condition): every built-in queue view, the Content Manager's feedback list and its search, the
 * global search, the dashboard and its widgets, the case screen, and the monthly report (as the
 * manager: the agent may not read reports). Each screen: one unmeasured request, then `runs`
 * sequential requests (median and p95 by nearest rank: with 11 runs the p95 is the slowest), then
 * `connections` concurrent connections for `duration` seconds (autocannon; p50 and p95 computed
 * from every answer's own time), with the answer's size. With `trace`, one more request per screen
 * records the SQL statements it sends with their times.
 */
const autocannon = require('autocannon');
const { customerPhone } = require('./generate');

const nearestRank = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const round = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);

const adminLogin = async (url, email, password) => {
  const res = await fetch(`${url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = await res.json().catch(() => null);
  if (!res.ok || !body?.data?.token) throw new Error(`admin login of ${email} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.data.token;
};

const getJson = async (url, headers) => {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
};

const TIMEOUT_MS = 30_000;

/** One unmeasured request, then `runs` in sequence; a request that takes over 30 s ends the screen's measurement. */
const sequential = async (url, headers, runs) => {
  const times = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    let res;
    let body;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      body = Buffer.from(await res.arrayBuffer());
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      // Recorded as such, not measured further (the server may still be working on it).
      return { timedOut: true, median: null, p95: null, runsMs: times.map(Math.round), bytes: null, status: null };
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    status = res.status;
    bytes = body.length;
    if (status >= 300) throw new Error(`GET ${url} answered ${status}: ${body.toString().slice(0, 300)}`);
    if (i > 0) times.push(ms);
  }
  return { median: round(nearestRank(times, 50)), p95: round(nearestRank(times, 95)), runsMs: times.map(Math.round), bytes, status };
};

/** `connections` connections for `duration` s; every answer's own time kept (autocannon reports no p95). */
const concurrent = (url, headers, { connections, duration }) =>
  new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon({ url, headers, connections, duration, timeout: 30 }, (error, r) => {
      if (error) return reject(error);
      const slowest = latencies.length ? Math.max(...latencies) : 30_000;
      // Let the server finish the requests in flight before the next screen (see the README's "Windows and backlogs").
      setTimeout(
        () =>
          resolve({
            requests: r.requests.total,
            requestsPerSecond: Math.round(r.requests.average * 10) / 10,
            p50: round(nearestRank(latencies, 50)),
            p95: round(nearestRank(latencies, 95)),
            non2xx: r.non2xx,
            errors: r.errors + r.timeouts,
          }),
        Math.min(30_000, Math.max(500, slowest))
      );
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });

const CM_LIST = '/content-manager/collection-types/api::feedback.feedback?page=1&pageSize=10&sort=createdAt:DESC';

/** The screens to measure, with what they need found first (a reference, a case, the views). */
const screensOf = async (url, agent, manager, month) => {
  const views = await getJson(`${url}/after-sales/queues/views`, agent);
  const list = await getJson(`${url}${CM_LIST}`, agent);
  const first = list.results?.[0];
  if (!first?.reference) throw new Error('the Content Manager list gave the agent no item');
  // A reference prefix that matches a day's items (FB-20261204-0012 → FB-20261204-00).
  const prefix = first.reference.slice(0, -2);
  const screens = [['queue views (list)', '/after-sales/queues/views', agent]];
  for (const view of views.data.builtin) screens.push([`queue view ${view.id}`, `/after-sales/queues/items?view=${view.id}`, agent]);
  screens.push(
    ['CM feedback list, page 1', CM_LIST, agent],
    // 卡纸 is in no generated symptom (a search that finds nothing); 闪烁 in one of the generated symptoms (~56,000 items).
    ['CM search _q=卡纸', `${CM_LIST}&_q=${encodeURIComponent('卡纸')}`, agent],
    ['CM search _q=闪烁 (common)', `${CM_LIST}&_q=${encodeURIComponent('闪烁')}`, agent],
    [`CM search reference prefix`, `${CM_LIST}&_q=${encodeURIComponent(prefix)}`, agent],
    ['global search: reference', `/after-sales/queues/search?q=${encodeURIComponent(first.reference)}`, agent],
    ['global search: phone', `/after-sales/queues/search?q=${encodeURIComponent(customerPhone(12_345))}`, agent],
    ['global search: text 卡纸', `/after-sales/queues/search?q=${encodeURIComponent('卡纸')}`, agent],
    ['global search: text 闪烁 (common)', `/after-sales/queues/search?q=${encodeURIComponent('闪烁')}`, agent],
    ['dashboard', '/after-sales/dashboard', agent],
    ['widget: my overdue', '/after-sales/dashboard/my-overdue', agent],
    ["widget: today's callbacks", '/after-sales/dashboard/todays-callbacks', agent],
    ['widget: awaiting approval', '/after-sales/dashboard/awaiting-approval', agent],
    ['widgets (extensions)', '/after-sales/dashboard/widgets', agent],
    ['case screen', `/after-sales/cases/api::feedback.feedback/${first.documentId}`, agent],
    [`monthly report ${month} (manager)`, `/after-sales/reports/monthly?month=${month}`, manager]
  );
  return { screens, prefix, reference: first.reference };
};

/**
 * Measures every screen (or those whose name contains one of `filter`'s words). Targets: p95 under
 * 300 ms for one user, under 1 s for 16; the dashboard's answer under 100 KB.
 */
const measureScreens = async ({ url, month, runs, connections, duration, filter, log, trace = null }) => {
  const agent = { authorization: `Bearer ${await adminLogin(url, 'agent@demo.local', process.env.SEED_DEMO_PASSWORD || 'Demo1234!')}` };
  const manager = { authorization: `Bearer ${await adminLogin(url, 'manager@demo.local', process.env.SEED_DEMO_PASSWORD || 'Demo1234!')}` };
  const { screens, prefix, reference } = await screensOf(url, agent, manager, month);
  const rows = [];
  for (const [name, path, headers] of screens) {
    if (filter && !filter.some((word) => name.includes(word))) continue;
    const single = await sequential(`${url}${path}`, headers, runs);
    if (single.timedOut) {
      log(`screen ${name}: a request took over ${TIMEOUT_MS / 1000} s; not measured further`);
      rows.push({ name, path, bytes: null, single, concurrent: null, met: false });
      continue;
    }
    log(`screen ${name}: one user median ${single.median} ms, p95 ${single.p95} ms, ${single.bytes} bytes; ${connections} connections for ${duration} s…`);
    if (trace) {
      // --trace: one more request with the SQL it sends, each statement with its own time (they overlap when run side by side).
      await trace.on();
      const started = process.hrtime.bigint();
      await (await fetch(`${url}${path}`, { headers })).arrayBuffer();
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const statements = await trace.off();
      single.trace = { ms, statements };
      log(`screen ${name}: traced request ${ms} ms, ${statements.length} statements:\n${statements.map((s) => `  ${s.ms} ms ${s.sql.slice(0, 400)}`).join('\n')}`);
    }
    const many = await concurrent(`${url}${path}`, headers, { connections, duration });
    rows.push({
      name,
      path,
      bytes: single.bytes,
      single,
      concurrent: many,
      // The report is a page opened monthly, not all day: its size is recorded, its time has its own target (< 1 s, the report benchmark).
      met: path.startsWith('/after-sales/reports/')
        ? null
        : single.p95 !== null && single.p95 < 300 && many.p95 !== null && many.p95 < 1000 && many.non2xx === 0 && (name !== 'dashboard' || single.bytes < 100_000),
    });
  }
  return { user: 'agent@demo.local', reference, prefix, runs, connections, durationSeconds: duration, targets: { singleP95Ms: 300, concurrentP95Ms: 1000, dashboardBytes: 100_000 }, rows };
};

module.exports = { measureScreens, nearestRank, adminLogin };
