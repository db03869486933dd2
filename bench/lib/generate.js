'use strict';
/**
 * Data generator: N feedback items (default 1,000,000) over the last 24 months on top of the demo
 * organisation, with a realistic spread of months (growth and a seasonal peak), states (old items
 * mostly closed, recent ones spread over the open states), channels, types, severities, products
 * and batches (a few models and batches dominate), departments and assignees (routed by type),
 * and customers (a long tail: 200,000 customers, some with many items).
 *
 * PostgreSQL: COPY FROM STDIN (pg-copy-streams) with the secondary indexes dropped during the load
 * and rebuilt afterwards, and foreign-key triggers skipped (session_replication_role = replica:
 * the generator writes consistent ids itself). SQLite: prepared multi-row inserts in one
 * transaction. The schema must exist: boot the app once first (bench/run.js does).
 */
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');

const DAY = 86_400_000;
const TIME_ZONE_OFFSET = 8 * 3600_000; // Asia/Shanghai has no daylight saving: reference days are UTC+8

/** A small seeded PRNG (mulberry32), so every run generates the same data. */
const createRandom = (seed) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weighted = (entries) => {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    return () => {
      let r = next() * total;
      for (const [value, w] of entries) if ((r -= w) < 0) return value;
      return entries[entries.length - 1][0];
    };
  };
  return { next, int: (n) => Math.floor(next() * n), weighted };
};

const CHANNELS = [['hotline', 30], ['website', 20], ['in-app', 15], ['email', 12], ['chat', 10], ['social', 5], ['service-point', 5], ['field', 3]];
const TYPES = [['quality', 45], ['usage-question', 25], ['suggestion', 12], ['service-complaint', 12], ['praise', 6]];
const SEVERITIES = { quality: [['urgent', 6], ['important', 30], ['general', 64]], 'usage-question': [['general', 85], ['important', 10], ['urgent', 5]], suggestion: [['suggestion', 100]], 'service-complaint': [['important', 45], ['general', 50], ['urgent', 5]], praise: [['general', 100]] };
const ROUTING = { quality: [['technical', 60], ['quality', 30], ['after-sales', 10]], 'usage-question': [['after-sales', 100]], suggestion: [['product', 80], ['technical', 20]], 'service-complaint': [['after-sales', 80], ['sales', 20]], praise: [['after-sales', 100]] };
const ASSIGNEES = { 'after-sales': ['agent@demo.local', 'agent@demo.local', 'manager@demo.local'], technical: ['engineer@demo.local'], quality: ['quality@demo.local'], sales: ['sales@demo.local'], product: [] };
const PRODUCTS = [['AP-200', 22], ['RC-5', 16], ['WH-60', 14], ['AP-350', 10], ['WP-10', 9], ['RC-7', 8], ['APP', 8], ['DH-20', 6], ['HUB-2', 4], ['SC-1', 3]];
const OPEN_STATES = [['received', 18], ['acknowledged', 16], ['triaged', 14], ['in-progress', 22], ['waiting', 8], ['resolved', 10], ['callback', 12]];
const OLD_STATES = [['closed', 86], ['duplicate', 5], ['rejected', 4], ['callback', 2], ['resolved', 1], ['in-progress', 1], ['waiting', 1]];
const SCORES = [[5, 50], [4, 30], [3, 10], [2, 6], [1, 4]];
const ROOT_CAUSES = ['电机轴承磨损 motor bearing wear', '滤网未按期更换 filter not replaced', '固件 v2.3 Wi-Fi 重连缺陷 firmware reconnect bug', '温控器批次不良 thermostat batch defect', '安装不规范 improper installation', '运输损坏 transport damage', '用户操作不当 misuse', '密封圈老化 seal ageing', '传感器漂移 sensor drift', 'App 登录令牌过期 token expiry'];
const SYMPTOMS = {
  quality: ['三档运行时有明显嗡嗡声', '开机后几分钟自动断电', '出水温度忽高忽低', '滤芯指示灯一直闪烁', 'The unit makes a grinding noise on high speed', 'Water leaks from the bottom after a few hours', '充电座无法识别机器', '显示屏花屏'],
  'usage-question': ['如何重置 Wi-Fi 连接?', '滤网多久更换一次?', 'How do I schedule cleaning from the app?', '定时功能怎么设置?'],
  suggestion: ['希望增加夜间静音模式', 'Please add a widget for the home screen', '建议 App 支持多用户共享'],
  'service-complaint': ['上门服务迟到两个小时', '客服电话一直无人接听', 'The technician did not bring spare parts'],
  praise: ['安装师傅非常专业,点赞', 'Great support, the issue was fixed in one call'],
};

