'use strict';
/**
 * The SQL the orchestrator runs beside the server: deriving the generated items' SLA clock rows,
 * preparing the SLA sweep's open and due clocks, the query plan of the sweep's read, the hand-written monthly report to compare against, and a
 * summary of the generated data. PostgreSQL through `pg`, SQLite through better-sqlite3 (datetimes
 * as epoch milliseconds there, as Strapi stores them).
 */
const DAY = 86_400_000;
const SHANGHAI = 8 * 3600_000;

/** The previous calendar month (YYYY-MM) and its bounds in Asia/Shanghai. */
const previousMonth = (now = Date.now()) => {
  const local = new Date(now + SHANGHAI);
  const y = local.getUTCMonth() === 0 ? local.getUTCFullYear() - 1 : local.getUTCFullYear();
  const m = local.getUTCMonth() === 0 ? 12 : local.getUTCMonth();
  return `${y}-${String(m).padStart(2, '0')}`;
};
const monthBounds = (month) => {
  const [y, m] = month.split('-').map(Number);
  return [Date.UTC(y, m - 1, 1) - SHANGHAI, Date.UTC(y, m, 1) - SHANGHAI];
};

/**
 * One statement computing the report's figures: volume by type, severity and channel, the
 * satisfaction distribution, the reopen count, items handled per department, top root causes and
 * the high-frequency groups (product, batch, type) above the threshold.
 */
const HAND_WRITTEN_REPORT = (p) => `
WITH created AS (
  SELECT f.type, f.severity, f.channel, f.batch, f.reopen_count, p.model_code, d.code AS department
  FROM feedbacks f
  LEFT JOIN feedbacks_product_lnk fp ON fp.feedback_id = f.id LEFT JOIN products p ON p.id = fp.product_id
  LEFT JOIN feedbacks_department_lnk fd ON fd.feedback_id = f.id LEFT JOIN departments d ON d.id = fd.department_id
  WHERE f.created_at >= ${p(1)} AND f.created_at < ${p(2)}
)
SELECT 'type' AS figure, type AS k, NULL AS k2, NULL AS k3, COUNT(*) AS n FROM created GROUP BY type
UNION ALL SELECT 'severity', severity, NULL, NULL, COUNT(*) FROM created GROUP BY severity
UNION ALL SELECT 'channel', channel, NULL, NULL, COUNT(*) FROM created GROUP BY channel
UNION ALL SELECT 'reopened', NULL, NULL, NULL, SUM(CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END) FROM created
UNION ALL SELECT 'handled', department, NULL, NULL, COUNT(*) FROM created WHERE department IS NOT NULL GROUP BY department
UNION ALL SELECT 'frequent', model_code, batch, type, COUNT(*) FROM created WHERE model_code IS NOT NULL AND type IS NOT NULL GROUP BY model_code, batch, type HAVING COUNT(*) > 5
UNION ALL SELECT 'score', CAST(satisfaction_score AS TEXT), NULL, NULL, COUNT(*) FROM feedbacks WHERE closed_at >= ${p(3)} AND closed_at < ${p(4)} AND satisfaction_score IS NOT NULL GROUP BY satisfaction_score
UNION ALL SELECT 'root-cause', root_cause, NULL, NULL, COUNT(*) FROM feedbacks WHERE resolved_at >= ${p(5)} AND resolved_at < ${p(6)} AND root_cause IS NOT NULL AND root_cause <> '' GROUP BY root_cause`;

const FEEDBACK_UID = 'api::feedback.feedback';
const CLOCKS = ['acknowledgeBy', 'respondBy', 'rootCauseBy', 'resolveBy', 'callbackBy'];

/**
 * One INSERT … SELECT deriving a clock row for every due-date column of the generated feedback
 * (the server writes them itself for items it receives): started at creation (the callback clock at
 * resolution), stopped by the stop column (cancelled, i.e. stopped and not counted, for duplicates
 * and rejections), measured in elapsed time (the bench does not recompute working time), due at the
 * stored due date. `ms(a, b)` is the dialect's milliseconds from a to b, `truth` its booleans (the
 * `WHERE 1 = 1` lets SQLite tell ON CONFLICT from a join's ON).
 */
