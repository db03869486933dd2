import type { Core } from '@strapi/strapi';
import { dbTime } from '../utils/db-time';
import { contentTable, queryOf } from '../utils/content-table';
import { populatedOf } from '../utils/record-fields';
import type { ItemRecord } from '../extension-api';
import type { Knex } from 'knex';
import { CONTENT_TYPES, OFFICE_FIELD, TABLES } from '../constants';
import { overdueClockRows } from './overdue-clocks';
import { dayBounds, monthOf, weekPeriod, WEEK_MS, type WeekPeriod } from '../domain/dashboard/period';
import { mostPressing, urgencyOf } from '../domain/dashboard/urgency';
import { maskContactsInText } from '../domain/privacy/mask';
import { getService } from '../utils/get-service';
import { errors, invalidInput, type FieldError } from '../utils/http-errors';
import type { ApprovalProgress, ApprovalRow, Dashboard, DashboardRow } from '../../../shared/dashboard';
import { epochDayAt } from '../domain/sla/zoned-time';
import { staffName } from '../domain/staff/display-name';
import { linkOf } from '../utils/relation-link';
import type { SlaClockView } from '../extension-api';
import type { Served } from '../utils/stale-while-revalidate';
import { keptFigures, keptFiguresInfo } from '../utils/kept-figures';

/**
 * A kind of work item as the dashboard reads it: every item kind with a department (its
 * `contributes.itemKinds` entry), with the table and link tables its metadata gives.
 */
interface Source {
  kind: string;
  uid: string;
  table: string;
  /** The department link table and its columns (item, department). */
  department: { table: string; item: string; target: string };
  /** The product link table and its columns, when the kind has a product. */
  product: { table: string; item: string; target: string } | null;
  /** The office link table and its columns, when the kind has an office. */
  office: { table: string; item: string; target: string } | null;
  /** The assignee relation (my queue, "my overdue items"), when the kind has one. */
  owner: { field: string; table: string; item: string; target: string } | null;
  summary: string | null;
}

export interface DashboardFilters {
  from?: string;
  to?: string;
  product?: string;
  department?: string;
  /** A region of the service network, or one office by code. */
  region?: string;
  office?: string;
  /** Page of the department queue (1-based). */
  page?: string;
}

export interface DashboardScope {
  userId: number;
  allDepartments: boolean;
  departmentIds: number[];
  /** The offices (service points) the user is a member or head of: their items count as the user's too. */
  officeIds?: number[];
}

export type { DashboardRow };

/**
 * An item of a listed kind as the dashboard reads it (`populate(source)`): its department's name, and the fields it
 * shows by name; the summary and assignee fields by the names its item kind gives (unknown until checked).
 */
interface ListedItem extends ItemRecord {
  /** Numbered when written (the intake, the reference middleware). */
  reference: string;
  severity?: string | null;
  seriousness?: string | null;
  department?: { name?: string | null; code?: string | null } | null;
}
/** A complaint or improvement record with its plan approvals (`populate: { approvals: true }`). */
interface ApprovalItem extends ItemRecord {
  reference: string;
  approvals?: { departmentCode: string; decision: 'approved' | 'rejected'; approverName?: string | null; decidedAt?: string | Date | null }[] | null;
}
/** An item table row `t` placed by its earliest clock row `c`, as knex returns it (`due`: absent for items without a clock). */
interface PlacedRow {
  id: number | string;
  reference: string | null;
  due?: unknown;
}
/** A `count(*)` as knex returns it (text on PostgreSQL). */
interface CountRow {
  count: number | string;
}
/** Feedback items per week of the period (a whole-week index) and type. */
interface WeekTypeCount extends CountRow {
  week: number | string;
  type: string | null;
}
/** Satisfaction answers per week of the period: how many, and their scores' sum. */
interface WeekSatisfaction {
  week: number | string;
  responses: number | string;
  total: number | string | null;
}
/** The dashboard's figures of a scope (kept a little while for a large one: `figuresOf`). */
type ScopeFigures = Pick<Dashboard, 'countsByState' | 'weeklyVolume' | 'satisfactionTrend'>;

const ROW_LIMIT = 20;
const CANDIDATE_LIMIT = 300;
const SUMMARY_LENGTH = 120;
/** The at-risk walk reads this many items at a time. */
const AT_RISK_BATCH = 40;
/** Scopes (and months) whose figures one instance keeps at most. */
const KEPT_FIGURES = 200;

/**
 * The after-sales dashboard and the homepage widgets: queues, SLA risk, counts and trends for the
 * departments a staff member works in. Rows come from the Query Engine; counts and trends are
 * grouped in SQL; remaining time comes from the SLA service's business calendar.
 */