const pad = (n, w = 2) => String(n).padStart(w, '0');
const dayKeyOf = (ms) => {
  const d = new Date(ms + TIME_ZONE_OFFSET);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
};
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const documentId = (random) => {
  let s = '';
  for (let i = 0; i < 24; i++) s += ALPHABET[random.int(36)];
  return s;
};

/** A token hash stand-in (generated items have no usable tracking token). */
const hex64 = (random) => {
  let s = '';
  for (let i = 0; i < 8; i++) s += (random.next() * 0x100000000 >>> 0).toString(16).padStart(8, '0');
  return s;
};

/** Daily item counts over `months` months ending today: +60 % growth over the period and a summer peak. */
const dailyCounts = (total, now, months, random) => {
  const days = Math.round(months * 30.44);
  const start = Math.floor((now - days * DAY) / DAY) * DAY;
  const weights = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * DAY);
    const growth = 1 + (0.6 * d) / days;
    const season = 1 + 0.35 * Math.cos(((date.getUTCMonth() - 6) / 12) * 2 * Math.PI); // peak in July
    const weekday = [0, 6].includes(date.getUTCDay()) ? 0.55 : 1;
    weights.push(growth * season * weekday * (0.85 + 0.3 * random.next()));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let d = counts.length - 1; missing > 0; d--, missing--) counts[d] += 1;
  return { start, counts };
};

/**
 * Yields batches of generated items in creation order, each with its links.
 * refs: { departments: code→id, products: model→id, users: email→id, customers: [firstId, count], firstId, sequences: day→value }
 */