const DERIVE_CLOCKS = ({ ms, truth, now }) => `
INSERT INTO after_sales_sla_clocks (content_type, document_id, clock, calendar_id, measure, budget_ms, started_at, paused_at, paused_ms, due_at, stopped_at, used_ms, met, next_escalation_at, created_at, updated_at)
SELECT '${FEEDBACK_UID}', y.document_id, y.clock, 'cn-mainland', 'elapsed', ${ms('y.started', 'y.due')}, y.started, NULL, 0, y.due,
  CASE WHEN y.ended = 1 THEN COALESCE(y.closed_at, y.updated_at) ELSE y.stop END,
  CASE WHEN y.stop IS NULL OR y.ended = 1 THEN NULL ELSE ${ms('y.started', 'y.stop')} END,
  CASE WHEN y.stop IS NULL OR y.ended = 1 THEN NULL WHEN y.stop <= y.due THEN ${truth(true)} ELSE ${truth(false)} END,
  NULL, ${now}, ${now}
FROM (
  SELECT x.*, CASE WHEN x.stop IS NULL AND x.state IN ('duplicate', 'rejected') AND x.clock IN ('acknowledgeBy', 'respondBy', 'resolveBy') THEN 1 ELSE 0 END AS ended
  FROM (
    SELECT f.document_id, c.clock, f.state, f.closed_at, f.updated_at,
      CASE c.clock WHEN 'callbackBy' THEN f.resolved_at ELSE f.created_at END AS started,
      CASE c.clock WHEN 'acknowledgeBy' THEN f.acknowledge_by WHEN 'respondBy' THEN f.respond_by WHEN 'rootCauseBy' THEN f.root_cause_by WHEN 'resolveBy' THEN f.resolve_by ELSE f.callback_by END AS due,
      CASE c.clock WHEN 'acknowledgeBy' THEN f.acknowledged_at WHEN 'respondBy' THEN f.acknowledged_at WHEN 'callbackBy' THEN f.closed_at ELSE f.resolved_at END AS stop
    FROM feedbacks f CROSS JOIN (${CLOCKS.map((c) => `SELECT '${c}' AS clock`).join(' UNION ALL ')}) c
  ) x
  WHERE x.due IS NOT NULL AND x.started IS NOT NULL
) y
WHERE 1 = 1
ON CONFLICT (content_type, document_id, clock) DO NOTHING`;