const dashboard = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  const at = (date: Date) => dbTime(strapi, date);
  const epochMs = (column: string) => (isSqlite() ? column : `(EXTRACT(EPOCH FROM ${column}) * 1000)`);
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const now = () => getService(strapi, 'clock').now();
  /**
   * The dashboard's figures kept a little while when slow to compute (`dashboardFigures` in the plugin config, see
   * `keptFigures`): what the cache saves is their cost (a department of 450,000 items, a month's service network
   * over a million), not their size.
   */
  const scopeFigures = keptFigures<ScopeFigures>(strapi, { what: 'the dashboard figures', maxEntries: KEPT_FIGURES });
  const monthFigures = keptFigures<Dashboard['month']>(strapi, { what: "the dashboard's month", maxEntries: KEPT_FIGURES });
  const myQueueTotals = keptFigures<number>(strapi, { what: "an agent's queue total", maxEntries: KEPT_FIGURES });
  const workflow = (uid: string) => getService(strapi, 'workflow').definitionFor(uid);
  const openStates = (uid: string) => (workflow(uid)?.states ?? []).filter((s) => s.category !== 'done').map((s) => s.id);
  const stateTitle = (uid: string, state: string, locale: string) => {
    const title = workflow(uid)?.states.find((s) => s.id === state)?.title;
    if (!title) return state;
    return typeof title === 'string' ? title : ((title as Record<string, string>)[locale] ?? (title as Record<string, string>).en ?? state);
  };
  /** The departments a workflow's plan approval asks, and the states in which it is asked. */
  const approvalRuleOf = async (uid: string) => {
    const transitions = ((await getService(strapi, 'workflow').configuredDefinitionFor(uid))?.transitions ?? []).filter((t) => t.approval && t.approval.decision === 'approved');
    if (!transitions.length) return null;
    return { departments: [...new Set(transitions.flatMap((t) => t.approval!.departments))], states: [...new Set(transitions.flatMap((t) => t.from))] };
  };
  const progressOf = async (
    departments: string[],
    approvals: { departmentCode: string; decision: 'approved' | 'rejected'; approverName?: string | null; decidedAt?: string | Date | null }[]
  ): Promise<ApprovalProgress> => {
    const names = await strapi.db.query(CONTENT_TYPES.department).findMany({ where: { code: { $in: departments } }, select: ['code', 'name'] });
    const steps = departments.map((department) => {
      const decision = approvals.find((a) => a.departmentCode === department);
      return {
        department,
        departmentName: names.find((d: { code: string }) => d.code === department)?.name ?? department,
        decision: decision?.decision ?? null,
        approverName: decision?.approverName ?? null,
        decidedAt: decision?.decidedAt ? new Date(decision.decidedAt).toISOString() : null,
      };
    });
    return { approved: steps.filter((s) => s.decision === 'approved').length, total: steps.length, steps };
  };

  /** The kinds on the dashboard: every item kind with a department, read from its metadata. */
  const sources = (): Source[] =>
    getService(strapi, 'item-kinds')
      .list()
      .flatMap((kind) => {
        const meta = contentTable(strapi, kind.contentType);
        const department = meta ? linkOf(meta, kind.departmentField) : null;
        if (!meta || !department) return [];
        const owner = linkOf(meta, kind.assigneeField);
        return [
          {
            kind: kind.id,
            uid: kind.contentType,
            table: meta.tableName,
            department,
            product: linkOf(meta, 'product'),
            office: linkOf(meta, OFFICE_FIELD),
            owner: owner && { field: kind.assigneeField!, ...owner },
            summary: kind.summaryField ?? null,
          },
        ];
      });
  /** The feedback kind: the weekly volume by type and the satisfaction trend are figures of feedback. */
  const feedbackSource = () => sources().find((source) => source.uid === CONTENT_TYPES.feedback);

  /** The last escalation level recorded per item (one query for a list of items). */
  const escalationLevels = async (uid: string, documentIds: string[]) => {
    const levels = new Map<string, string>();
    for (let i = 0; i < documentIds.length; i += 500) {
      const rows = await knex()(TABLES.escalations)
        .where('content_type', uid)
        .whereIn('document_id', documentIds.slice(i, i + 500))
        .orderBy('id', 'asc')
        .select('document_id', 'level');
      for (const row of rows) levels.set(row.document_id, row.level);
    }
    return levels;
  };

  /** A row of the lists from its record, its running clocks (`sla.clocksOfMany`) and its last escalation level. */
  const toRow = (source: Source, record: ListedItem, locale: string, clocks: SlaClockView[], escalationLevel: string | null = null): DashboardRow => {
    const pressing = mostPressing(clocks);
    // Customers quote their phone or email in what they write: masked here as everywhere staff read it.
    const summary = source.summary && record[source.summary] ? maskContactsInText(String(record[source.summary]).slice(0, SUMMARY_LENGTH)) : null;
    // Overdue has one definition (domain/sla/overdue.ts, the clock rows): any running clock past its due time.
    const overdue = clocks.some((c) => c.breached);
    return {
      kind: source.kind,
      contentType: source.uid,
      documentId: record.documentId,
      reference: record.reference,
      state: record.state,
      stateTitle: stateTitle(source.uid, record.state, locale),
      summary,
      severity: record.severity ?? record.seriousness ?? null,
      department: record.department?.name ?? null,
      assignee: source.owner ? staffName(populatedOf(record[source.owner.field])) : null,
      clock: pressing?.clock ?? null,
      dueAt: pressing?.dueAt ?? null,
      remainingWorkingMs: pressing?.remainingWorkingMs ?? null,
      measure: pressing ? (pressing.measure === 'elapsed' ? 'elapsed' : 'business') : null,
      workingDayMs: pressing?.workingDayMs ?? null,
      urgency: overdue ? 'breached' : pressing ? urgencyOf(pressing.remainingWorkingMs) : null,
      escalationLevel,
    };
  };

  const populate = (source: Source) => ({ department: { select: ['name', 'code'] }, ...(source.owner ? { [source.owner.field]: { select: ['firstname', 'lastname', 'email'] } } : {}) });

  /**
   * An item's place in the lists: the due time of its most pressing clock (its running, unpaused
   * clock row due first; null when it has none: those come last), then its reference.
   */
  interface Placed {
    source: Source;
    id: number;
    reference: string;
    due: number | null;
  }
  const byPlace = (a: Placed, b: Placed) => (a.due ?? Infinity) - (b.due ?? Infinity) || a.reference.localeCompare(b.reference);
  const dueMs = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value)));
  /** The condition of a running, unpaused clock row of the kind (the clocks a row's remaining time is read from) on `alias`. */
  const running = (source: Source, alias: string) => (q: Knex.QueryBuilder) => q.where(`${alias}.content_type`, source.uid).whereNull(`${alias}.stopped_at`).whereNull(`${alias}.paused_at`);
  /** The running, unpaused clock rows of the kind. */
  const runningClocks = (source: Source, alias: string) => knex()(`${TABLES.slaClocks} as ${alias}`).where(running(source, alias));
  /** The item's clock due first (the lowest id among equal due times): no running clock of the item `c` is due before it. */
  const earliestClock = (source: Source) =>
    runningClocks(source, 'c2')
      .whereRaw('c2.document_id = c.document_id')
      .andWhere((q) => q.whereRaw('c2.due_at < c.due_at').orWhere((same) => same.whereRaw('c2.due_at = c.due_at').andWhereRaw('c2.id < c.id')))
      .select(knex().raw('1'));
  /** The open items of a kind in the scope and filters matching `condition` (on the item table `t`). */
  const openFiltered = (source: Source, scope: DashboardScope, filters: DashboardFilters, condition: (q: Knex.QueryBuilder) => void) => {
    const query = scopedTable(source, scope, filters).whereIn('t.state', openStates(source.uid));
    condition(query);
    return query;
  };
  /** The item's place as the lists read it from a row of `t` joined to its earliest clock row `c`. */
  const placedOf =
    (source: Source) =>
    (r: PlacedRow): Placed => ({ source, id: Number(r.id), reference: String(r.reference ?? ''), due: dueMs(r.due) });
  /** The open items matching `condition` with no running unpaused clock (they come last), by reference, `count` of them. */
  const itemsWithoutClock = async (source: Source, scope: DashboardScope, filters: DashboardFilters, condition: (q: Knex.QueryBuilder) => void, count: number): Promise<Placed[]> => {
    const rest = await openFiltered(source, scope, filters, condition)
      .whereNotExists(runningClocks(source, 'c2').whereRaw('c2.document_id = t.document_id').select(knex().raw('1')))
      .select({ id: 't.id', reference: 't.reference' })
      .orderBy([
        { column: 't.reference', order: 'asc' },
        { column: 't.id', order: 'asc' },
      ])
      .limit(count);
    return rest.map((r: PlacedRow) => ({ source, id: Number(r.id), reference: String(r.reference ?? ''), due: null }));
  };

  /**
   * The first `count` open items of a kind matching `condition`, in list order, chosen in SQL: the
   * items with a running clock walked by the clock rows' due time (the partial index on running
   * clocks), each item once, by its clock due first; then, when `withoutClock`, the items with no
   * running unpaused clock, by reference. `after`: only items placed after that one (keyset: due, reference, id).
   */
  const placedItems = async (
    source: Source,
    scope: DashboardScope,
    filters: DashboardFilters,
    condition: (q: Knex.QueryBuilder) => void,
    count: number,
    { withoutClock = true, dueFrom, dueBefore: dueUntil, after }: { withoutClock?: boolean; dueFrom?: Date; dueBefore?: Date; after?: Placed } = {}
  ): Promise<Placed[]> => {
    const clocked = await openFiltered(source, scope, filters, condition)
      .join(`${TABLES.slaClocks} as c`, 'c.document_id', 't.document_id')
      .where(running(source, 'c'))
      .modify((q) => {
        if (dueFrom) q.where('c.due_at', '>=', at(dueFrom));
        if (dueUntil) q.where('c.due_at', '<', at(dueUntil));
        if (after && after.due !== null) {
          const due = at(new Date(after.due));
          q.where((later) =>
            later
              .where('c.due_at', '>', due)
              .orWhere((same) =>
                same
                  .where('c.due_at', '=', due)
                  .andWhere((next) => next.where('t.reference', '>', after.reference).orWhere((tie) => tie.where('t.reference', '=', after.reference).andWhere('t.id', '>', after.id)))
              )
          );
        }
      })
      // One row per item: its clock due first.
      .whereNotExists(earliestClock(source))
      .select({ id: 't.id', reference: 't.reference', due: 'c.due_at' })
      .orderBy([
        { column: 'c.due_at', order: 'asc' },
        { column: 't.reference', order: 'asc' },
        { column: 't.id', order: 'asc' },
      ])
      .limit(count);
    const placed: Placed[] = clocked.map(placedOf(source));
    if (!withoutClock || placed.length >= count) return placed;
    return [...placed, ...(await itemsWithoutClock(source, scope, filters, condition, count - placed.length))];
  };

  /**
   * The same as `placedItems` (the first `count`, with the items without a clock after), found by
   * walking the kind's running clock rows in due order a batch at a time (the partial index on
   * running clocks) and keeping those whose item matches: for a condition PostgreSQL misjudges (a
   * list many items match, such as today's callbacks, which it estimated at a few dozen rows and so
   * read and sorted every candidate). The walk goes on past the last item kept until the due time
   * changes, so that items due at the same time are all seen and ordered by reference.
   */
  const walkedItems = async (source: Source, scope: DashboardScope, filters: DashboardFilters, condition: (q: Knex.QueryBuilder) => void, count: number): Promise<Placed[]> => {
    const found: Placed[] = [];
    const ids = new Set<number>();
    let from: { due: Knex.Value; id: number } | null = null;
    for (let size = 200; ; size = Math.min(size * 2, 25_600)) {
      const batch = () =>
        runningClocks(source, 'w').modify((q) => {
          if (from) q.where((later) => later.where('w.due_at', '>', from!.due).orWhere((same) => same.where('w.due_at', '=', from!.due).andWhere('w.id', '>', from!.id)));
        });
      const last = await batch()
        .select({ due: 'w.due_at', id: 'w.id' })
        .orderBy([
          { column: 'w.due_at', order: 'asc' },
          { column: 'w.id', order: 'asc' },
        ])
        .offset(size - 1)
        .first();
      const clocks = batch()
        .select('w.id', 'w.document_id', 'w.due_at')
        .orderBy([
          { column: 'w.due_at', order: 'asc' },
          { column: 'w.id', order: 'asc' },
        ])
        .limit(size)
        .as('c');
      const rows = await openFiltered(source, scope, filters, condition)
        .join(clocks, 'c.document_id', 't.document_id')
        .whereNotExists(earliestClock(source))
        .select({ id: 't.id', reference: 't.reference', due: 'c.due_at' });
      // Each item once (a due time read back finer than milliseconds could bring the batch's last row again).
      for (const place of rows.map(placedOf(source))) {
        if (ids.has(place.id)) continue;
        ids.add(place.id);
        found.push(place);
      }
      if (!last) break;
      found.sort(byPlace);
      if (found.length >= count && dueMs(last.due)! > found[count - 1].due!) break;
      from = { due: last.due as Knex.Value, id: Number(last.id) };
    }
    const placed = found.sort(byPlace).slice(0, count);
    if (placed.length >= count) return placed;
    return [...placed, ...(await itemsWithoutClock(source, scope, filters, condition, count - placed.length))];
  };

  /** The rows shown for placed items, in their order: read with their relations, clocks computed for these only. */
  const placedRows = async (placed: Placed[], locale: string): Promise<{ place: Placed; row: DashboardRow }[]> => {
    const rows = new Map<Placed, DashboardRow>();
    // By kind (each list builds its own sources): one read of the rows of every list of a kind.
    for (const uid of [...new Set(placed.map((p) => p.source.uid))]) {
      const mine = placed.filter((p) => p.source.uid === uid);
      const source = mine[0].source;
      const records: ListedItem[] = await queryOf(strapi, source.uid).findMany({ where: { id: { $in: mine.map((p) => p.id) } }, populate: populate(source) });
      const levels = await escalationLevels(
        source.uid,
        records.map((r) => r.documentId)
      );
      const clocks = await getService(strapi, 'sla').clocksOfMany(source.uid, records);
      const byId = new Map(records.map((r) => [Number(r.id), r]));
      for (const p of mine) {
        const record = byId.get(p.id);
        if (record) rows.set(p, toRow(source, record, locale, clocks.get(record.documentId) ?? [], levels.get(record.documentId) ?? null));
      }
    }
    return placed.flatMap((place) => (rows.has(place) ? [{ place, row: rows.get(place)! }] : []));
  };
  const rowsOf = async (placed: Placed[], locale: string) => (await placedRows(placed, locale)).map(({ row }) => row);

  /** The kinds a condition applies to (null leaves the kind out), with the condition. */
  const conditioned = (filters: DashboardFilters, extra: (source: Source) => ((q: Knex.QueryBuilder) => void) | null) =>
    sources().flatMap((source) => {
      const condition = extra(source);
      return condition === null || (filters.product && !source.product) ? [] : [{ source, condition }];
    });

  /**
   * Open items of every kind matching `extra` (a condition on the item table `t`; null leaves the
   * kind out), soonest due first (by their running clock rows, in SQL), `limit` of them (or the
   * `page`-th `limit`), with the count of all. Only the rows shown are read and their clocks computed.
   */
  const openPlaced = async (
    scope: DashboardScope,
    filters: DashboardFilters,
    extra: (source: Source) => ((q: Knex.QueryBuilder) => void) | null,
    limit = ROW_LIMIT,
    page?: number,
    { counted = true, walk = false }: { counted?: boolean | Promise<number>; walk?: boolean } = {}
  ) => {
    const kinds = conditioned(filters, extra);
    const totals =
      counted === true
        ? await Promise.all(
            kinds.map(async ({ source, condition }) => Number(((await openFiltered(source, scope, filters, condition).count({ count: '*' }).first()) as CountRow | undefined)?.count ?? 0))
          )
        : [];
    const total = typeof counted === 'object' ? await counted : totals.reduce((sum, n) => sum + n, 0);
    const pageCount = Math.max(1, Math.ceil(total / limit));
    const current = page === undefined ? 1 : Math.min(Math.max(1, page), pageCount);
    const wanted = current * limit;
    const placed: Placed[] = [];
    for (const { source, condition } of kinds) placed.push(...(await (walk ? walkedItems : placedItems)(source, scope, filters, condition, wanted)));
    return { total, shown: placed.sort(byPlace).slice((current - 1) * limit, wanted), paged: page !== undefined, page: current, pageSize: limit, pageCount };
  };
  /** A list of `openPlaced` with its rows read. */
  const queueOf = (list: Awaited<ReturnType<typeof openPlaced>>, rows: DashboardRow[]) =>
    list.paged ? { total: list.total, rows, page: list.page, pageSize: list.pageSize, pageCount: list.pageCount } : { total: list.total, rows };
  const openItems = async (
    scope: DashboardScope,
    filters: DashboardFilters,
    locale: string,
    extra: (source: Source) => ((q: Knex.QueryBuilder) => void) | null,
    limit = ROW_LIMIT,
    page?: number,
    options: { counted?: boolean | Promise<number>; walk?: boolean } = {}
  ) => {
    const list = await openPlaced(scope, filters, extra, limit, page, options);
    return queueOf(list, await rowsOf(list.shown, locale));
  };

  /**
   * Open items at risk: no clock overdue, the most pressing one with at most half a working day left
   * (`urgencyOf`). Walked in due order a batch at a time (up to CANDIDATE_LIMIT per kind), each batch
   * after the last item of the one before (keyset on due time, reference, id): the working time left
   * grows with the due time, so the walk stops at the first item on track.
   */
  const atRiskItems = async (scope: DashboardScope, filters: DashboardFilters, locale: string, horizon: Date) => {
    const found: { place: Placed; row: DashboardRow }[] = [];
    // Not overdue (no clock row past its due time, paused ones included); the most pressing clock then
    // runs and is due from now on (an unpaused running clock due before now is overdue), before the horizon.
    const notOverdue = (source: Source) => (q: Knex.QueryBuilder) => q.whereNotExists(overdueClockRows(knex(), source.uid, at(now())).whereRaw(`${TABLES.slaClocks}.document_id = t.document_id`));
    const from = now();
    for (const { source, condition } of conditioned(filters, notOverdue)) {
      let seen = 0;
      let kept = 0;
      let after: Placed | undefined;
      while (seen < CANDIDATE_LIMIT && kept < ROW_LIMIT) {
        const batch = await placedItems(source, scope, filters, condition, Math.min(AT_RISK_BATCH, CANDIDATE_LIMIT - seen), { withoutClock: false, dueFrom: from, dueBefore: horizon, after });
        if (!batch.length) break;
        seen += batch.length;
        after = batch[batch.length - 1];
        const rows = await placedRows(batch, locale);
        const atRisk = rows.filter(({ row }) => row.urgency === 'at-risk');
        found.push(...atRisk);
        kept += atRisk.length;
        if (batch.length < AT_RISK_BATCH || rows.some(({ row }) => row.urgency === 'on-track')) break;
      }
    }
    return found
      .sort((a, b) => byPlace(a.place, b.place))
      .slice(0, ROW_LIMIT)
      .map(({ row }) => row);
  };

  /** Open items that are overdue: one of their clock rows has run past its due time (the one definition). */
  const overdue = (source: Source) => (q: Knex.QueryBuilder) => q.whereIn('t.document_id', overdueClockRows(knex(), source.uid, at(now())));
  /** Items assigned to the user (null: the kind has no assignee, so none is theirs). */
  const assignedTo = (userId: number) => (source: Source) =>
    source.owner ? (q: Knex.QueryBuilder) => q.whereIn('t.id', knex()(source.owner!.table).select(source.owner!.item).where(source.owner!.target, userId)) : null;

  const scopedTable = (source: Source, scope: DashboardScope, filters: DashboardFilters, alias = 't') => {
    const query = knex().from(`${source.table} as ${alias}`);
    // The user's items: in one of their departments, or in one of their offices (the same scope as the Content Manager's conditions).
    if (!scope.allDepartments) {
      const officeIds = source.office ? (scope.officeIds ?? []) : [];
      query.where((mine) => {
        mine.whereIn(
          `${alias}.id`,
          knex()(source.department.table)
            .select(source.department.item)
            .whereIn(source.department.target, scope.departmentIds.length ? scope.departmentIds : [-1])
        );
        if (officeIds.length) mine.orWhereIn(`${alias}.id`, knex()(source.office!.table).select(source.office!.item).whereIn(source.office!.target, officeIds));
      });
    }
    if (filters.department) {
      query
        .join(`${source.department.table} as dl`, `dl.${source.department.item}`, `${alias}.id`)
        .join('departments as d', 'd.id', `dl.${source.department.target}`)
        .where('d.code', filters.department);
    }
    if (filters.product) {
      if (!source.product) return query.whereRaw('1 = 0');
      query.join(`${source.product.table} as pl`, `pl.${source.product.item}`, `${alias}.id`).join('products as p', 'p.id', `pl.${source.product.target}`).where('p.model_code', filters.product);
    }
    if (filters.region || filters.office) {
      if (!source.office) return query.whereRaw('1 = 0');
      query.join(`${source.office.table} as ofl`, `ofl.${source.office.item}`, `${alias}.id`).join('offices as o', 'o.id', `ofl.${source.office.target}`);
      if (filters.region) query.where('o.region', filters.region);
      if (filters.office) query.where('o.code', filters.office);
    }
    return query;
  };

  /**
   * How many items the scope holds, from the department link table alone (an index-only count of
   * the departments' link rows: each item has one department), when the scope is just the caller's
   * departments (or everything) and no filter applies; null otherwise.
   */
  const scopeTotal = (source: Source, scope: DashboardScope, filters: DashboardFilters): Knex.QueryBuilder | null => {
    if (filters.department || filters.product || filters.region || filters.office) return null;
    if (scope.allDepartments) return knex()(source.table).count({ count: '*' });
    if (source.office && scope.officeIds?.length) return null;
    const ids = scope.departmentIds.length ? scope.departmentIds : [-1];
    const links = knex()(source.department.table).whereIn(source.department.target, ids);
    return ids.length === 1 ? links.count({ count: '*' }) : links.countDistinct({ count: source.department.item });
  };

  /**
   * Items per state. Finished items pile up in one state (feedback: 'closed', 80 % of a million):
   * when the scope's total is at hand (`scopeTotal`), that state's count is the total less the
   * others', which are counted on the (state, id) index without it; otherwise the whole scope is grouped.
   */
  const countsByState = async (scope: DashboardScope, filters: DashboardFilters, locale: string) => {
    const result = [];
    for (const source of sources()) {
      const states = workflow(source.uid)?.states ?? [];
      // The first finished state of the workflow is where finished items accumulate.
      const largestState = states.find((s) => s.category === 'done')?.id;
      const totalQuery = largestState ? scopeTotal(source, scope, filters) : null;
      const largest = totalQuery ? largestState : undefined;
      const [total, rows] = await Promise.all([
        totalQuery ? totalQuery.first().then((r: CountRow | undefined) => Number(r?.count ?? 0)) : null,
        scopedTable(source, scope, filters)
          .modify((q) => {
            if (largest) q.where((other) => other.whereNot('t.state', largest).orWhereNull('t.state'));
          })
          .select({ state: 't.state' })
          .count({ count: '*' })
          .groupBy('t.state'),
      ]);
      const counts = new Map<string, number>(rows.map((r: CountRow & { state: string | null }) => [r.state as string, Number(r.count)]));
      if (largest && total !== null) counts.set(largest, total - [...counts.values()].reduce((sum, n) => sum + n, 0));
      result.push({
        kind: source.kind,
        contentType: source.uid,
        states: states.map((s) => ({ state: s.id, title: stateTitle(source.uid, s.id, locale), category: s.category, count: counts.get(s.id) ?? 0 })),
      });
    }
    return result;
  };

  /** Whole weeks since the period start (rows are filtered to the period, so never negative). */
  const weekBucket = (column: string, period: WeekPeriod) =>
    isSqlite()
      ? knex().raw(`CAST((${column} - ?) / ? AS INTEGER)`, [period.start.getTime(), WEEK_MS])
      : knex().raw(`CAST(FLOOR((${epochMs(column)} - ?) / ?) AS INTEGER)`, [period.start.getTime(), WEEK_MS]);
  const inPeriod = (query: Knex.QueryBuilder, column: string, period: WeekPeriod) => query.where(column, '>=', at(period.start)).andWhere(column, '<', at(period.end));

  const weeklyVolume = async (scope: DashboardScope, filters: DashboardFilters, period: WeekPeriod) => {
    const feedback = feedbackSource();
    if (!feedback) return { types: [], weeks: period.weeks.map((week) => ({ week, counts: {} })) };
    const rows = await inPeriod(scopedTable(feedback, scope, filters), 't.created_at', period)
      .select({ week: weekBucket('t.created_at', period), type: 't.type' })
      .count({ count: '*' })
      .groupByRaw('1, 2');
    const types: string[] = [...new Set<string>(rows.map((r: WeekTypeCount) => r.type ?? 'unclassified'))].sort();
    return {
      types,
      weeks: period.weeks.map((week, index) => ({
        week,
        counts: Object.fromEntries(types.map((type) => [type, Number(rows.find((r: WeekTypeCount) => Number(r.week) === index && (r.type ?? 'unclassified') === type)?.count ?? 0)])),
      })),
    };
  };

  const satisfactionTrend = async (scope: DashboardScope, filters: DashboardFilters, period: WeekPeriod) => {
    const feedback = feedbackSource();
    if (!feedback) return period.weeks.map((week) => ({ week, responses: 0, average: null }));
    const rows = await inPeriod(scopedTable(feedback, scope, filters), 't.closed_at', period)
      .whereNotNull('t.satisfaction_score')
      .select({ week: weekBucket('t.closed_at', period) })
      .count({ responses: '*' })
      .sum({ total: 't.satisfaction_score' })
      .groupByRaw('1');
    return period.weeks.map((week, index) => {
      const row = rows.find((r: WeekSatisfaction) => Number(r.week) === index);
      const responses = Number(row?.responses ?? 0);
      return { week, responses, average: responses ? Math.round((Number(row?.total) / responses) * 100) / 100 : null };
    });
  };

  /**
   * The scope's counts by state and weekly charts: kept a little while when they were slow to count (see
   * `keptFigures` and `dashboardFigures` in the plugin config): a department of 450,000 items costs a second, every
   * agent of it opens the dashboard, and a count half a minute old says as much as one of now. The key is
   * what the figures depend on: the departments and offices (not the user), the filters, the weeks, the locale.
   */
  const figuresOf = (scope: DashboardScope, filters: DashboardFilters, period: WeekPeriod, locale: string): Promise<Served<ScopeFigures>> => {
    const key = JSON.stringify({
      departments: scope.allDepartments ? 'all' : [...scope.departmentIds].sort((a, b) => a - b),
      offices: scope.allDepartments ? [] : [...(scope.officeIds ?? [])].sort((a, b) => a - b),
      filters: [filters.product, filters.department, filters.region, filters.office],
      weeks: [period.start.getTime(), period.end.getTime()],
      locale,
    });
    return scopeFigures.get(key, async () => {
      const [countsByStateOf, weeklyVolumeOf, satisfactionTrendOf] = await Promise.all([
        countsByState(scope, filters, locale),
        weeklyVolume(scope, filters, period),
        satisfactionTrend(scope, filters, period),
      ]);
      return { countsByState: countsByStateOf, weeklyVolume: weeklyVolumeOf, satisfactionTrend: satisfactionTrendOf };
    });
  };

  /**
   * How many open items are the user's (my queue's total), kept as the scope's figures are: an agent
   * with 30,000 open items of their 300,000 assigned costs a third of a second to count.
   */
  const myQueueTotalOf = (scope: DashboardScope, filters: DashboardFilters): Promise<Served<number>> => {
    const key = JSON.stringify({
      user: scope.userId,
      departments: scope.allDepartments ? 'all' : [...scope.departmentIds].sort((a, b) => a - b),
      offices: [...(scope.officeIds ?? [])].sort((a, b) => a - b),
      filters: [filters.product, filters.department, filters.region, filters.office],
    });
    return myQueueTotals.get(key, async () => {
      const totals = await Promise.all(
        conditioned(filters, assignedTo(scope.userId)).map(async ({ source, condition }) =>
          Number(((await openFiltered(source, scope, filters, condition).count({ count: '*' }).first()) as { count?: number | string } | undefined)?.count ?? 0)
        )
      );
      return totals.reduce((sum, n) => sum + n, 0);
    });
  };

  /**
   * What the dashboard shows of the month's report (the same for every user: the month and the filters
   * decide), kept a little while as the scope's figures are.
   */
  const monthFiguresOf = (month: string, filters: DashboardFilters): Promise<Served<Dashboard['month']>> => {
    const scope = { month, product: filters.product, department: filters.department, region: filters.region, office: filters.office };
    return monthFigures.get(JSON.stringify(scope), async () => {
      // The month's figures the page shows (not the whole report); the high-frequency issues as counts: a group can hold
      // thousands of items, whose references the page asks on demand (`issueReferences`).
      const report = await getService(strapi, 'reports').dashboardMonth(scope);
      return {
        month,
        complaintRateByDepartment: report.rateByDepartment,
        highFrequencyIssues: report.highFrequencyIssues.map(({ productModel, batch, groupedBy, key, count }) => ({ productModel, batch, groupedBy, key, count })),
        threshold: report.highFrequencyThreshold,
        regions: report.regions ?? [],
        offices: report.offices ?? [],
      };
    });
  };

  return {
    /**
     * Who the caller is and where they work: the departments and the offices listing them as a member
     * or as head (the same rules as the Content Manager's "in my department" and "in one of my offices"
     * conditions). Super admins see every department.
     */
    async scopeOf(user: { id: number; roles?: { code: string }[] } | undefined): Promise<DashboardScope> {
      if (!user) throw new errors.UnauthorizedError('Sign in first');
      const departments = await strapi.db.query(CONTENT_TYPES.department).findMany({
        where: { $or: [{ members: { id: user.id } }, { head: { id: user.id } }] },
        select: ['id'],
      });
      const offices = await strapi.db.query(CONTENT_TYPES.office).findMany({ where: { $or: [{ members: { id: user.id } }, { head: { id: user.id } }] }, select: ['id'] });
      const superAdmin = (user.roles ?? []).some((role) => role.code === 'strapi-super-admin');
      return { userId: user.id, allDepartments: superAdmin, departmentIds: departments.map((d: { id: number }) => d.id), officeIds: offices.map((o: { id: number }) => o.id) };
    },

    /** Checks the filters: 400 naming each bad one. */
    async filters(query: Record<string, unknown>): Promise<DashboardFilters> {
      const errors: FieldError[] = [];
      const filters: DashboardFilters = {};
      for (const key of Object.keys(query)) {
        const value = query[key];
        if (!['from', 'to', 'product', 'department', 'region', 'office', 'locale', 'page'].includes(key))
          errors.push({ path: [key], message: 'is not a known filter (from, to, product, department, region, office, page)' });
        else if (typeof value !== 'string' || value.length > 100) errors.push({ path: [key], message: 'must be a single text value' });
        else if (key !== 'locale' && value !== '') (filters as Record<string, string>)[key] = value;
      }
      if (filters.page !== undefined && !/^[1-9]\d{0,4}$/.test(filters.page)) errors.push({ path: ['page'], message: 'must be a page number from 1' });
      if (filters.department && !(await strapi.db.query(CONTENT_TYPES.department).count({ where: { code: filters.department } })))
        errors.push({ path: ['department'], message: `no department "${filters.department}"` });
      if (filters.office && !(await strapi.db.query(CONTENT_TYPES.office).count({ where: { code: filters.office } }))) errors.push({ path: ['office'], message: `no office "${filters.office}"` });
      if (filters.region && !(await strapi.db.query(CONTENT_TYPES.office).count({ where: { region: filters.region } })))
        errors.push({ path: ['region'], message: `no office in region "${filters.region}"` });
      if (filters.product && !(await strapi.db.query(CONTENT_TYPES.product).count({ where: { modelCode: filters.product } })))
        errors.push({ path: ['product'], message: `no product model "${filters.product}"` });
      if (errors.length) throw invalidInput(errors);
      return filters;
    },

    async overview(scope: DashboardScope, filters: DashboardFilters, locale = 'en'): Promise<Dashboard> {
      let period: WeekPeriod;
      try {
        period = weekPeriod({ from: filters.from, to: filters.to, now: now(), timeZone: timeZone() });
      } catch (error) {
        const message = (error as Error).message;
        throw invalidInput([{ path: [message.startsWith('to') ? 'to' : 'from'], message }]);
      }
      const horizon = new Date(now().getTime() + 7 * 24 * 3600_000);
      // "This month": the calendar month of today in the business time zone (of the `to` date when
      // one is chosen), not the month of the period's last Monday (which was November on 2 December).
      const month = filters.to ? monthOf(filters.to) : monthOf(new Date(epochDayAt(timeZone(), now().getTime()) * 86_400_000).toISOString().slice(0, 10));
      const figures = figuresOf(scope, filters, period, locale);
      const monthServed = monthFiguresOf(month, filters);
      // Not left unhandled while the lists are read (awaited below).
      monthServed.catch(() => undefined);
      // The department queue's total is the open states' counts (the same scope and filters): not counted twice.
      const openTotal = figures.then(({ value }) => value.countsByState.reduce((sum, kind) => sum + kind.states.filter((s) => s.category !== 'done').reduce((n, s) => n + s.count, 0), 0));
      const myTotal = myQueueTotalOf(scope, filters);
      const [minePlaced, departmentPlaced, breachedPlaced, atRisk, scoped, myCounted] = await Promise.all([
        openPlaced(scope, filters, assignedTo(scope.userId), ROW_LIMIT, undefined, { counted: myTotal.then(({ value }) => value) }),
        openPlaced(scope, filters, () => () => undefined, ROW_LIMIT, filters.page ? Number(filters.page) : 1, { counted: openTotal }),
        // Overdue: the clock rows say so (the one definition); every row is breached.
        openPlaced(scope, filters, overdue, ROW_LIMIT, undefined, { counted: false }),
        atRiskItems(scope, filters, locale, horizon),
        figures,
        myTotal,
      ]);
      // The three lists' rows read together: one read per kind (records, escalation levels, clocks), not one per list.
      const read = new Map((await placedRows([...minePlaced.shown, ...departmentPlaced.shown, ...breachedPlaced.shown], locale)).map(({ place, row }) => [place, row]));
      const rowsFor = (list: Awaited<ReturnType<typeof openPlaced>>) => list.shown.flatMap((place) => (read.has(place) ? [read.get(place)!] : []));
      const mine = queueOf(minePlaced, rowsFor(minePlaced));
      const department = queueOf(departmentPlaced, rowsFor(departmentPlaced));
      const breached = queueOf(breachedPlaced, rowsFor(breachedPlaced));
      const [departmentOptions, productOptions, officeOptions] = await Promise.all([
        strapi.db.query(CONTENT_TYPES.department).findMany({ select: ['code', 'name'], orderBy: { code: 'asc' } }),
        strapi.db.query(CONTENT_TYPES.product).findMany({ select: ['modelCode', 'name'], orderBy: { modelCode: 'asc' }, limit: 500 }),
        strapi.db.query(CONTENT_TYPES.office).findMany({ select: ['code', 'name', 'region'], orderBy: [{ region: 'asc' }, { name: 'asc' }] }),
      ]);
      const monthFigures = await monthServed;
      // The figures' age as the screen states it: the older of the two parts.
      const asOf = Math.min(scoped.computedAt, monthFigures.computedAt, myCounted.computedAt);
      return {
        period: { from: period.weeks[0], to: new Date(period.end.getTime() - 1).toISOString(), start: period.start.toISOString(), end: period.end.toISOString(), timeZone: timeZone() },
        myQueue: mine,
        departmentQueue: department,
        scopeDepartments: scope.allDepartments
          ? null
          : (await strapi.db.query(CONTENT_TYPES.department).findMany({ where: { id: { $in: scope.departmentIds.length ? scope.departmentIds : [-1] } }, select: ['code'] })).map(
              (d: { code: string }) => d.code
            ),
        // The offices of a member of service points (their items count as theirs beside the departments').
        scopeOffices:
          scope.allDepartments || !scope.officeIds?.length
            ? null
            : (await strapi.db.query(CONTENT_TYPES.office).findMany({ where: { id: { $in: scope.officeIds } }, select: ['code'] })).map((o: { code: string }) => o.code),
        breached: breached.rows.filter((r) => r.urgency === 'breached'),
        awaitingApproval: await this.awaitingApproval(scope, locale),
        atRisk,
        countsByState: scoped.value.countsByState,
        weeklyVolume: scoped.value.weeklyVolume,
        satisfactionTrend: scoped.value.satisfactionTrend,
        figures: keptFiguresInfo(strapi, asOf, scoped.kept || monthFigures.kept || myCounted.kept),
        options: {
          departments: departmentOptions.map((d: { code: string; name: string }) => ({ code: d.code, name: d.name })),
          products: productOptions.map((p: { modelCode: string; name: string }) => ({ modelCode: p.modelCode, name: p.name })),
          offices: officeOptions.map((o: { code: string; name: string; region: string }) => ({ code: o.code, name: o.name, region: o.region })),
        },
        month: monthFigures.value,
      };
    },

    /**
     * Complaints and improvement records whose plan waits for the caller's approval: they head one
     * of the departments the workflow's approval asks, and that department has not decided yet.
     */
    async awaitingApproval(scope: DashboardScope, locale = 'en'): Promise<ApprovalRow[]> {
      const headed = await strapi.db.query(CONTENT_TYPES.department).findMany({ where: { head: { id: scope.userId } }, select: ['code'] });
      const headOf = headed.map((d: { code: string }) => d.code);
      if (!headOf.length) return [];
      const rows: ApprovalRow[] = [];
      for (const [kind, uid, summaryField] of [
        ['complaint', CONTENT_TYPES.complaint, 'description'],
        ['improvement-record', CONTENT_TYPES.improvementRecord, 'title'],
      ] as const) {
        const rule = await approvalRuleOf(uid);
        if (!rule || !rule.departments.some((d) => headOf.includes(d))) continue;
        const records: ApprovalItem[] = await queryOf(strapi, uid).findMany({
          where: { state: { $in: rule.states } },
          populate: { approvals: true },
          orderBy: { createdAt: 'asc' },
          limit: CANDIDATE_LIMIT,
        });
        for (const record of records) {
          const decided = new Set(((record.approvals ?? []) as { departmentCode: string }[]).map((a) => a.departmentCode));
          const waitingFor = rule.departments.filter((d) => headOf.includes(d) && !decided.has(d));
          if (!waitingFor.length) continue;
          rows.push({
            kind,
            contentType: uid,
            documentId: record.documentId,
            reference: record.reference,
            stateTitle: stateTitle(uid, record.state, locale),
            summary: record[summaryField] ? maskContactsInText(String(record[summaryField]).slice(0, SUMMARY_LENGTH)) : null,
            waitingFor,
            progress: await progressOf(rule.departments, record.approvals ?? []),
          });
        }
      }
      return rows.slice(0, ROW_LIMIT);
    },

    /** Where the plan approval of one item stands (null when its workflow asks for none). */
    async approvalProgress(uid: string, documentId: string): Promise<ApprovalProgress | null> {
      const rule = await approvalRuleOf(uid);
      if (!rule) return null;
      const record: ApprovalItem | null = await queryOf(strapi, uid).findOne({ where: { documentId }, populate: { approvals: true } });
      if (!record) throw new errors.NotFoundError(`No ${uid} ${documentId}`);
      return progressOf(rule.departments, record.approvals ?? []);
    },

    /** Homepage widget: open items assigned to the caller with a breached clock. */
    async myOverdue(scope: DashboardScope, locale = 'en') {
      const mine = assignedTo(scope.userId);
      const { rows } = await openItems(
        scope,
        {},
        locale,
        (source) => {
          const assigned = mine(source);
          return assigned && ((q) => overdue(source)(assigned(q)));
        },
        ROW_LIMIT,
        undefined,
        { counted: false }
      );
      return rows.filter((r) => r.urgency === 'breached');
    },

    /** Homepage widget: resolved feedback whose satisfaction callback is due by the end of today. */
    async todaysCallbacks(scope: DashboardScope, locale = 'en') {
      const { end } = dayBounds(now(), timeZone());
      // The feedback's running callback clock (its row) due before the end of today.
      const callbackDue = (source: Source) =>
        source.uid === CONTENT_TYPES.feedback
          ? (q: Knex.QueryBuilder) =>
              q
                .whereIn(
                  't.document_id',
                  knex()(TABLES.slaClocks).select('document_id').where({ content_type: source.uid, clock: 'callbackBy' }).whereNull('stopped_at').andWhere('due_at', '<', at(end))
                )
                .whereNotNull('t.resolved_at')
                .whereNull('t.closed_at')
          : null;
      // Many items match (every overdue callback too), which PostgreSQL misjudges: the running clocks are walked in due order.
      const { rows } = await openItems(scope, {}, locale, callbackDue, ROW_LIMIT, undefined, { counted: false, walk: true });
      return rows;
    },
  };
};

export default dashboard;