function* generateItems({ total, now, refs, seed = 20261129, batchSize = 20000 }) {
  const random = createRandom(seed);
  const pick = Object.fromEntries(Object.entries({ channel: CHANNELS, type: TYPES, product: PRODUCTS, open: OPEN_STATES, old: OLD_STATES, score: SCORES }).map(([k, v]) => [k, random.weighted(v)]));
  const severityOf = Object.fromEntries(Object.entries(SEVERITIES).map(([k, v]) => [k, random.weighted(v)]));
  const routeOf = Object.fromEntries(Object.entries(ROUTING).map(([k, v]) => [k, random.weighted(v)]));
  const { start, counts } = dailyCounts(total, now, 24, random);
  const sequences = new Map(Object.entries(refs.sequences ?? {}));
  const [firstCustomer, customerCount] = refs.customers;
  let id = refs.firstId;
  let batch = [];
  for (let d = 0; d < counts.length; d++) {
    const times = Array.from({ length: counts[d] }, () => start + d * DAY + Math.floor(random.next() * DAY)).filter((t) => t < now).sort((a, b) => a - b);
    for (const created of times) {
      const day = dayKeyOf(created);
      const seq = (sequences.get(day) ?? 0) + 1;
      sequences.set(day, seq);
      const ageDays = (now - created) / DAY;
      const type = pick.type();
      const severity = severityOf[type]();
      const state = ageDays > 45 ? pick.old() : ageDays < 1 ? 'received' : pick.open();
      const model = pick.product();
      const routed = state === 'received' && random.next() < 0.5 ? null : routeOf[type]();
      const staff = routed && state !== 'received' ? ASSIGNEES[routed] : [];
      const assignee = staff.length ? refs.users[staff[random.int(staff.length)]] : null;
      const batchCode = model === 'APP' ? null : `B${dayKeyOf(created - (30 + random.int(300)) * DAY).slice(2, 6)}`;
      const resolveDays = { urgent: 1.4, important: 4.2, general: 7, suggestion: 28 }[severity];
      const acknowledged = state !== 'received' ? created + Math.floor(random.next() * 0.8 * DAY) : null;
      const resolved = ['resolved', 'callback', 'closed'].includes(state) ? created + Math.floor((0.3 + random.next() * 1.2) * resolveDays * DAY) : null;
      const closed = ['closed', 'duplicate', 'rejected'].includes(state) ? (resolved ?? created + DAY) + Math.floor(random.next() * 4 * DAY) : null;
      const resolveBy = created + resolveDays * DAY;
      const callbackBy = resolved ? resolved + 4.2 * DAY : null;
      const open = !['closed', 'duplicate', 'rejected'].includes(state);
      // The scheduler keeps up: open items' next escalation lies ahead (the sweep benchmark sets its own).
      const nextEscalation = open ? now + DAY + random.int(20 * DAY) : null;
      const customer = firstCustomer + Math.min(customerCount - 1, Math.floor(customerCount * random.next() ** 1.6));
      const symptoms = SYMPTOMS[type];
      batch.push({
        id,
        documentId: documentId(random),
        reference: `FB-${day}-${pad(seq, 4)}`,
        channel: pick.channel(),
        type,
        severity,
        state,
        batch: batchCode,
        symptom: symptoms[random.int(symptoms.length)],
        frequency: type === 'quality' ? ['every time', 'sometimes', 'once'][random.int(3)] : null,
        needsRnd: type === 'quality' && random.next() < 0.15,
        acknowledgeBy: created + (severity === 'urgent' ? 2 * 3600_000 : DAY),
        respondBy: created + (severity === 'urgent' ? 4 : 24) * 3600_000,
        resolveBy,
        callbackBy,
        acknowledgedAt: acknowledged,
        resolvedAt: resolved,
        closedAt: closed,
        rootCause: resolved && type === 'quality' ? ROOT_CAUSES[Math.min(ROOT_CAUSES.length - 1, Math.floor(ROOT_CAUSES.length * random.next() ** 2))] : null,
        resolutionSummary: resolved ? '已处理 handled' : null,
        satisfactionScore: state === 'closed' && random.next() < 0.7 ? pick.score() : null,
        reopenCount: resolved && random.next() < 0.05 ? 1 : 0,
        version: 1 + (state === 'received' ? 0 : 2 + random.int(6)),
        trackingTokenHash: hex64(random),
        nextEscalationAt: nextEscalation,
        createdAt: created,
        updatedAt: closed ?? resolved ?? acknowledged ?? created,
        customerId: customer,
        productId: refs.products[model],
        departmentId: routed ? refs.departments[routed] : null,
        assigneeId: assignee,
      });
      id += 1;
      if (batch.length >= batchSize) {
        yield { items: batch, sequences };
        batch = [];
      }
    }
  }
  if (batch.length) yield { items: batch, sequences };
}

