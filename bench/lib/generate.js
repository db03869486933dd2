'use strict';
/**
 * Data generator: N feedback items (default 1,000,000) over the last 24 months on top of the demo
 * organisation, with a realistic spread of months (growth and a seasonal peak), states (old items
 * mostly closed, recent ones spread over the open states), channels, types, severities, products
 * and batches (a few models and batches dominate), departments and assignees (routed by type),
 * and customers (a long tail: 200,000 customers, some with many items).
 *
 * PostgreSQL: the database generates the rows itself (INSERT … SELECT … FROM generate_series, every
 * value a function of the row number through a seeded hash, see below), on two connections, with
 * the secondary indexes dropped during the load and rebuilt afterwards, and foreign-key triggers
 * skipped (session_replication_role = replica: the generator writes consistent ids itself).
 * SQLite: the rows are generated in Node (generateItems, the same weights, a seeded PRNG) and
 * written with prepared multi-row inserts in one transaction; slower, and not the same items.
 * The schema must exist: boot the app once first (bench/run.js does).
 */

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

const CHANNELS = [
  ['hotline', 30],
  ['website', 20],
  ['in-app', 15],
  ['email', 12],
  ['chat', 10],
  ['social', 5],
  ['service-point', 5],
  ['field', 3],
];
const TYPES = [
  ['quality', 45],
  ['usage-question', 25],
  ['suggestion', 12],
  ['service-complaint', 12],
  ['praise', 6],
];
const SEVERITIES = {
  quality: [
    ['urgent', 6],
    ['important', 30],
    ['general', 64],
  ],
  'usage-question': [
    ['general', 85],
    ['important', 10],
    ['urgent', 5],
  ],
  suggestion: [['suggestion', 100]],
  'service-complaint': [
    ['important', 45],
    ['general', 50],
    ['urgent', 5],
  ],
  praise: [['general', 100]],
};
const ROUTING = {
  quality: [
    ['technical', 60],
    ['quality', 30],
    ['after-sales', 10],
  ],
  'usage-question': [['after-sales', 100]],
  suggestion: [
    ['product', 80],
    ['technical', 20],
  ],
  'service-complaint': [
    ['after-sales', 80],
    ['sales', 20],
  ],
  praise: [['after-sales', 100]],
};
const ASSIGNEES = {
  'after-sales': ['agent@demo.local', 'agent@demo.local', 'manager@demo.local'],
  technical: ['engineer@demo.local'],
  quality: ['quality@demo.local'],
  sales: ['sales@demo.local'],
  product: [],
};
const PRODUCTS = [
  ['AP-200', 22],
  ['RC-5', 16],
  ['WH-60', 14],
  ['AP-350', 10],
  ['WP-10', 9],
  ['RC-7', 8],
  ['APP', 8],
  ['DH-20', 6],
  ['HUB-2', 4],
  ['SC-1', 3],
];
const OPEN_STATES = [
  ['received', 18],
  ['acknowledged', 16],
  ['triaged', 14],
  ['in-progress', 22],
  ['waiting', 8],
  ['resolved', 10],
  ['callback', 12],
];
const OLD_STATES = [
  ['closed', 86],
  ['duplicate', 5],
  ['rejected', 4],
  ['callback', 2],
  ['resolved', 1],
  ['in-progress', 1],
  ['waiting', 1],
];
const SCORES = [
  [5, 50],
  [4, 30],
  [3, 10],
  [2, 6],
  [1, 4],
];
const ROOT_CAUSES = [
  '电机轴承磨损 motor bearing wear',
  '滤网未按期更换 filter not replaced',
  '固件 v2.3 Wi-Fi 重连缺陷 firmware reconnect bug',
  '温控器批次不良 thermostat batch defect',
  '安装不规范 improper installation',
  '运输损坏 transport damage',
  '用户操作不当 misuse',
  '密封圈老化 seal ageing',
  '传感器漂移 sensor drift',
  'App 登录令牌过期 token expiry',
];
const SYMPTOMS = {
  quality: [
    '三档运行时有明显嗡嗡声',
    '开机后几分钟自动断电',
    '出水温度忽高忽低',
    '滤芯指示灯一直闪烁',
    'The unit makes a grinding noise on high speed',
    'Water leaks from the bottom after a few hours',
    '充电座无法识别机器',
    '显示屏花屏',
  ],
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
  for (let i = 0; i < 8; i++) s += ((random.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
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
    const times = Array.from({ length: counts[d] }, () => start + d * DAY + Math.floor(random.next() * DAY))
      .filter((t) => t < now)
      .sort((a, b) => a - b);
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
      // The draw that once set feedbacks.next_escalation_at (dropped): kept, so the seeded data stay the same.
      if (open) random.int(20 * DAY);
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
  ['id', 'id'],
  ['document_id', 'documentId'],
  ['reference', 'reference'],
  ['channel', 'channel'],
  ['type', 'type'],
  ['severity', 'severity'],
  ['state', 'state'],
  ['batch', 'batch'],
  ['symptom', 'symptom'],
  ['frequency', 'frequency'],
  ['is_known_issue', () => false],
  ['needs_rnd', 'needsRnd'],
  ['acknowledge_by', 'acknowledgeBy', 'time'],
  ['respond_by', 'respondBy', 'time'],
  ['resolve_by', 'resolveBy', 'time'],
  ['callback_by', 'callbackBy', 'time'],
  ['acknowledged_at', 'acknowledgedAt', 'time'],
  ['resolved_at', 'resolvedAt', 'time'],
  ['closed_at', 'closedAt', 'time'],
  ['root_cause', 'rootCause'],
  ['resolution_summary', 'resolutionSummary'],
  ['satisfaction_score', 'satisfactionScore'],
  ['reopen_count', 'reopenCount'],
  ['version', 'version'],
  ['tracking_token_hash', 'trackingTokenHash'],
  ['created_at', 'createdAt', 'time'],
  ['updated_at', 'updatedAt', 'time'],
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
    yield [
      documentId(random),
      english ? `Customer ${n}` : `${surnames[n % 20]}${'伟芳娜敏静磊洋勇艳杰'[(n >> 3) % 10]}`,
      phone,
      phone,
      `c${n}@bench.example`,
      `c${n}@bench.example`,
      n % 50 === 0 ? 'key' : 'regular',
      english ? 'en' : 'zh-Hans',
      n % 3 === 0,
      created,
      created,
      created,
    ];
  }
};

// ---------- PostgreSQL: generated by PostgreSQL itself ----------
//
// Every value of item n is a function of n: a uniform number per attribute from hashing n
// (hashint8extended, seeded per attribute), turned into a weighted pick by cumulative thresholds
// (the same weight tables as above). So the database generates the rows itself with
// INSERT … SELECT … FROM generate_series: no row crosses the socket, nothing is encoded or parsed,
// and the same n gives the same item on every run.

const SEED = 20261130;
const ATTRIBUTES = [
  'time',
  'type',
  'severity',
  'channel',
  'product',
  'state',
  'route0',
  'route',
  'assignee',
  'batch',
  'acknowledged',
  'resolved',
  'closed',
  'escalation',
  'customer',
  'symptom',
  'frequency',
  'rnd',
  'rootCause',
  'rated',
  'score',
  'reopen',
  'version',
];
/** The uniform number in [0, 1) of attribute `name` for row number `n` (an SQL expression). */
const hashU = (name, n) => {
  const k = ATTRIBUTES.indexOf(name);
  if (k < 0) throw new Error(`unknown attribute ${name}`);
  return `((hashint8extended(${n}, ${SEED + k}) & 4294967295)::float8 / 4294967296.0)`;
};
/** The same, computed once per row in the innermost stage and carried as column u_<name>. */
const u = (name, alias) => {
  if (!ATTRIBUTES.includes(name)) throw new Error(`unknown attribute ${name}`);
  return `${alias}.u_${name.toLowerCase()}`;
};
const literal = (value) => (value === null || value === undefined ? 'NULL' : typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`);
/** CASE expression picking a value by weight from a uniform number in [0, 1). */
const pickSql = (entries, uniform) => {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  const whens = entries.slice(0, -1).map(([value, w]) => `WHEN ${uniform} < ${(acc += w) / total} THEN ${literal(value)}`);
  if (!whens.length) return literal(entries[0][0]);
  return `CASE ${whens.join(' ')} ELSE ${literal(entries[entries.length - 1][0])} END`;
};
/** CASE over a key column, one branch per key. */
const bySql = (column, branches, otherwise = 'NULL') =>
  `CASE ${column} ${Object.entries(branches)
    .map(([key, sql]) => `WHEN ${literal(key)} THEN ${sql}`)
    .join(' ')} ELSE ${otherwise} END`;
const arrayPick = (values, uniform) => `(ARRAY[${values.map(literal).join(', ')}])[1 + floor(${uniform} * ${values.length})::int]`;
const ts = (ms) => `(timestamp '1970-01-01 00:00:00' + (${ms}) * interval '1 millisecond')`;

/**
 * The days of the period in Asia/Shanghai (reference days are local days), each with its item
 * count (+60 % growth over the period, a July peak, quieter weekends, some day-to-day jitter), the
 * first row number of the day and the day's reference counter before the load. The last day ends
 * now, with its share of the volume. Item k of a day is created at (k − 1 + jitter) / count of the
 * day's span, so creation order is id order and references count up through each day.
 */
const localDays = ({ total, now, months, random, sequences }) => {
  const days = Math.round(months * 30.44);
  const today = Math.floor((now + TIME_ZONE_OFFSET) / DAY) * DAY - TIME_ZONE_OFFSET;
  const rows = [];
  for (let d = days - 1; d >= 0; d--) {
    const start = today - d * DAY;
    const span = Math.min(DAY, now - start);
    const local = new Date(start + TIME_ZONE_OFFSET);
    const growth = 1 + (0.6 * (days - 1 - d)) / days;
    const season = 1 + 0.35 * Math.cos(((local.getUTCMonth() - 6) / 12) * 2 * Math.PI); // peak in July
    const weekday = [0, 6].includes(local.getUTCDay()) ? 0.55 : 1;
    rows.push({ start, span, weight: growth * season * weekday * (0.85 + 0.3 * random.next()) * (span / DAY) });
  }
  const sum = rows.reduce((a, r) => a + r.weight, 0);
  for (const r of rows) r.count = Math.floor((r.weight / sum) * total);
  let missing = total - rows.reduce((a, r) => a + r.count, 0);
  for (let d = rows.length - 1; missing > 0; d = d > 0 ? d - 1 : rows.length - 1, missing--) rows[d].count += 1;
  let first = 1;
  return rows
    .filter((r) => r.count > 0)
    .map((r) => {
      const key = dayKeyOf(r.start);
      const row = { ...r, first, key, seq0: Number(sequences[key] ?? 0) };
      first += r.count;
      return row;
    });
};

/**
 * SELECT producing every generated item: n, id, its columns and its links' ids. Parameters: $1–$6
 * the days (first row number, start, span in ms, count, reference counter before, day key).
 */
const generatedItemsSql = ({ now, firstId, refs }) => {
  const userIds = (staff) => staff.map((email) => refs.users[email]).filter((id) => id !== undefined && id !== null);
  const time = (column) => ts(column);
  const severityOf = bySql('s.type', Object.fromEntries(Object.entries(SEVERITIES).map(([type, entries]) => [type, pickSql(entries, u('severity', 's'))])));
  const routeOf = bySql('s.type', Object.fromEntries(Object.entries(ROUTING).map(([type, entries]) => [type, pickSql(entries, u('route', 's'))])));
  const assigneeOf = bySql(
    't.routed',
    Object.fromEntries(
      Object.entries(ASSIGNEES)
        .filter(([, staff]) => userIds(staff).length)
        .map(([code, staff]) => [code, arrayPick(userIds(staff), u('assignee', 't'))])
    )
  );
  const symptomOf = bySql('s.type', Object.fromEntries(Object.entries(SYMPTOMS).map(([type, list]) => [type, arrayPick(list, u('symptom', 's'))])));
  const resolveDays = bySql('t.severity', { urgent: '1.4', important: '4.2', general: '7', suggestion: '28' }, '7');
  return `
SELECT v.*, ${firstId} - 1 + v.n AS id,
       ${bySql('v.model', Object.fromEntries(Object.entries(refs.products)))} AS product_id,
       ${bySql('v.routed', Object.fromEntries(Object.entries(refs.departments)))} AS department_id
FROM (
  SELECT w.*,
         CASE WHEN w.state IN ('closed', 'duplicate', 'rejected') THEN COALESCE(w.resolved, w.created + ${DAY}) + floor(${u('closed', 'w')} * 4 * ${DAY}) END AS closed
  FROM (
    SELECT t.*,
           CASE WHEN t.state IN ('resolved', 'callback', 'closed') THEN t.created + floor((0.3 + ${u('resolved', 't')} * 1.2) * ${resolveDays} * ${DAY}) END AS resolved,
           ${resolveDays} AS resolve_days,
           CASE WHEN t.routed IS NOT NULL AND t.state <> 'received' THEN ${assigneeOf} END AS assignee_id
    FROM (
      SELECT s.*,
             ${severityOf} AS severity,
             CASE WHEN s.state = 'received' AND ${u('route0', 's')} < 0.5 THEN NULL ELSE ${routeOf} END AS routed,
             CASE WHEN s.model = 'APP' THEN NULL ELSE 'B' || to_char(${time(`s.created + ${TIME_ZONE_OFFSET} - (30 + floor(${u('batch', 's')} * 300)) * ${DAY}`)}, 'YYMM') END AS batch,
             CASE WHEN s.state <> 'received' THEN s.created + floor(${u('acknowledged', 's')} * 0.8 * ${DAY}) END AS acknowledged,
             ${symptomOf} AS symptom
      FROM (
        SELECT c.*,
               ${pickSql(TYPES, u('type', 'c'))} AS type,
               ${pickSql(PRODUCTS, u('product', 'c'))} AS model,
               CASE WHEN c.age_days > 45 THEN ${pickSql(OLD_STATES, u('state', 'c'))}
                    WHEN c.age_days < 1 THEN 'received'
                    ELSE ${pickSql(OPEN_STATES, u('state', 'c'))} END AS state
        FROM (
          SELECT g.n, g.day_key, g.seq, g.created, (${now} - g.created) / ${DAY}.0 AS age_days,
                 ${ATTRIBUTES.filter((a) => a !== 'time')
                   .map((a) => `${hashU(a, 'g.n')} AS u_${a.toLowerCase()}`)
                   .join(', ')}
          FROM (
            SELECT d.first_n + k - 1 AS n, d.day_key, d.seq0 + k AS seq,
                   d.start_ms + floor((k - 1 + ${hashU('time', 'd.first_n + k - 1')}) * d.span_ms / d.cnt) AS created
            FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::int[], $5::int[], $6::text[]) AS d(first_n, start_ms, span_ms, cnt, seq0, day_key)
            CROSS JOIN LATERAL generate_series(1, d.cnt) AS k
          ) g OFFSET 0
        ) c OFFSET 0
      ) s OFFSET 0
    ) t OFFSET 0
  ) w OFFSET 0
) v`;
};

/** INSERT … SELECT of the feedback rows (the links are inserted by their own statements). */
const feedbackInsertSql = ({ now, firstId, refs }) => `
INSERT INTO feedbacks (id, document_id, reference, channel, type, severity, state, batch, symptom, frequency, is_known_issue, needs_rnd,
  acknowledge_by, respond_by, resolve_by, callback_by, acknowledged_at, resolved_at, closed_at, root_cause, resolution_summary,
  satisfaction_score, reopen_count, version, tracking_token_hash, created_at, updated_at, published_at)
SELECT x.id, substr(md5('feedback-' || x.n), 1, 24), 'FB-' || x.day_key || '-' || lpad(x.seq::text, 4, '0'),
  ${pickSql(CHANNELS, u('channel', 'x'))}, x.type, x.severity, x.state, x.batch, x.symptom,
  CASE WHEN x.type = 'quality' THEN ${arrayPick(['every time', 'sometimes', 'once'], u('frequency', 'x'))} END,
  false, x.type = 'quality' AND ${u('rnd', 'x')} < 0.15,
  ${ts(`x.created + CASE WHEN x.severity = 'urgent' THEN ${2 * 3600_000} ELSE ${DAY} END`)},
  ${ts(`x.created + CASE WHEN x.severity = 'urgent' THEN ${4 * 3600_000} ELSE ${24 * 3600_000} END`)},
  ${ts(`x.created + x.resolve_days * ${DAY}`)},
  ${ts(`x.resolved + 4.2 * ${DAY}`)},
  ${ts('x.acknowledged')}, ${ts('x.resolved')}, ${ts('x.closed')},
  CASE WHEN x.resolved IS NOT NULL AND x.type = 'quality' THEN (ARRAY[${ROOT_CAUSES.map(literal).join(', ')}])[1 + LEAST(${ROOT_CAUSES.length - 1}, floor(${ROOT_CAUSES.length} * power(${u('rootCause', 'x')}, 2)))::int] END,
  CASE WHEN x.resolved IS NOT NULL THEN '已处理 handled' END,
  CASE WHEN x.state = 'closed' AND ${u('rated', 'x')} < 0.7 THEN ${pickSql(SCORES, u('score', 'x'))} END,
  CASE WHEN x.resolved IS NOT NULL AND ${u('reopen', 'x')} < 0.05 THEN 1 ELSE 0 END,
  CASE WHEN x.state = 'received' THEN 1 ELSE 3 + floor(${u('version', 'x')} * 6)::int END,
  md5('token-a-' || x.n) || md5('token-b-' || x.n),
  ${ts('x.created')}, ${ts('COALESCE(x.closed, x.resolved, x.acknowledged, x.created)')}, ${ts('x.created')}
FROM (${generatedItemsSql({ now, firstId, refs })}) x`;

/** The links of the generated items, each from the same SELECT (only the columns it needs are computed). */
const linkInserts = ({ now, firstId, refs, linkIds }) => {
  const from = `FROM (${generatedItemsSql({ now, firstId, refs })}) x`;
  const [firstCustomer, customerCount] = refs.customers;
  return [
    {
      table: 'feedbacks_customer_lnk',
      sql: `INSERT INTO feedbacks_customer_lnk (id, feedback_id, customer_id, feedback_ord) SELECT ${linkIds.feedbacks_customer_lnk} - 1 + x.n, x.id, ${firstCustomer} + LEAST(${customerCount - 1}, floor(${customerCount} * power(${u('customer', 'x')}, 1.6))::int), x.id ${from}`,
    },
    {
      table: 'feedbacks_product_lnk',
      sql: `INSERT INTO feedbacks_product_lnk (id, feedback_id, product_id, feedback_ord) SELECT ${linkIds.feedbacks_product_lnk} - 1 + x.n, x.id, x.product_id, x.id ${from} WHERE x.product_id IS NOT NULL`,
    },
    {
      table: 'feedbacks_department_lnk',
      sql: `INSERT INTO feedbacks_department_lnk (id, feedback_id, department_id) SELECT ${linkIds.feedbacks_department_lnk} - 1 + x.n, x.id, x.department_id ${from} WHERE x.department_id IS NOT NULL`,
    },
    {
      table: 'feedbacks_assignee_lnk',
      sql: `INSERT INTO feedbacks_assignee_lnk (id, feedback_id, user_id) SELECT ${linkIds.feedbacks_assignee_lnk} - 1 + x.n, x.id, x.assignee_id ${from} WHERE x.assignee_id IS NOT NULL`,
    },
  ];
};

const customersInsertSql = ({ firstCustomer, count, now }) => {
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  const given = '伟芳娜敏静磊洋勇艳杰';
  const created = ts(`${now} - floor(${hashU('time', 'c.n + 100000000')} * 800) * ${DAY}`);
  return `
INSERT INTO customers (id, ${CUSTOMER_COLUMNS.join(', ')})
SELECT ${firstCustomer} + c.n, substr(md5('customer-' || c.n), 1, 24),
  CASE WHEN c.n % 7 = 0 THEN 'Customer ' || c.n ELSE substr('${surnames}', (c.n % 20)::int + 1, 1) || substr('${given}', ((c.n >> 3) % 10)::int + 1, 1) END,
  '+86139' || lpad(c.n::text, 8, '0'), '+86139' || lpad(c.n::text, 8, '0'), 'c' || c.n || '@bench.example', 'c' || c.n || '@bench.example',
  CASE WHEN c.n % 50 = 0 THEN 'key' ELSE 'regular' END, CASE WHEN c.n % 7 = 0 THEN 'en' ELSE 'zh-Hans' END, c.n % 3 = 0,
  ${created}, ${created}, ${created}
FROM generate_series(0::bigint, ${count - 1}) AS c(n)`;
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

const loadPostgres = async ({ url, items, customers = 200_000, now = Date.now(), log = () => {} }) => {
  const { Client } = require('pg');
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  // Two connections (the machine has two cores): the feedback rows on one, the customers and the
  // four link tables on the other; then the indexes, split the same way.
  const [main, second] = await Promise.all([connect(), connect()]);
  const writers = [main, second];
  try {
    const idOf = async (sql) => Object.fromEntries((await main.query(sql)).rows.map((r) => [r.k, Number(r.id)]));
    const departments = await idOf('SELECT code AS k, id FROM departments');
    const products = await idOf('SELECT model_code AS k, id FROM products');
    const users = await idOf('SELECT email AS k, id FROM admin_users');
    const sequences = Object.fromEntries((await main.query("SELECT day, value FROM after_sales_sequences WHERE scope = 'FB'")).rows.map((r) => [r.day, Number(r.value)]));
    const next = async (table) => Number((await main.query(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM ${table}`)).rows[0].n);
    const firstCustomer = await next('customers');
    const firstId = await next('feedbacks');
    const linkIds = {};
    for (const { table } of LINKS) linkIds[table] = await next(table);
    const refs = { departments, products, users, customers: [firstCustomer, customers] };
    const days = localDays({ total: items, now, months: 24, random: createRandom(20261129), sequences });

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
      // Foreign-key triggers off: the generator writes consistent ids itself.
      await client.query('SET LOCAL session_replication_role = replica');
    }
    const dayParams = [days.map((d) => d.first), days.map((d) => d.start), days.map((d) => d.span), days.map((d) => d.count), days.map((d) => d.seq0), days.map((d) => d.key)];
    const timed = async (client, label, sql, params) => {
      const t = Date.now();
      const result = await client.query(sql, params);
      log(`${label}: ${result.rowCount} rows in ${Date.now() - t} ms`);
      return result.rowCount;
    };
    const [written] = await Promise.all([
      timed(main, 'feedbacks', feedbackInsertSql({ now, firstId, refs }), dayParams),
      (async () => {
        await timed(second, 'customers', customersInsertSql({ firstCustomer, count: customers, now }));
        for (const { table, sql } of linkInserts({ now, firstId, refs, linkIds })) await timed(second, table, sql, dayParams);
      })(),
    ]);
    await main.query(`SELECT setval('feedbacks_id_seq', $1)`, [firstId + written]);
    await main.query(`SELECT setval('customers_id_seq', $1)`, [firstCustomer + customers]);
    await main.query(
      `INSERT INTO after_sales_sequences (scope, day, value) SELECT 'FB', d, v FROM unnest($1::text[], $2::int[]) AS s(d, v)
       ON CONFLICT (scope, day) DO UPDATE SET value = EXCLUDED.value`,
      [days.map((d) => d.key), days.map((d) => d.seq0 + d.count)]
    );
    for (const client of writers) await client.query('COMMIT');
    // After the commit: the link rows were written on the other connection.
    for (const { table } of LINKS) await main.query(`SELECT setval('${table}_id_seq', (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}))`);
    const loaded = Date.now() - started;
    log(`rows written in ${loaded} ms; rebuilding ${indexes.length} indexes`);
    // Two connections rebuild the indexes, the biggest first, each taking the next one left.
    const queue = [...indexes].sort((a, b) => Number(b.tablename === 'feedbacks') - Number(a.tablename === 'feedbacks'));
    await Promise.all(
      writers.map(async (client) => {
        await client.query(`SET maintenance_work_mem = '256MB'`);
        await client.query('SET max_parallel_maintenance_workers = 0');
        for (let index = queue.shift(); index; index = queue.shift()) await client.query(index.indexdef);
      })
    );
    // The kept set of unassigned items (migration 0790) is read again: the load ran with triggers off.
    if ((await main.query(`SELECT to_regclass('after_sales_unassigned_tables') AS t`)).rows[0].t) {
      const t = Date.now();
      const kept = await main.query(`SELECT item_table, after_sales_unassigned_refresh(item_table) AS n FROM after_sales_unassigned_tables WHERE item_table = 'feedbacks'`);
      // Vacuumed as the tables below are (the view's read is index-only once the visibility map is set).
      await main.query('VACUUM (ANALYZE) after_sales_unassigned_items');
      log(`unassigned items kept: ${kept.rows.map((r) => `${r.item_table} ${r.n}`).join(', ') || 'none'} in ${Date.now() - t} ms`);
    }
    // So are the feedback facts the monthly figures read (migration 0800).
    if ((await main.query(`SELECT to_regclass('after_sales_feedback_facts') AS t`)).rows[0].t) {
      const t = Date.now();
      const facts = await main.query('SELECT after_sales_feedback_facts_refresh() AS n');
      await main.query('VACUUM (ANALYZE) after_sales_feedback_facts');
      log(`feedback facts: ${facts.rows[0].n} rows in ${Date.now() - t} ms`);
    }
    const indexed = Date.now() - started;
    // VACUUM as well as ANALYZE: a production server's autovacuum would have set the visibility map of freshly loaded
    // tables within minutes, and without it no index-only scan is possible (the dashboard's counts read only indexes).
    // This machine's PostgreSQL runs with autovacuum off, so the bench does it once after the load.
    await Promise.all([main.query(`VACUUM (ANALYZE) feedbacks`), second.query(`VACUUM (ANALYZE) customers, ${LINKS.map((l) => l.table).join(', ')}`)]);
    // And the small tables autovacuum would have analysed too (complaints, departments, admin users, …): never analysed,
    // PostgreSQL takes them for thousands of rows, and the Content Manager's permission query on 10 complaints was planned
    // at a cost of 2 million and compiled by JIT (0.6 s; 0.3 ms once analysed; bench/README.md, "Queue views at a million").
    const neverAnalysed = await main.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.reltuples < 0`);
    for (const { relname } of neverAnalysed.rows) await main.query(`ANALYZE ${main.escapeIdentifier(relname)}`);
    const cpu = process.cpuUsage(cpuAtStart);
    const backendCpu = backends.map(processCpuSeconds).reduce((sum, seconds, i) => sum + (seconds === null || backendCpuAtStart[i] === null ? 0 : seconds - backendCpuAtStart[i]), 0);
    return {
      method: 'INSERT … SELECT … FROM generate_series in PostgreSQL',
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
    const idOf = (sql) =>
      Object.fromEntries(
        db
          .prepare(sql)
          .all()
          .map((r) => [r.k, r.id])
      );
    const departments = idOf('SELECT code AS k, id FROM departments');
    const products = idOf('SELECT model_code AS k, id FROM products');
    const users = idOf('SELECT email AS k, id FROM admin_users');
    const sequences = Object.fromEntries(
      db
        .prepare("SELECT day, value FROM after_sales_sequences WHERE scope = 'FB'")
        .all()
        .map((r) => [r.day, Number(r.value)])
    );
    const value = (v) => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    const insertMany = (table, columns, perStatement = Math.floor(999 / columns.length)) => {
      const statement = (n) =>
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n)
            .fill(`(${columns.map(() => '?').join(', ')})`)
            .join(', ')}`
        );
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
      const writeFeedback = insertMany(
        'feedbacks',
        FEEDBACK_COLUMNS.map(([c]) => c)
      );
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

module.exports = { localDays, generatedItemsSql, feedbackInsertSql, customersInsertSql, linkInserts, generateItems, loadPostgres, loadSqlite, customerPhone, createRandom, dayKeyOf };
