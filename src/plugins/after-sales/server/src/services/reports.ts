import type { Core } from '@strapi/strapi';
import { dbTime } from '../utils/db-time';
import { contentTable } from '../utils/content-table';
import type { Knex } from 'knex';
import { monthRange, type MonthRange } from '../domain/reports/month-range';
import { HttpError, invalidInput } from '../utils/http-errors';
import { getService } from '../utils/get-service';
import { businessDayMs } from '../domain/sla/business-time';
import type { ItemKind } from '../domain/item-kinds/item-kind';
import { serviceNetworkFigures, type IssueTally, type OfficeRef, type OfficeTally } from '../domain/reports/regions';
import { CONTENT_TYPES, OFFICE_FIELD, TABLES } from '../constants';
import { keptFigures } from '../utils/kept-figures';
import type { Served } from '../utils/stale-while-revalidate';

/**
 * Rows of the report queries as raw knex returns them: COUNT and SUM come back as numbers on SQLite and as text on
 * PostgreSQL (bigint, numeric), so each is read through Number().
 */
type Tally = number | string;
interface KeyCountRow {
  key: string | null;
  count: Tally;
}
interface ClockFiguresRow {
  clock: string;
  total: Tally;
  met: Tally | null;
  overdue_open: Tally | null;
  measured: Tally;
  measure: string | null;
  median: Tally | null;
  p90: Tally | null;
}
interface DepartmentCountRow {
  department: string;
  count: Tally;
}
interface FrequentIssueRow {
  productModel: string;
  batch: string | null;
  key: string;
  count: Tally;
  refs?: string | null;
}
interface OfficeTallyRow {
  office: string | null;
  items?: Tally;
  returns?: Tally | null;
  total?: Tally;
  met?: Tally | null;
  responses?: Tally;
  points?: Tally | null;
}
interface OfficeIssueRow {
  office: string | null;
  productModel: string;
  type: string;
  count: Tally;
}
/** A row of `after_sales_report_snapshots` without its figures. */
interface SnapshotListRow {
  id: number | string;
  month: string;
  scope: string;
  generated_at: string;
  generated_by_name: string | null;
}

export interface ReportScope {
  month: string;
  product?: string;
  department?: string;
  /** A region of the service network (the offices' `region`), or one office by code. */
  region?: string;
  office?: string;
}

export type { Count, HighFrequencyIssue, MonthlyReport, ReportSectionTable, SlaClockFigures, SlaFigures, Snapshot } from '../../../shared/reports';
import type { Count, HighFrequencyIssue, MonthlyReport, ReportSectionTable, SlaClockFigures, SlaFigures, Snapshot } from '../../../shared/reports';

/** Identifies a high-frequency issue across reports: one improvement record per issue. */
export const improvementIssueKey = (month: string, issue: Pick<HighFrequencyIssue, 'productModel' | 'batch' | 'groupedBy' | 'key'>) =>
  [month, issue.productModel, issue.batch ?? '', issue.groupedBy, issue.key].join('|');

/**
 * The SLA clocks the report gives figures for: every clock the item kinds declare, per kind (each
 * clock's rows in after_sales_sla_clocks).
 */
const slaClocksOf = (kinds: readonly ItemKind[]): { clock: string; contentType: SlaClockFigures['contentType']; uid: string }[] =>
  kinds.flatMap((kind) => (kind.clocks ?? []).map((c) => ({ clock: c.field, contentType: kind.id, uid: kind.contentType })));

/** How many of a high-frequency issue's references the report's JSON carries (the rest are paged by `issueReferences`). */
export const REFERENCE_SAMPLE = 10;
/** A page of an issue's references. */
const REFERENCE_PAGE = 200;

const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** Report pages kept at once (a month and scope each: the months and filters people look at). */
const KEPT_PAGES = 100;

/**
 * The monthly feedback analysis report (月度反馈分析报告). Every figure is grouped and counted in
 * SQL; JavaScript only shapes the rows. Cohorts: volume, reopen rate and complaints count items
 * created in the month; satisfaction counts scores of items closed in the month; root causes count
 * items resolved in the month.
 */