const FEEDBACK_COLUMNS = [
  ['id', 'id'], ['document_id', 'documentId'], ['reference', 'reference'], ['channel', 'channel'], ['type', 'type'], ['severity', 'severity'], ['state', 'state'],
  ['batch', 'batch'], ['symptom', 'symptom'], ['frequency', 'frequency'], ['is_known_issue', () => false], ['needs_rnd', 'needsRnd'],
  ['acknowledge_by', 'acknowledgeBy', 'time'], ['respond_by', 'respondBy', 'time'], ['resolve_by', 'resolveBy', 'time'], ['callback_by', 'callbackBy', 'time'],
  ['acknowledged_at', 'acknowledgedAt', 'time'], ['resolved_at', 'resolvedAt', 'time'], ['closed_at', 'closedAt', 'time'], ['root_cause', 'rootCause'],
  ['resolution_summary', 'resolutionSummary'], ['satisfaction_score', 'satisfactionScore'], ['reopen_count', 'reopenCount'], ['version', 'version'],
  ['tracking_token_hash', 'trackingTokenHash'], ['next_escalation_at', 'nextEscalationAt', 'time'], ['created_at', 'createdAt', 'time'], ['updated_at', 'updatedAt', 'time'],
  ['published_at', 'createdAt', 'time'],
];
const LINKS = [
  { table: 'feedbacks_customer_lnk', columns: ['feedback_id', 'customer_id', 'feedback_ord'], row: (i) => [i.id, i.customerId, i.id] },
  { table: 'feedbacks_product_lnk', columns: ['feedback_id', 'product_id', 'feedback_ord'], row: (i) => (i.productId ? [i.id, i.productId, i.id] : null) },
  { table: 'feedbacks_department_lnk', columns: ['feedback_id', 'department_id'], row: (i) => (i.departmentId ? [i.id, i.departmentId] : null) },
  { table: 'feedbacks_assignee_lnk', columns: ['feedback_id', 'user_id'], row: (i) => (i.assigneeId ? [i.id, i.assigneeId] : null) },
];
const CUSTOMER_COLUMNS = ['document_id', 'name', 'phone', 'phone_normalized', 'email', 'email_normalized', 'segment', 'locale', 'contact_consent', 'created_at', 'updated_at', 'published_at'];

/** The generated customers' phone numbers, so the intake benchmark can reuse some of them. */
const customerPhone = (n) => `+86139${pad(n, 8)}`;
const customerRows = function* (count, now, random) {
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  for (let n = 0; n < count; n++) {
    const created = new Date(now - random.int(800) * DAY);
    const phone = customerPhone(n);
    const english = n % 7 === 0;
    yield [documentId(random), english ? `Customer ${n}` : `${surnames[n % 20]}${'伟芳娜敏静磊洋勇艳杰'[(n >> 3) % 10]}`, phone, phone, `c${n}@bench.example`, `c${n}@bench.example`, n % 50 === 0 ? 'key' : 'regular', english ? 'en' : 'zh-Hans', n % 3 === 0, created, created, created];
  }
};

// ---------- PostgreSQL ----------

const copyText = (value) => {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};
const pgTime = (ms) => (ms === null || ms === undefined ? null : new Date(ms));

