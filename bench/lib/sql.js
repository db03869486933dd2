'use strict';
/**
 * The SQL the orchestrator runs beside the server: preparing the SLA sweep's open and due items,
 * the query plan of the sweep's read, the hand-written monthly report to compare against, and a
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
    async prepareSweep(size, dueCount) {
      const now = Date.now();
      const bound = await q('SELECT id FROM feedbacks ORDER BY id OFFSET $1 LIMIT 1', [size - 1]);
      const maxId = bound.rowCount ? Number(bound.rows[0].id) : Number((await q('SELECT MAX(id) AS id FROM feedbacks')).rows[0].id);
      await q('UPDATE feedbacks SET next_escalation_at = NULL WHERE next_escalation_at IS NOT NULL AND id > $1', [maxId]);
      await q(`UPDATE feedbacks SET next_escalation_at = $2::timestamp + ((id % 20) + 1) * interval '1 day' WHERE id <= $1 AND (next_escalation_at IS NULL OR next_escalation_at < $2::timestamp)`, [maxId, iso(now)]);
      const due = await q('SELECT id FROM feedbacks WHERE id <= $1 ORDER BY md5(id::text) LIMIT $2', [maxId, dueCount]);
      const dueIds = due.rows.map((r) => Number(r.id));
      // Due items are fresh and unacknowledged: the acknowledge clock is breached, the resolve clock runs.
      await q(
        `UPDATE feedbacks SET state = 'received', acknowledged_at = NULL, resolved_at = NULL, closed_at = NULL, sla_paused_at = NULL, callback_by = NULL,
           created_at = $2::timestamp - interval '2 days', acknowledge_by = $2::timestamp - interval '1 hour', resolve_by = $2::timestamp + interval '10 days'
         WHERE id = ANY($1)`,
        [dueIds, iso(now)]
      );
      await q('ANALYZE feedbacks');
      const open = Number((await q('SELECT COUNT(*) AS n FROM feedbacks WHERE next_escalation_at IS NOT NULL')).rows[0].n);
      return { open, dueIds };
    },
    async resetDue(ids) {
      const docs = (await q('SELECT document_id FROM feedbacks WHERE id = ANY($1)', [ids])).rows.map((r) => r.document_id);
      await q('DELETE FROM after_sales_escalations WHERE document_id = ANY($1)', [docs]);
      await q('DELETE FROM after_sales_outbox WHERE document_id = ANY($1)', [docs]);
      await q(`UPDATE feedbacks SET next_escalation_at = $2::timestamp - interval '1 minute' WHERE id = ANY($1)`, [ids, iso(Date.now())]);
    },
    async explainDue() {
      const plan = await q(`EXPLAIN ANALYZE SELECT document_id FROM feedbacks WHERE next_escalation_at <= $1::timestamp ORDER BY next_escalation_at LIMIT 200 FOR UPDATE SKIP LOCKED`, [iso(Date.now())]);
      return plan.rows.map((r) => r['QUERY PLAN']);
    },
    async busiestRecentMonth() {
      return previousMonth();
    },
    async handWrittenReport(month) {
      const [start, end] = monthBounds(month);
      const values = [start, end, start, end, start, end].map(iso);
      const started = process.hrtime.bigint();
      const result = await q(HAND_WRITTEN_REPORT((i) => `$${i}::timestamp`), values);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows: result.rowCount };
    },
    async datasetSpread() {
      const group = async (sql) => Object.fromEntries((await q(sql)).rows.map((r) => [r.k ?? 'none', Number(r.n)]));
      return {
        byState: await group('SELECT state AS k, COUNT(*) AS n FROM feedbacks GROUP BY state ORDER BY 2 DESC'),
        byDepartment: await group('SELECT d.code AS k, COUNT(*) AS n FROM feedbacks f LEFT JOIN feedbacks_department_lnk l ON l.feedback_id = f.id LEFT JOIN departments d ON d.id = l.department_id GROUP BY d.code ORDER BY 2 DESC'),
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
    async prepareSweep(size, dueCount) {
      const now = Date.now();
      const d = open();
      const bound = d.prepare('SELECT id FROM feedbacks ORDER BY id LIMIT 1 OFFSET ?').get(size - 1);
      const maxId = bound ? bound.id : d.prepare('SELECT MAX(id) AS id FROM feedbacks').get().id;
      d.prepare('UPDATE feedbacks SET next_escalation_at = NULL WHERE next_escalation_at IS NOT NULL AND id > ?').run(maxId);
      d.prepare('UPDATE feedbacks SET next_escalation_at = ? + ((id % 20) + 1) * ? WHERE id <= ? AND (next_escalation_at IS NULL OR next_escalation_at < ?)').run(now, DAY, maxId, now);
      const dueIds = d.prepare('SELECT id FROM feedbacks WHERE id <= ? ORDER BY (id * 2654435761) % 4294967296 LIMIT ?').all(maxId, dueCount).map((r) => r.id);
      d.prepare(
        `UPDATE feedbacks SET state = 'received', acknowledged_at = NULL, resolved_at = NULL, closed_at = NULL, sla_paused_at = NULL, callback_by = NULL,
           created_at = ?, acknowledge_by = ?, resolve_by = ? WHERE id IN ${inList(dueIds)}`
      ).run(now - 2 * DAY, now - 3600_000, now + 10 * DAY);
      d.exec('ANALYZE feedbacks');
      const openCount = d.prepare('SELECT COUNT(*) AS n FROM feedbacks WHERE next_escalation_at IS NOT NULL').get().n;
      return { open: openCount, dueIds };
    },
    async resetDue(ids) {
      const d = open();
      const docs = d.prepare(`SELECT document_id FROM feedbacks WHERE id IN ${inList(ids)}`).all().map((r) => r.document_id);
      const placeholders = docs.map(() => '?').join(',');
      d.prepare(`DELETE FROM after_sales_escalations WHERE document_id IN (${placeholders})`).run(...docs);
      d.prepare(`DELETE FROM after_sales_outbox WHERE document_id IN (${placeholders})`).run(...docs);
      d.prepare(`UPDATE feedbacks SET next_escalation_at = ? WHERE id IN ${inList(ids)}`).run(Date.now() - 60_000);
    },
    async explainDue() {
      return open().prepare('EXPLAIN QUERY PLAN SELECT document_id FROM feedbacks WHERE next_escalation_at <= ? ORDER BY next_escalation_at LIMIT 200').all(Date.now()).map((r) => r.detail);
    },
    async busiestRecentMonth() {
      return previousMonth();
    },
    async handWrittenReport(month) {
      const [start, end] = monthBounds(month);
      const started = process.hrtime.bigint();
      const rows = open().prepare(HAND_WRITTEN_REPORT(() => '?')).all(start, end, start, end, start, end);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows: rows.length };
    },
    async datasetSpread() {
      const group = (sql) => Object.fromEntries(open().prepare(sql).all().map((r) => [r.k ?? 'none', Number(r.n)]));
      return {
        byState: group('SELECT state AS k, COUNT(*) AS n FROM feedbacks GROUP BY state ORDER BY 2 DESC'),
        byDepartment: group('SELECT d.code AS k, COUNT(*) AS n FROM feedbacks f LEFT JOIN feedbacks_department_lnk l ON l.feedback_id = f.id LEFT JOIN departments d ON d.id = l.department_id GROUP BY d.code ORDER BY 2 DESC'),
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

module.exports = { sqlFor, previousMonth, monthBounds };