const postgres = (url) => {
  const { Client } = require('pg');
  let client;
  const q = async (text, values) => {
    if (!client) {
      client = new Client({ connectionString: url });
      await client.connect();
    }
    return client.query(text, values);
  };
  const iso = (ms) => new Date(ms).toISOString();
  return {
    /** Clock rows for every generated feedback item (see DERIVE_CLOCKS); returns how many were written. */
    async deriveClocks() {
      const result = await q(DERIVE_CLOCKS({ ms: (a, b) => `CAST(EXTRACT(EPOCH FROM (${b} - ${a})) * 1000 AS bigint)`, truth: (v) => (v ? 'TRUE' : 'FALSE'), now: 'now()' }));
      await q('VACUUM (ANALYZE) after_sales_sla_clocks'); // see the generator: as autovacuum would have
      return result.rowCount;
    },
    async prepareSweep(size, dueCount) {
      const now = Date.now();
      const bound = await q('SELECT id FROM feedbacks ORDER BY id OFFSET $1 LIMIT 1', [size - 1]);
      const maxId = bound.rowCount ? Number(bound.rows[0].id) : Number((await q('SELECT MAX(id) AS id FROM feedbacks')).rows[0].id);
      // The first `size` items' running clocks are open (an escalation pending in the next 20 days), the rest are not.
      await q(
        `UPDATE after_sales_sla_clocks k SET next_escalation_at = CASE WHEN f.id <= $1 AND k.stopped_at IS NULL THEN $2::timestamptz + ((f.id % 20) + 1) * interval '1 day' END
         FROM feedbacks f WHERE f.document_id = k.document_id AND k.content_type = '${FEEDBACK_UID}' AND (k.next_escalation_at IS NOT NULL OR (f.id <= $1 AND k.stopped_at IS NULL))`,
        [maxId, iso(now)]
      );
      const due = await q('SELECT id FROM feedbacks WHERE id <= $1 ORDER BY md5(id::text) LIMIT $2', [maxId, dueCount]);
      const dueIds = due.rows.map((r) => Number(r.id));
      // Due items are fresh and unacknowledged: the acknowledge clock is breached, the resolve clock runs.
      await q(
        `UPDATE feedbacks SET state = 'received', acknowledged_at = NULL, resolved_at = NULL, closed_at = NULL, sla_paused_at = NULL, callback_by = NULL,
           created_at = $2::timestamp - interval '2 days', acknowledge_by = $2::timestamp - interval '1 hour', resolve_by = $2::timestamp + interval '10 days'
         WHERE id = ANY($1)`,
        [dueIds, iso(now)]
      );
      await q(`DELETE FROM after_sales_sla_clocks WHERE content_type = '${FEEDBACK_UID}' AND document_id IN (SELECT document_id FROM feedbacks WHERE id = ANY($1))`, [dueIds]);
      await q(
        `INSERT INTO after_sales_sla_clocks (content_type, document_id, clock, calendar_id, measure, budget_ms, started_at, paused_ms, due_at, next_escalation_at, created_at, updated_at)
         SELECT '${FEEDBACK_UID}', f.document_id, c.clock, 'cn-mainland', 'elapsed', c.budget, $2::timestamptz - interval '2 days', 0, $2::timestamptz - interval '2 days' + c.budget * interval '1 millisecond', c.next, now(), now()
         FROM feedbacks f CROSS JOIN (SELECT 'acknowledgeBy' AS clock, ${2 * 86_400_000 - 3_600_000}::bigint AS budget, $2::timestamptz - interval '1 minute' AS next
                                      UNION ALL SELECT 'resolveBy', ${12 * 86_400_000}::bigint, $2::timestamptz + interval '8 days') c
         WHERE f.id = ANY($1)`,
        [dueIds, iso(now)]
      );
      await q('ANALYZE feedbacks');
      await q('ANALYZE after_sales_sla_clocks');
      const open = Number((await q('SELECT COUNT(*) AS n FROM after_sales_sla_clocks WHERE next_escalation_at IS NOT NULL')).rows[0].n);
      return { open, dueIds };
    },
    async resetDue(ids) {
      const docs = (await q('SELECT document_id FROM feedbacks WHERE id = ANY($1)', [ids])).rows.map((r) => r.document_id);
      await q('DELETE FROM after_sales_escalations WHERE document_id = ANY($1)', [docs]);
      await q('DELETE FROM after_sales_outbox WHERE document_id = ANY($1)', [docs]);
      await q(
        `UPDATE after_sales_sla_clocks SET next_escalation_at = $2::timestamptz - interval '1 minute' WHERE content_type = '${FEEDBACK_UID}' AND clock = 'acknowledgeBy' AND document_id = ANY($1)`,
        [docs, iso(Date.now())]
      );
    },
    async explainDue() {
      const plan = await q(`EXPLAIN ANALYZE SELECT * FROM after_sales_sla_clocks WHERE next_escalation_at <= $1::timestamptz ORDER BY next_escalation_at LIMIT 200 FOR UPDATE SKIP LOCKED`, [
        iso(Date.now()),
      ]);
      return plan.rows.map((r) => r['QUERY PLAN']);
    },
    async busiestRecentMonth() {
      return previousMonth();
    },
    async handWrittenReport(month) {
      const [start, end] = monthBounds(month);
      const values = [start, end, start, end, start, end].map(iso);
      const started = process.hrtime.bigint();
      const result = await q(
        HAND_WRITTEN_REPORT((i) => `$${i}::timestamp`),
        values
      );
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows: result.rowCount };
    },
    /**
     * What autovacuum's ANALYZE would have done by now (this machine's PostgreSQL runs with autovacuum off): every table
     * changed by more than its threshold since its last analysis (50 rows + 10 % of its rows, PostgreSQL's defaults) is
     * analysed. Without it, a table the intake filled after the load (the thread entries: 0 rows when analysed, 3,800
     * after the intake) keeps its empty statistics, and the search's plan on it computed every row's character pairs
     * instead of reading the index (300 ms instead of 3 ms). Answers the tables analysed.
     */
    async autoanalyze() {
      const { rows } = await q(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * GREATEST(n_live_tup, 0) ORDER BY relname`);
      for (const { relname } of rows) await q(`ANALYZE "${relname.replace(/"/g, '""')}"`);
      return rows.map((r) => r.relname);
    },
    async datasetSpread() {
      const group = async (sql) => Object.fromEntries((await q(sql)).rows.map((r) => [r.k ?? 'none', Number(r.n)]));
      return {
        byState: await group('SELECT state AS k, COUNT(*) AS n FROM feedbacks GROUP BY state ORDER BY 2 DESC'),
        byDepartment: await group(
          'SELECT d.code AS k, COUNT(*) AS n FROM feedbacks f LEFT JOIN feedbacks_department_lnk l ON l.feedback_id = f.id LEFT JOIN departments d ON d.id = l.department_id GROUP BY d.code ORDER BY 2 DESC'
        ),
        byProduct: await group('SELECT p.model_code AS k, COUNT(*) AS n FROM feedbacks_product_lnk l JOIN products p ON p.id = l.product_id GROUP BY p.model_code ORDER BY 2 DESC'),
        byMonth: await group(`SELECT to_char(created_at + interval '8 hours', 'YYYY-MM') AS k, COUNT(*) AS n FROM feedbacks GROUP BY 1 ORDER BY 1`),
        customersWithItems: Number((await q('SELECT COUNT(DISTINCT customer_id) AS n FROM feedbacks_customer_lnk')).rows[0].n),
      };
    },
    async close() {
      if (client) await client.end();
    },
  };
};