/** One COPY of pre-rendered rows on one connection. */
const copyInto = async (client, table, columns, rows) => {
  const { from } = require('pg-copy-streams');
  const stream = client.query(from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const chunks = [];
  let chunk = '';
  for (const row of rows) {
    chunk += row.map(copyText).join('\t') + '\n';
    if (chunk.length > 1 << 20) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  await pipeline(Readable.from(chunks), stream);
};

/** User + system CPU seconds of a local process (a PostgreSQL backend on this machine), null when unreadable. */
const processCpuSeconds = (pid) => {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

const TABLES_WITH_DROPPED_INDEXES = ['feedbacks', 'feedbacks_customer_lnk', 'feedbacks_product_lnk', 'feedbacks_department_lnk', 'feedbacks_assignee_lnk', 'customers'];
const tick = () => new Promise((resolve) => setImmediate(resolve));

const loadPostgres = async ({ url, items, customers = 200_000, now = Date.now(), log = () => {} }) => {
  const { Client } = require('pg');
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  // One connection per table, so PostgreSQL ingests the feedback rows and their links in parallel
  // while this process generates the next batch.
  const main = await connect();
  const writers = [main, ...(await Promise.all(LINKS.map(connect)))];
  try {
    const random = createRandom(7);
    const idOf = async (sql) => Object.fromEntries((await main.query(sql)).rows.map((r) => [r.k, r.id]));
    const departments = await idOf('SELECT code AS k, id FROM departments');
    const products = await idOf('SELECT model_code AS k, id FROM products');
    const users = await idOf('SELECT email AS k, id FROM admin_users');
    const sequences = Object.fromEntries((await main.query("SELECT day, value FROM after_sales_sequences WHERE scope = 'FB'")).rows.map((r) => [r.day, Number(r.value)]));

    // Secondary indexes (not the ones behind constraints) are rebuilt after the load: much faster
    // than maintaining them row by row. The benchmark database is recreated on every run.
    const { rows: indexes } = await main.query(
      `SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [TABLES_WITH_DROPPED_INDEXES]
    );
    const started = Date.now();
    const cpuAtStart = process.cpuUsage();
    const backends = await Promise.all(writers.map(async (c) => Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid)));
    const backendCpuAtStart = backends.map(processCpuSeconds);
    for (const { indexname } of indexes) await main.query(`DROP INDEX "${indexname}"`);
    for (const client of writers) {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
    }

    const firstCustomer = Number((await main.query('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM customers')).rows[0].n);
    await main.query(`SELECT setval('customers_id_seq', $1)`, [firstCustomer + customers]);
    const customerBatch = [];
    let n = 0;
    for (const row of customerRows(customers, now, random)) customerBatch.push([firstCustomer + n++, ...row]);
    await copyInto(main, 'customers', ['id', ...CUSTOMER_COLUMNS], customerBatch);
    log(`customers: ${customers} in ${Date.now() - started} ms`);

    const firstId = Number((await main.query('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM feedbacks')).rows[0].n);
    const refs = { departments, products, users, customers: [firstCustomer, customers], firstId, sequences };
    let written = 0;
    let lastSequences;
    const linkIds = {};
    for (const link of LINKS) linkIds[link.table] = Number((await main.query(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM ${link.table}`)).rows[0].n);
    let inFlight = Promise.resolve();
    const generator = generateItems({ total: items, now, refs, batchSize: 5_000 });
    let pending = [];
    const flush = async (batch) => {
      const feedbackRows = batch.map((item) => FEEDBACK_COLUMNS.map(([, key, kind]) => {
        const value = typeof key === 'function' ? key(item) : item[key];
        return kind === 'time' ? pgTime(value) : value;
      }));
      const linkRows = LINKS.map((link) => {
        const rows = [];
        for (const item of batch) {
          const row = link.row(item);
          if (row) rows.push([linkIds[link.table]++, ...row]);
        }
        return rows;
      });
      await inFlight;
      inFlight = Promise.all([
        copyInto(main, 'feedbacks', FEEDBACK_COLUMNS.map(([c]) => c), feedbackRows),
        ...LINKS.map((link, i) => copyInto(writers[i + 1], link.table, ['id', ...link.columns], linkRows[i])),
      ]);
    };
    for (const { items: part, sequences: seq } of generator) {
      pending.push(...part);
      lastSequences = seq;
      written += part.length;
      if (pending.length >= 25_000) {
        await flush(pending);
        pending = [];
        if (written % 200_000 < 25_000) log(`feedback: ${written} in ${Date.now() - started} ms`);
      }
      await tick();
    }
    if (pending.length) await flush(pending);
    await inFlight;
    await main.query(`SELECT setval('feedbacks_id_seq', $1)`, [firstId + written]);
    for (const link of LINKS) await main.query(`SELECT setval('${link.table}_id_seq', $1)`, [linkIds[link.table]]);
    await main.query(
      `INSERT INTO after_sales_sequences (scope, day, value) SELECT 'FB', d, v FROM unnest($1::text[], $2::int[]) AS s(d, v)
       ON CONFLICT (scope, day) DO UPDATE SET value = EXCLUDED.value`,
      [[...lastSequences.keys()], [...lastSequences.values()]]
    );
    for (const client of writers) await client.query('COMMIT');
    const loaded = Date.now() - started;
    log(`rows written in ${loaded} ms; rebuilding ${indexes.length} indexes`);
    // Two connections rebuild the indexes: the feedback table's on one, the others on the other.
    const [own, others] = [indexes.filter((i) => i.tablename === 'feedbacks'), indexes.filter((i) => i.tablename !== 'feedbacks')];
    await Promise.all([
      (async () => { for (const { indexdef } of own) await main.query(indexdef); })(),
      (async () => { for (const { indexdef } of others) await writers[1].query(indexdef); })(),
    ]);
    const indexed = Date.now() - started;
    await main.query('ANALYZE');
    const cpu = process.cpuUsage(cpuAtStart);
    const backendCpu = backends.map(processCpuSeconds).reduce((sum, seconds, i) => sum + (seconds === null || backendCpuAtStart[i] === null ? 0 : seconds - backendCpuAtStart[i]), 0);
    return {
      items: written,
      customers,
      ms: Date.now() - started,
      rowsMs: loaded,
      indexesMs: indexed - loaded,
      analyzeMs: Date.now() - started - indexed,
      // CPU actually consumed: what the load would take on an idle machine, however busy this one is.
      cpuSeconds: { generator: Math.round((cpu.user + cpu.system) / 1e5) / 10, postgresBackends: Math.round(backendCpu * 10) / 10 },
    };
  } catch (error) {
    for (const client of writers) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    for (const client of writers) await client.end().catch(() => {});
  }
};

// ---------- SQLite ----------

const loadSqlite = async ({ filename, items, customers = 200_000, now = Date.now(), log = () => {} }) => {
  const Database = require('better-sqlite3');
  const db = new Database(filename);
  db.pragma('busy_timeout = 60000');
  const started = Date.now();
  try {
    const random = createRandom(7);
    const idOf = (sql) => Object.fromEntries(db.prepare(sql).all().map((r) => [r.k, r.id]));
    const departments = idOf('SELECT code AS k, id FROM departments');
    const products = idOf('SELECT model_code AS k, id FROM products');
    const users = idOf('SELECT email AS k, id FROM admin_users');
    const sequences = Object.fromEntries(db.prepare("SELECT day, value FROM after_sales_sequences WHERE scope = 'FB'").all().map((r) => [r.day, Number(r.value)]));
    const value = (v) => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    const insertMany = (table, columns, perStatement = Math.floor(999 / columns.length)) => {
      const statement = (n) => db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(`(${columns.map(() => '?').join(', ')})`).join(', ')}`);
      const full = statement(perStatement);
      return (rows) => {
        for (let i = 0; i < rows.length; i += perStatement) {
          const slice = rows.slice(i, i + perStatement);
          (slice.length === perStatement ? full : statement(slice.length)).run(slice.flat().map(value));
        }
      };
    };
    const load = db.transaction(() => {
      const firstCustomer = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM customers').get().n;
      const rows = [];
      let n = 0;
      for (const row of customerRows(customers, now, random)) rows.push([firstCustomer + n++, ...row]);
      insertMany('customers', ['id', ...CUSTOMER_COLUMNS])(rows);
      const firstId = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM feedbacks').get().n;
      const refs = { departments, products, users, customers: [firstCustomer, customers], firstId, sequences };
      const writeFeedback = insertMany('feedbacks', FEEDBACK_COLUMNS.map(([c]) => c));
      const writeLinks = LINKS.map((link) => ({ link, write: insertMany(link.table, link.columns) }));
      let written = 0;
      let lastSequences;
      for (const { items: batch, sequences: seq } of generateItems({ total: items, now, refs })) {
        writeFeedback(batch.map((item) => FEEDBACK_COLUMNS.map(([, key]) => (typeof key === 'function' ? key(item) : item[key]))));
        for (const { link, write } of writeLinks) write(batch.map(link.row).filter(Boolean));
        written += batch.length;
        lastSequences = seq;
        if (written % 200_000 < batch.length) log(`feedback: ${written} in ${Date.now() - started} ms`);
      }
      const upsert = db.prepare("INSERT INTO after_sales_sequences (scope, day, value) VALUES ('FB', ?, ?) ON CONFLICT (scope, day) DO UPDATE SET value = excluded.value");
      for (const [day, v] of lastSequences) upsert.run(day, v);
      return written;
    });
    const written = load();
    db.exec('ANALYZE');
    return { items: written, customers, ms: Date.now() - started };
  } finally {
    db.close();
  }
};

module.exports = { generateItems, loadPostgres, loadSqlite, customerPhone, createRandom, dayKeyOf };