const reports = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  /** Datetimes as the database stores them: epoch milliseconds on SQLite, timestamps on PostgreSQL. */
  const at = (date: Date) => dbTime(strapi, date);
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const threshold = () => strapi.config.get<number>('plugin::after-sales.highFrequencyThreshold', 5);
  /** The report page's figures kept a little while when slow (see `monthlyPage`). */
  const pages = keptFigures<MonthlyReport>(strapi, { what: "a monthly report's page", maxEntries: KEPT_PAGES });

  /**
   * Where feedback is read from: the feedback facts (PostgreSQL, kept by triggers: one narrow row per item with the ids
   * of its product, department, office and knowledge article; services/feedback-facts.ts) or, where they are not kept
   * (SQLite), the feedback table and its link tables. Either way the item is `f` (or the alias given) with the
   * feedback's column names, so each section's statement is written once.
   */
  const readsFacts = (uid: string) => uid === CONTENT_TYPES.feedback && getService(strapi, 'feedback-facts').kept();
  const tableOf = (uid: string) => (readsFacts(uid) ? TABLES.feedbackFacts : contentTable(strapi, uid).tableName);
  /** The facts' column of each link the report follows. */
  const FACT_COLUMNS: Record<string, string> = { product: 'product_id', department: 'department_id', [OFFICE_FIELD]: 'office_id', knowledgeArticle: 'knowledge_article_id' };
  /**
   * An item's linked row (`target`, e.g. 'products as p', whose alias is `targetAlias`) joined to the item `alias`: by
   * the facts' id column, or through the relation's link table (as `linkAlias`). Left join unless `inner`.
   */
  const joinLinked = (query: Knex.QueryBuilder, uid: string, alias: string, field: string, target: string, targetAlias: string, linkAlias: string, inner = false) => {
    const join = (table: string, left: string, right: string) => (inner ? query.join(table, left, right) : query.leftJoin(table, left, right));
    if (readsFacts(uid)) return join(target, `${targetAlias}.id`, `${alias}.${FACT_COLUMNS[field]}`);
    const link = contentTable(strapi, uid).attributes[field]!.joinTable!;
    join(`${link.name} as ${linkAlias}`, `${linkAlias}.${link.joinColumn.name}`, `${alias}.id`);
    return join(target, `${targetAlias}.id`, `${linkAlias}.${link.inverseJoinColumn.name}`);
  };
  /** The item's office as `o` (left join: items of no office keep a row). */
  const joinOffice = (query: Knex.QueryBuilder, uid: string, alias: string) => joinLinked(query, uid, alias, OFFICE_FIELD, 'offices as o', 'o', 'ol');
  const whereOffice = (query: Knex.QueryBuilder, scope: ReportScope) => {
    if (scope.office) query.where('o.code', scope.office);
    if (scope.region) query.where('o.region', scope.region);
    return query;
  };
  /**
   * Feedback filtered by scope, joined to its product and department only where a filter or a grouping needs them: read
   * from the feedback table, the link tables are a million rows each at a million items, and a figure that groups by
   * type or severity has no use for them.
   */
  const feedback = (scope: ReportScope, needs: { product?: boolean; department?: boolean; office?: boolean } = {}) => {
    const uid = CONTENT_TYPES.feedback;
    const query = knex().from(`${tableOf(uid)} as f`);
    if (needs.product || scope.product) joinLinked(query, uid, 'f', 'product', 'products as p', 'p', 'fp');
    if (needs.department || scope.department) joinLinked(query, uid, 'f', 'department', 'departments as d', 'd', 'fd');
    if (scope.product) query.where('p.model_code', scope.product);
    if (scope.department) query.where('d.code', scope.department);
    if (needs.office || scope.office || scope.region) joinOffice(query, uid, 'f');
    whereOffice(query, scope);
    return query;
  };
  /** The references of a group in one string column (split and sorted in JavaScript). */
  const referencesOf = (column: string) => knex().raw(isSqlite() ? `GROUP_CONCAT(${column}, ',') AS refs` : `STRING_AGG(${column}, ',') AS refs`);
  const within = (query: Knex.QueryBuilder, column: string, range: MonthRange) => query.where(column, '>=', at(range.start)).andWhere(column, '<', at(range.end));

  const countBy = async (query: Knex.QueryBuilder, column: string): Promise<Count[]> => {
    const rows = await query
      .select({ key: column })
      .count({ count: '*' })
      .groupBy(column)
      .orderBy([
        { column: 'count', order: 'desc' },
        { column: 'key', order: 'asc' },
      ]);
    return rows.map((r: KeyCountRow) => ({ key: r.key ?? null, count: Number(r.count) }));
  };

  /** Complaints joined to product and responsible department, filtered by scope (not by time). */
  const complaintsInScope = (scope: ReportScope) => {
    const query = knex().from('complaints as c').leftJoin('complaints_responsible_department_lnk as cr', 'cr.complaint_id', 'c.id').leftJoin('departments as rd', 'rd.id', 'cr.department_id');
    if (scope.product) query.join('complaints_product_lnk as cp', 'cp.complaint_id', 'c.id').join('products as p', 'p.id', 'cp.product_id').where('p.model_code', scope.product);
    if (scope.department) query.where('rd.code', scope.department);
    if (scope.office || scope.region) whereOffice(joinOffice(query, CONTENT_TYPES.complaint, 'c'), scope);
    return query;
  };

  /** Document ids of a content type's items in scope (product, department), or null when the scope is everything. */
  const itemsInScope = (uid: string, scope: ReportScope): Knex.QueryBuilder | null => {
    if (!scope.product && !scope.department && !scope.office && !scope.region) return null;
    if (uid === 'api::feedback.feedback') return feedback(scope).select('f.document_id');
    if (uid === 'api::complaint.complaint') return complaintsInScope(scope).select('c.document_id');
    const meta = contentTable(strapi, uid);
    const link = (field: string) => meta.attributes[field]?.joinTable;
    const query = knex().from(`${meta.tableName} as s`).select('s.document_id');
    for (const [field, table, column, value] of [
      ['product', 'products', 'model_code', scope.product],
      ['department', 'departments', 'code', scope.department],
    ] as const) {
      if (!value) continue;
      const join = link(field);
      if (!join) return query.whereRaw('1 = 0');
      query
        .join(`${join.name} as l_${field}`, `l_${field}.${join.joinColumn.name}`, 's.id')
        .join(`${table} as t_${field}`, `t_${field}.id`, `l_${field}.${join.inverseJoinColumn.name}`)
        .where(`t_${field}.${column}`, value);
    }
    if (scope.office || scope.region) {
      if (!link(OFFICE_FIELD)) return query.whereRaw('1 = 0');
      whereOffice(joinOffice(query, uid, 's'), scope);
    }
    return query;
  };

  /**
   * Each SLA clock's compliance and median / p90 time used, in SQL over the clock rows (one per item
   * and clock, written by the clock engine): the cohort is the clocks stopped in the month (met or
   * not, as stored) plus the clocks still running whose due date passed in the month; cancelled runs
   * do not count. Percentiles take the row at the nearest rank (rank = ceil(p × n) of the sorted
   * times), identical on SQLite and PostgreSQL.
   */
  const slaFigures = async (scope: ReportScope, range: MonthRange): Promise<SlaFigures> => {
    const calendar = await getService(strapi, 'sla').calendarFor(null);
    const now = getService(strapi, 'clock').now();
    const openUntil = now.getTime() < range.end.getTime() ? now : range.end;
    const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    const slaClocks = slaClocksOf(getService(strapi, 'item-kinds').list());
    /**
     * One statement per content type. The cohort is two index ranges joined by UNION ALL (clocks
     * stopped in the month: index on (content_type, stopped_at); clocks still running whose due
     * date passed in the month: partial index on (content_type, due_at) of running clocks), since
     * one OR of the two reads every clock row. Totals and the nearest-rank percentiles come from
     * the same pass.
     */
    const figuresOf = async (uid: string) => {
      const items = itemsInScope(uid, scope);
      const branch = (build: (q: Knex.QueryBuilder) => void) => {
        const q = knex().from(`${TABLES.slaClocks} as k`).select('k.clock', 'k.stopped_at', 'k.met', 'k.used_ms', 'k.measure').where('k.content_type', uid);
        build(q);
        if (items) q.whereIn('k.document_id', items.clone());
        return q;
      };
      const stopped = branch((q) => q.whereNotNull('k.met').andWhere('k.stopped_at', '>=', at(range.start)).andWhere('k.stopped_at', '<', at(range.end)));
      const running = branch((q) => q.whereNull('k.stopped_at').andWhere('k.due_at', '>=', at(range.start)).andWhere('k.due_at', '<', at(openUntil)));
      const figures = [
        knex().raw('COUNT(*) AS total'),
        knex().raw('SUM(CASE WHEN stopped_at IS NOT NULL AND met THEN 1 ELSE 0 END) AS met'),
        knex().raw('SUM(CASE WHEN stopped_at IS NULL THEN 1 ELSE 0 END) AS overdue_open'),
        knex().raw('COUNT(used_ms) AS measured'),
        knex().raw('MIN(measure) AS measure'),
      ];
      // The nearest rank: PostgreSQL's percentile_disc is that rank's value (the first whose cumulative share reaches
      // p, NULLs left out), sorting each clock's times alone (measured at a million items: 210 ms against 425 ms for
      // the window functions, which sort every row of the cohort twice, on disk). SQLite has no ordered-set aggregates:
      // the row at rank ceil(p × n) of each clock's sorted times, by ROW_NUMBER.
      const rows = isSqlite()
        ? await knex()
            .with('cohort', stopped.unionAll(running))
            .with(
              'ranked',
              knex()
                .from('cohort')
                .select(
                  'clock',
                  'stopped_at',
                  'met',
                  'used_ms',
                  'measure',
                  knex().raw('ROW_NUMBER() OVER (PARTITION BY clock, CASE WHEN used_ms IS NULL THEN 1 ELSE 0 END ORDER BY used_ms) AS rn'),
                  knex().raw('COUNT(used_ms) OVER (PARTITION BY clock) AS n')
                )
            )
            .from('ranked')
            .groupBy('clock')
            .select(
              'clock',
              ...figures,
              knex().raw('MAX(CASE WHEN used_ms IS NOT NULL AND rn = (n * 50 + 99) / 100 THEN used_ms END) AS median'),
              knex().raw('MAX(CASE WHEN used_ms IS NOT NULL AND rn = (n * 90 + 99) / 100 THEN used_ms END) AS p90')
            )
        : await knex()
            .with('cohort', stopped.unionAll(running))
            .from('cohort')
            .groupBy('clock')
            .select('clock', ...figures, knex().raw('percentile_disc(0.5) WITHIN GROUP (ORDER BY used_ms) AS median'), knex().raw('percentile_disc(0.9) WITHIN GROUP (ORDER BY used_ms) AS p90'));
      return slaClocks
        .filter((c) => c.uid === uid)
        .map((definition): SlaClockFigures => {
          const row = (rows as ClockFiguresRow[]).find((r) => r.clock === definition.clock);
          const total = Number(row?.total ?? 0);
          const met = Number(row?.met ?? 0);
          return {
            clock: definition.clock,
            contentType: definition.contentType,
            total,
            met,
            overdueOpen: Number(row?.overdue_open ?? 0),
            compliance: total ? round(met / total) : null,
            measured: Number(row?.measured ?? 0),
            medianBusinessMs: number(row?.median),
            p90BusinessMs: number(row?.p90),
            measure: row?.measure === 'business' || row?.measure === 'elapsed' ? row.measure : null,
          };
        });
    };
    const clocks = (await Promise.all([...new Set(slaClocks.map((c) => c.uid))].map(figuresOf))).flat();
    return { calendar: calendar.id, businessDayMs: businessDayMs(calendar), clocks };
  };

  /** Complaints attributed to each department ÷ the feedback it handled, items created in the month. */
  const complaintRateByDepartment = async (scope: ReportScope, range: MonthRange) => {
    const [attributed, handled] = await Promise.all([
      within(complaintsInScope(scope), 'c.created_at', range).whereNotNull('rd.code').select({ department: 'rd.code' }).count({ count: '*' }).groupBy('rd.code'),
      within(feedback(scope, { department: true }), 'f.created_at', range)
        .whereNotNull('d.code')
        .select({ department: 'd.code' })
        .count({ count: '*' })
        .groupBy('d.code'),
    ]);
    const departments = [...new Set([...attributed, ...handled].map((r: DepartmentCountRow) => r.department))].sort();
    return departments.map((department) => {
      const complaintsCount = Number(attributed.find((r: DepartmentCountRow) => r.department === department)?.count ?? 0);
      const itemsHandled = Number(handled.find((r: DepartmentCountRow) => r.department === department)?.count ?? 0);
      return { department, complaints: complaintsCount, itemsHandled, rate: itemsHandled ? round(complaintsCount / itemsHandled) : null };
    });
  };

  /** The month's feedback of a grouping with a product model (and, by article, its knowledge article `k`). */
  const issueItems = (scope: ReportScope, range: MonthRange, groupedBy: 'type' | 'knowledge-article') => {
    const query = within(feedback(scope, { product: true }), 'f.created_at', range).whereNotNull('p.model_code');
    if (groupedBy === 'type') query.whereNotNull('f.type');
    else joinLinked(query, CONTENT_TYPES.feedback, 'f', 'knowledgeArticle', 'knowledge_articles as k', 'k', 'fk', true);
    return query;
  };

  /**
   * Product model (and batch) × type or knowledge article, more than the threshold in the month,
   * with its items' references: every one (`references: 'all'`: exports, archives, improvement
   * records), or the first REFERENCE_SAMPLE (`'sample'`: the page's JSON; a group can hold tens of
   * thousands, `issueReferences` pages them) with how many are left out, or none (`'none'`: the
   * dashboard shows counts).
   */
  const highFrequencyIssuesIn = async (scope: ReportScope, range: MonthRange, { references = 'all' }: { references?: 'all' | 'sample' | 'none' } = {}): Promise<HighFrequencyIssue[]> => {
    const limit = threshold();
    // One query per grouping: each group above the threshold carries its items' references
    // (STRING_AGG / GROUP_CONCAT; PostgreSQL cuts the sample in SQL), not one more query per group.
    const refs =
      references === 'sample' && !isSqlite()
        ? knex().raw(`ARRAY_TO_STRING((ARRAY_AGG(f.reference ORDER BY f.reference COLLATE "C"))[1:${REFERENCE_SAMPLE}], ',') AS refs`)
        : referencesOf('f.reference');
    const frequent = async (groupedBy: 'type' | 'knowledge-article') => {
      const rows = await issueItems(scope, range, groupedBy)
        .select({ productModel: 'p.model_code', batch: 'f.batch', key: groupedBy === 'type' ? 'f.type' : 'k.document_id' })
        .count({ count: '*' })
        .modify((q) => {
          if (references !== 'none') q.select(refs);
        })
        .groupBy('p.model_code', 'f.batch', groupedBy === 'type' ? 'f.type' : 'k.document_id')
        .having(knex().raw('COUNT(*) > ?', [limit]))
        .orderBy([{ column: 'count', order: 'desc' }, { column: 'productModel' }]);
      return (rows as FrequentIssueRow[]).map((row): HighFrequencyIssue => {
        const all = [
          ...new Set<string>(
            String(row.refs ?? '')
              .split(',')
              .filter(Boolean)
          ),
        ].sort();
        const kept = references === 'none' ? [] : references === 'sample' ? all.slice(0, REFERENCE_SAMPLE) : all;
        const count = Number(row.count);
        return { productModel: row.productModel, batch: row.batch ?? null, groupedBy, key: row.key, count, references: kept, referencesOmitted: Math.max(0, count - kept.length) };
      });
    };
    return withImprovementRecords(scope.month, [...(await frequent('type')), ...(await frequent('knowledge-article'))]);
  };

  /** The issues with the improvement record started from each, if any, as it is now (one query). */
  const withImprovementRecords = async (month: string, issues: HighFrequencyIssue[]): Promise<HighFrequencyIssue[]> => {
    const keys = issues.map((issue) => improvementIssueKey(month, issue));
    const records = keys.length ? await knex()('improvement_records').whereIn('issue_key', keys).select('issue_key', 'document_id', 'reference', 'state') : [];
    return issues.map((issue) => {
      const record = records.find((r: { issue_key: string }) => r.issue_key === improvementIssueKey(month, issue));
      return { ...issue, improvementRecord: record ? { documentId: record.document_id, reference: record.reference, state: record.state } : null };
    });
  };

  /**
   * The service network's figures (per office and per region; `domain/reports/regions.ts` adds them
   * up): items received in the month, the SLA clocks of the month's cohort (as `slaFigures` counts
   * them) met on time, satisfaction scores of feedback closed in the month, and feedback per product
   * model and type. Counted in SQL per office; items of no office are head office's.
   */
  const serviceNetwork = async (scope: ReportScope, range: MonthRange, offices: OfficeRef[]) => {
    const now = getService(strapi, 'clock').now();
    const openUntil = now.getTime() < range.end.getTime() ? now : range.end;
    const kinds = getService(strapi, 'item-kinds')
      .list()
      .filter((k) => k.collection && contentTable(strapi, k.contentType).attributes[OFFICE_FIELD]);
    /** A kind's items (as `t`) with their office (`o`), in the report's scope. */
    const itemsOf = (uid: string, from?: Knex.QueryBuilder) => {
      const table = tableOf(uid);
      const query = from ?? knex().from(`${table} as t`);
      if (from) query.join(`${table} as t`, 't.document_id', 'k.document_id');
      whereOffice(joinOffice(query, uid, 't'), scope);
      const others = itemsInScope(uid, { ...scope, office: undefined, region: undefined });
      if (others) query.whereIn('t.document_id', others);
      return query;
    };
    const tallies: OfficeTally[] = [];
    const tallyFor = (office: string | null) => {
      let tally = tallies.find((t) => t.office === office);
      if (!tally) tallies.push((tally = { office, feedback: 0, complaints: 0, serviceRecords: 0, returnsAndExchanges: 0, clocks: 0, clocksMet: 0, scoreResponses: 0, scoreSum: 0 }));
      return tally;
    };
    const received = kinds.map(async (kind) => {
      const rows = await within(itemsOf(kind.contentType), 't.created_at', range)
        .select({ office: 'o.code' })
        .select(knex().raw('COUNT(*) AS items'))
        .modify((q) => {
          if (kind.contentType === CONTENT_TYPES.serviceRecord) q.select(knex().raw("SUM(CASE WHEN t.kind IN ('return', 'exchange') THEN 1 ELSE 0 END) AS returns"));
        })
        .groupBy('o.code');
      for (const row of rows as OfficeTallyRow[]) {
        const tally = tallyFor(row.office ?? null);
        if (kind.contentType === CONTENT_TYPES.feedback) tally.feedback += Number(row.items);
        else if (kind.contentType === CONTENT_TYPES.complaint) tally.complaints += Number(row.items);
        else {
          tally.serviceRecords += Number(row.items);
          tally.returnsAndExchanges += Number(row.returns ?? 0);
        }
      }
    });
    const clocks = kinds.map(async (kind) => {
      const rows = await itemsOf(kind.contentType, knex().from(`${TABLES.slaClocks} as k`).where('k.content_type', kind.contentType))
        .where((q) =>
          q
            .where((stopped) => stopped.whereNotNull('k.met').andWhere('k.stopped_at', '>=', at(range.start)).andWhere('k.stopped_at', '<', at(range.end)))
            .orWhere((running) => running.whereNull('k.stopped_at').andWhere('k.due_at', '>=', at(range.start)).andWhere('k.due_at', '<', at(openUntil)))
        )
        .select({ office: 'o.code' })
        .select(knex().raw('COUNT(*) AS total'), knex().raw('SUM(CASE WHEN k.stopped_at IS NOT NULL AND k.met THEN 1 ELSE 0 END) AS met'))
        .groupBy('o.code');
      for (const row of rows as OfficeTallyRow[]) {
        const tally = tallyFor(row.office ?? null);
        tally.clocks += Number(row.total);
        tally.clocksMet += Number(row.met ?? 0);
      }
    });
    const scores = (async () => {
      const rows = await within(feedback(scope, { office: true }), 'f.closed_at', range)
        .whereNotNull('f.satisfaction_score')
        .select({ office: 'o.code' })
        .select(knex().raw('COUNT(*) AS responses'), knex().raw('SUM(f.satisfaction_score) AS points'))
        .groupBy('o.code');
      for (const row of rows as OfficeTallyRow[]) {
        const tally = tallyFor(row.office ?? null);
        tally.scoreResponses += Number(row.responses);
        tally.scoreSum += Number(row.points ?? 0);
      }
    })();
    const issues = within(feedback(scope, { product: true, office: true }), 'f.created_at', range)
      .whereNotNull('p.model_code')
      .whereNotNull('f.type')
      .select({ office: 'o.code', productModel: 'p.model_code', type: 'f.type' })
      .count({ count: '*' })
      .groupBy('o.code', 'p.model_code', 'f.type');
    const [issueRows] = await Promise.all([issues, ...received, ...clocks, scores]);
    const issueTallies: IssueTally[] = (issueRows as OfficeIssueRow[]).map((r) => ({ office: r.office ?? null, productModel: r.productModel, type: r.type, count: Number(r.count) }));
    return serviceNetworkFigures(offices, tallies, issueTallies, threshold());
  };

  /** The offices the report covers (one, a region's, or all), refusing an office or region that does not exist (400 naming it). */
  const officesInScope = async (scope: ReportScope): Promise<OfficeRef[]> => {
    const query = knex()('offices').select('code', 'name', 'region');
    if (scope.office) query.where('code', scope.office);
    if (scope.region) query.where('region', scope.region);
    const rows: OfficeRef[] = (await query).map((r: OfficeRef) => ({ code: r.code, name: r.name, region: r.region }));
    if (scope.office && !rows.length) throw invalidInput([{ path: ['office'], message: `no office "${scope.office}"${scope.region ? ` in region "${scope.region}"` : ''}` }]);
    if (scope.region && !scope.office && !rows.length) throw invalidInput([{ path: ['region'], message: `no office in region "${scope.region}"` }]);
    return rows;
  };

  /** The scope's month as a range in the business time zone; 400 naming `month` when it is not YYYY-MM. */
  const monthOf = (scope: ReportScope): MonthRange => {
    try {
      return monthRange(scope.month, timeZone());
    } catch {
      throw invalidInput([{ path: ['month'], message: 'must be YYYY-MM' }]);
    }
  };

  return {
    highFrequencyIssuesIn,

    /**
     * The references of one high-frequency issue of a month's report (its scope), a page of
     * REFERENCE_PAGE at a time in reference order: what the JSON's sample leaves out.
     */
    async issueReferences(scope: ReportScope, issue: { productModel: string; batch: string | null; groupedBy: 'type' | 'knowledge-article'; key: string }, page = 1) {
      const range = monthOf(scope);
      const items = () => {
        const query = issueItems(scope, range, issue.groupedBy)
          .where('p.model_code', issue.productModel)
          .where(issue.groupedBy === 'type' ? 'f.type' : 'k.document_id', issue.key);
        return issue.batch === null ? query.whereNull('f.batch') : query.where('f.batch', issue.batch);
      };
      const total = Number(((await items().countDistinct({ count: 'f.reference' }).first()) as { count?: Tally } | undefined)?.count ?? 0);
      const pageCount = Math.max(1, Math.ceil(total / REFERENCE_PAGE));
      const current = Math.min(Math.max(1, page), pageCount);
      const rows = await items()
        .select({ reference: 'f.reference' })
        .groupBy('f.reference')
        .orderByRaw(isSqlite() ? 'f.reference' : 'f.reference COLLATE "C"')
        .limit(REFERENCE_PAGE)
        .offset((current - 1) * REFERENCE_PAGE);
      return { references: rows.map((r: { reference: string }) => String(r.reference)), total, page: current, pageSize: REFERENCE_PAGE, pageCount };
    },
    /**
     * The month's figures. `references: 'sample'` (the page's JSON, the dashboard): each
     * high-frequency issue carries its first references and how many are left out; else all.
     */
    async monthly(scope: ReportScope, { references = 'all' }: { references?: 'all' | 'sample' | 'none' } = {}): Promise<MonthlyReport> {
      const range = monthOf(scope);
      const offices = await officesInScope(scope);
      const created = () => within(feedback(scope), 'f.created_at', range);
      const complaints = () => within(complaintsInScope(scope), 'c.created_at', range);
      // The sections are independent: their statements run side by side on the connection pool
      // (on PostgreSQL, two backends on two cores; SQLite's single connection takes them in turn).
      const [byType, bySeverity, byChannel, scores, [reopenRow], byCause, rateByDepartment, rootCauses, highFrequencyIssues, sla, network] = await Promise.all([
        countBy(created(), 'f.type'),
        countBy(created(), 'f.severity'),
        countBy(created(), 'f.channel'),
        within(feedback(scope), 'f.closed_at', range)
          .whereNotNull('f.satisfaction_score')
          .select({ score: 'f.satisfaction_score' })
          .count({ count: '*' })
          .groupBy('f.satisfaction_score')
          .orderBy('f.satisfaction_score'),
        created().select(knex().raw('COUNT(*) AS items'), knex().raw('SUM(CASE WHEN f.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened')),
        countBy(complaints(), 'c.cause'),
        complaintRateByDepartment(scope, range),
        countBy(within(feedback(scope), 'f.resolved_at', range).whereNotNull('f.root_cause').andWhere('f.root_cause', '<>', ''), 'f.root_cause'),
        highFrequencyIssuesIn(scope, range, { references }),
        slaFigures(scope, range),
        serviceNetwork(scope, range, offices),
      ]);
      const total = byChannel.reduce((sum, c) => sum + c.count, 0);

      const distribution = [1, 2, 3, 4, 5].map((score) => ({ score, count: Number(scores.find((s: { score: Tally; count: Tally }) => Number(s.score) === score)?.count ?? 0) }));
      const responses = distribution.reduce((sum, d) => sum + d.count, 0);
      const average = responses ? distribution.reduce((sum, d) => sum + d.score * d.count, 0) / responses : null;

      const reopenItems = Number(reopenRow.items);
      const reopened = Number(reopenRow.reopened ?? 0);

      const topRootCauses = rootCauses.slice(0, 10);
      const limit = threshold();

      return {
        month: scope.month,
        scope: { product: scope.product ?? null, department: scope.department ?? null, region: scope.region ?? null, office: scope.office ?? null },
        period: { start: range.start.toISOString(), end: range.end.toISOString(), timeZone: timeZone() },
        volume: { total, byType, bySeverity, byChannel },
        satisfaction: { responses, average: round(average, 2), distribution },
        reopen: { items: reopenItems, reopened, rate: reopenItems ? round(reopened / reopenItems) : null },
        complaints: { total: byCause.reduce((sum, c) => sum + c.count, 0), byCause, rateByDepartment },
        topRootCauses,
        highFrequencyIssues,
        highFrequencyThreshold: limit,
        sla,
        regions: network.regions,
        offices: network.offices,
      };
    },

    /**
     * The report page's JSON (`monthly` with a sample of each issue's references), kept a little while when it was
     * slow to compute, as the dashboard's figures are (`keptFigures`, `dashboardFigures` in the plugin config): a
     * month over a million items costs half a second of both cores, and it is the same for everyone who may read
     * reports (the month and the filters decide, not the user), so the heads opening it on a Monday morning share one
     * computation. The answer says when it was computed. The improvement record of each high-frequency issue is read
     * for every answer (one query): a head who has just started one sees its link, not the button again.
     */
    async monthlyPage(scope: ReportScope): Promise<Served<MonthlyReport>> {
      const key = JSON.stringify([scope.month, scope.product ?? null, scope.department ?? null, scope.region ?? null, scope.office ?? null, threshold(), timeZone()]);
      const served = await pages.get(key, () => this.monthly(scope, { references: 'sample' }));
      if (!served.kept) return served;
      return { ...served, value: { ...served.value, highFrequencyIssues: await withImprovementRecords(scope.month, served.value.highFrequencyIssues) } };
    },

    /**
     * What the dashboard shows of a month's report: the complaint rate per department, the
     * high-frequency issues (counts, no references) and the service network; not the rest of the
     * report's sections (the SLA cohort, volumes, satisfaction), which it does not show.
     */
    async dashboardMonth(scope: ReportScope) {
      const range = monthOf(scope);
      const offices = await officesInScope(scope);
      const [rateByDepartment, highFrequencyIssues, network] = await Promise.all([
        complaintRateByDepartment(scope, range),
        highFrequencyIssuesIn(scope, range, { references: 'none' }),
        serviceNetwork(scope, range, offices),
      ]);
      return { rateByDepartment, highFrequencyIssues, highFrequencyThreshold: threshold(), regions: network.regions, offices: network.offices };
    },

    scopeKey(scope: ReportScope) {
      // Region and office only when set: the keys of reports archived before offices existed stay the same.
      const network = `${scope.region ? `|region:${scope.region}` : ''}${scope.office ? `|office:${scope.office}` : ''}`;
      return `product:${scope.product ?? '*'}|department:${scope.department ?? '*'}${network}`;
    },

    /**
     * The month's report with the sections extensions contribute (those that answered; a failing
     * one is left out, as the page shows its error instead): what is archived and exported.
     */
    async monthlyWithSections(scope: ReportScope): Promise<MonthlyReport> {
      const report = await this.monthly(scope);
      const results = await getService(strapi, 'contributed-sections').reportSections(scope.month, scope.department ? [scope.department] : undefined);
      const sections: ReportSectionTable[] = results.flatMap((r) =>
        r.status === 'ok' ? [{ id: r.id, extensionId: r.extensionId, title: r.title, columns: r.data.columns, rows: r.data.rows, ...(r.data.note ? { note: r.data.note } : {}) }] : []
      );
      return { ...report, sections };
    },

    /** Stores the month's figures (with the contributed sections) as they are now; later edits of items do not change them. */
    async archive(scope: ReportScope, by: { id: number | string | null; name: string }): Promise<Snapshot> {
      const figures = await this.monthlyWithSections(scope);
      const key = this.scopeKey(scope);
      const existing = await knex()(TABLES.reportSnapshots).where({ month: scope.month, scope: key }).first('id');
      if (existing) throw new HttpError(409, `The ${scope.month} report for this scope is already archived`, { snapshotId: Number(existing.id) });
      const generatedAt = new Date().toISOString();
      const [row] = await knex()(TABLES.reportSnapshots)
        .insert({ month: scope.month, scope: key, figures: JSON.stringify(figures), generated_at: generatedAt, generated_by_id: by.id === null ? null : String(by.id), generated_by_name: by.name })
        .returning('id');
      return { id: Number(typeof row === 'object' ? row.id : row), month: scope.month, scope: key, generatedAt, generatedBy: by.name, figures };
    },

    async archives(month?: string): Promise<Omit<Snapshot, 'figures'>[]> {
      const query = knex()(TABLES.reportSnapshots).select('id', 'month', 'scope', 'generated_at', 'generated_by_name').orderBy('month', 'desc').orderBy('id', 'desc');
      if (month) query.where({ month });
      return (await query).map((r: SnapshotListRow) => ({ id: Number(r.id), month: r.month, scope: r.scope, generatedAt: r.generated_at, generatedBy: r.generated_by_name }));
    },

    async snapshot(id: number): Promise<Snapshot | null> {
      const row = await knex()(TABLES.reportSnapshots).where({ id }).first();
      if (!row) return null;
      return { id: Number(row.id), month: row.month, scope: row.scope, generatedAt: row.generated_at, generatedBy: row.generated_by_name, figures: JSON.parse(row.figures) as MonthlyReport };
    },
  };
};

export default reports;