const sqlite = (filename) => {
  const Database = require('better-sqlite3');
  let db;
  const open = () => {
    if (!db) {
      db = new Database(filename);
      db.pragma('busy_timeout = 60000');
    }
    return db;
  };
  const inList = (ids) => `(${ids.map(Number).join(',')})`;
  return {
    /** Clock rows for every generated feedback item (see DERIVE_CLOCKS); returns how many were written. */
    async deriveClocks() {
      const d = open();
      const result = d.prepare(DERIVE_CLOCKS({ ms: (a, b) => `(${b} - ${a})`, truth: (v) => (v ? '1' : '0'), now: String(Date.now()) })).run();
      d.exec('ANALYZE after_sales_sla_clocks');
      return result.changes;
    },
    async prepareSweep(size, dueCount) {
      const now = Date.now();
      const d = open();
      const bound = d.prepare('SELECT id FROM feedbacks ORDER BY id LIMIT 1 OFFSET ?').get(size - 1);
      const maxId = bound ? bound.id : d.prepare('SELECT MAX(id) AS id FROM feedbacks').get().id;
      // The first `size` items' running clocks are open (an escalation pending in the next 20 days), the rest are not.
      d.prepare(
        `UPDATE after_sales_sla_clocks SET next_escalation_at = CASE WHEN f.id <= ? AND after_sales_sla_clocks.stopped_at IS NULL THEN ? + ((f.id % 20) + 1) * ? END
         FROM feedbacks f WHERE f.document_id = after_sales_sla_clocks.document_id AND after_sales_sla_clocks.content_type = '${FEEDBACK_UID}'
           AND (after_sales_sla_clocks.next_escalation_at IS NOT NULL OR (f.id <= ? AND after_sales_sla_clocks.stopped_at IS NULL))`
      ).run(maxId, now, DAY, maxId);
      const dueIds = d
        .prepare('SELECT id FROM feedbacks WHERE id <= ? ORDER BY (id * 2654435761) % 4294967296 LIMIT ?')
        .all(maxId, dueCount)
        .map((r) => r.id);
      d.prepare(
        `UPDATE feedbacks SET state = 'received', acknowledged_at = NULL, resolved_at = NULL, closed_at = NULL, sla_paused_at = NULL, callback_by = NULL,
           created_at = ?, acknowledge_by = ?, resolve_by = ? WHERE id IN ${inList(dueIds)}`
      ).run(now - 2 * DAY, now - 3600_000, now + 10 * DAY);
      d.prepare(`DELETE FROM after_sales_sla_clocks WHERE content_type = '${FEEDBACK_UID}' AND document_id IN (SELECT document_id FROM feedbacks WHERE id IN ${inList(dueIds)})`).run();
      d.prepare(
        `INSERT INTO after_sales_sla_clocks (content_type, document_id, clock, calendar_id, measure, budget_ms, started_at, paused_ms, due_at, next_escalation_at, created_at, updated_at)
         SELECT '${FEEDBACK_UID}', f.document_id, c.clock, 'cn-mainland', 'elapsed', c.budget, ?, 0, ? + c.budget, c.next, ?, ?
         FROM feedbacks f CROSS JOIN (SELECT 'acknowledgeBy' AS clock, ${2 * DAY - 3600_000} AS budget, ${now - 60_000} AS next UNION ALL SELECT 'resolveBy', ${12 * DAY}, ${now + 8 * DAY}) c
         WHERE f.id IN ${inList(dueIds)}`
      ).run(now - 2 * DAY, now - 2 * DAY, now, now);
      d.exec('ANALYZE feedbacks');
      d.exec('ANALYZE after_sales_sla_clocks');
      const openCount = d.prepare('SELECT COUNT(*) AS n FROM after_sales_sla_clocks WHERE next_escalation_at IS NOT NULL').get().n;
      return { open: openCount, dueIds };
    },
    async resetDue(ids) {
      const d = open();
      const docs = d
        .prepare(`SELECT document_id FROM feedbacks WHERE id IN ${inList(ids)}`)
        .all()
        .map((r) => r.document_id);
      const placeholders = docs.map(() => '?').join(',');
      d.prepare(`DELETE FROM after_sales_escalations WHERE document_id IN (${placeholders})`).run(...docs);
      d.prepare(`DELETE FROM after_sales_outbox WHERE document_id IN (${placeholders})`).run(...docs);
      d.prepare(`UPDATE after_sales_sla_clocks SET next_escalation_at = ? WHERE content_type = '${FEEDBACK_UID}' AND clock = 'acknowledgeBy' AND document_id IN (${placeholders})`).run(
        Date.now() - 60_000,
        ...docs
      );
    },
    async explainDue() {
      return open()
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM after_sales_sla_clocks WHERE next_escalation_at <= ? ORDER BY next_escalation_at LIMIT 200')
        .all(Date.now())
        .map((r) => r.detail);
    },
    /** SQLite has no autovacuum: its statistics are what the load's ANALYZE left (the screens' targets are PostgreSQL's). */
    async autoanalyze() {
      return [];
    },
    async busiestRecentMonth() {
      return previousMonth();
    },
    async handWrittenReport(month) {
      const [start, end] = monthBounds(month);
      const started = process.hrtime.bigint();
      const rows = open()
        .prepare(HAND_WRITTEN_REPORT(() => '?'))
        .all(start, end, start, end, start, end);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows: rows.length };
    },
    async datasetSpread() {
      const group = (sql) =>
        Object.fromEntries(
          open()
            .prepare(sql)
            .all()
            .map((r) => [r.k ?? 'none', Number(r.n)])
        );
      return {
        byState: group('SELECT state AS k, COUNT(*) AS n FROM feedbacks GROUP BY state ORDER BY 2 DESC'),
        byDepartment: group(
          'SELECT d.code AS k, COUNT(*) AS n FROM feedbacks f LEFT JOIN feedbacks_department_lnk l ON l.feedback_id = f.id LEFT JOIN departments d ON d.id = l.department_id GROUP BY d.code ORDER BY 2 DESC'
        ),
        byProduct: group('SELECT p.model_code AS k, COUNT(*) AS n FROM feedbacks_product_lnk l JOIN products p ON p.id = l.product_id GROUP BY p.model_code ORDER BY 2 DESC'),
        byMonth: group(`SELECT strftime('%Y-%m', (created_at + 8 * 3600000) / 1000, 'unixepoch') AS k, COUNT(*) AS n FROM feedbacks GROUP BY 1 ORDER BY 1`),
        customersWithItems: open().prepare('SELECT COUNT(DISTINCT customer_id) AS n FROM feedbacks_customer_lnk').get().n,
      };
    },
    async close() {
      if (db) db.close();
    },
  };
};

const sqlFor = (db) => (db.dialect === 'postgres' ? postgres(db.url) : sqlite(db.filename));

/** `deriveClocks()` on the returned object writes the clock rows of generated data (call it after the load). */
module.exports = { sqlFor, previousMonth, monthBounds, DERIVE_CLOCKS };
