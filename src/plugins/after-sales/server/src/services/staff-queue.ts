import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { RouteContext } from '../utils/route-context';
import { dbTime } from '../utils/db-time';
import { columnOf, contentTable, modelOf, queryOf } from '../utils/content-table';
import { getService } from '../utils/get-service';
import { overdueClockRows } from './overdue-clocks';
import { STAFF_MASKED } from '../domain/privacy/contact-access';
import { errors, invalidInput, type FieldError } from '../utils/http-errors';
import { apiTokenOf } from '../utils/api-client';
import { OFFICE_FIELD, TABLES } from '../constants';
import { dayBounds } from '../domain/dashboard/period';
import { mostPressing } from '../domain/dashboard/urgency';
import { maskContactsInText } from '../domain/privacy/mask';
import { encodeCursor } from '../domain/queues/views';
import type { QueueCandidate, QueuePageInput, QueueRow, SlaClockView } from '../extension-api';
import type { ItemKind } from '../domain/item-kinds/item-kind';
import { staffName } from '../domain/staff/display-name';

/** The due key of an item without a running clock: after every real due date. */
const NO_DUE = Date.UTC(9999, 0, 1);
const SUMMARY_LENGTH = 120;

const ALLOWED_PARAMS = new Set(['state', 'department', 'assignee', 'severity', 'overdue', 'product', 'batch', 'from', 'to', 'page', 'pageSize', 'sort']);
const SORTABLE = new Set(['createdAt', 'updatedAt', 'reference', 'severity', 'state']);
/** A query condition or subquery body: what knex's `where(callback)` passes. */
type Builder = Knex.QueryBuilder;

/** A staff member populated on an item (`select: ['id', 'firstname', 'lastname', …]`). */
interface PersonRef {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

/** An item of a kind as the query layer returns it with its relations populated: the fields read by name, the rest passed through. */
interface ItemRecord {
  id: number | string;
  documentId: string;
  reference?: string | null;
  state: string;
  version?: number | null;
  updatedAt?: string | Date | null;
  department?: { code: string; name: string } | null;
  [field: string]: unknown;
}

/** A key row of the work queue's keyset query (`kind_rank`, `id`, `due_key`; counts and ids may come back as text). */
interface QueueKeyRow {
  kind_rank: number | string;
  id: number | string;
  due_key?: string | number | Date | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export interface StaffScope {
  allDepartments: boolean;
  departmentIds: number[];
  contactData: boolean;
}

/**
 * Filtered, department-scoped, paginated lists of the item kinds that declare a staff list
 * (`collection`: feedback, complaints, service records) for staff tools calling the content API.
 * Severity, assignee and overdue come from the item kind; overdue from the SLA clock rows. Contact data in full only for callers allowed to see it;
 * the others get the phone and email masked (`138****8000`, `w***@example.cn`).
 */
const staffQueue = ({ strapi }: { strapi: Core.Strapi }) => {
  /** A key of a queue's page: the kind's place in the item kinds' list, the item's id, its due time (ms). */
  type QueueKey = { kind_rank: number; id: number; due: number };
  /** The item kinds with a staff list, in their order (a key's `kind_rank` is the kind's place here). */
  const collectionKinds = () =>
    getService(strapi, 'item-kinds')
      .list()
      .filter((k) => k.collection);
  /** A queue row's summary: the start of the summary field, the contact data in it masked. */
  const summaryOf = (value: unknown) => (value ? maskContactsInText(String(value).slice(0, SUMMARY_LENGTH)) : null);

  /**
   * The keys of one page of a work queue across the item kinds with a staff list (feedback, complaints, service
   * records), soonest due first (the earliest running clock row; items without one last), then by
   * kind and id: keyset pagination, so page 50 costs what page 1 does. Scope: the caller's
   * departments (all for super admins), items without a department, and items assigned to or
   * owned by the caller; the record rule of the Content Manager is the caller's to apply to the
   * rows. Due and overdue come from the clock rows (the one definition, `overdueClockRows`).
   * Customers are returned as stored: the caller guards them.
   */
  const pageKeysOf = async (input: QueuePageInput): Promise<{ keys: QueueKey[]; byRank: Map<number, ItemKind>; nextCursor: string | null }> => {
    const knex = strapi.db.connection;
    const now = getService(strapi, 'clock').now();
    const at = (date: Date) => dbTime(strapi, date);
    const allKinds = collectionKinds();
    const kinds = allKinds.filter((k) => !input.kinds || input.kinds.includes(k.id));
    const categories = input.categories ?? ['new', 'open', 'paused'];
    const limit = input.limit;
    const cursor = input.cursor;
    const dueMs = (value: unknown) => {
      const date = typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? new Date(Number(value)) : new Date(value as string);
      return date.getTime();
    };
    /** After the cursor, for the rows of kind `rank` whose due key is `due` (a column, or the constant NO_DUE): a condition, true, or false. */
    const afterCursor = (rank: number, due: string | number, id: string) => {
      if (!cursor) return true;
      if (typeof due === 'number') {
        // The items without a running clock: all after the cursor, none, or those of the kind past its id.
        if (due !== cursor.due) return due > cursor.due;
        return rank > cursor.rank ? true : rank === cursor.rank ? (q: Builder) => q.where(id, '>', cursor.id) : false;
      }
      const cursorDue = at(new Date(cursor.due));
      if (rank > cursor.rank) return (q: Builder) => q.where(due, '>=', cursorDue);
      if (rank < cursor.rank) return (q: Builder) => q.where(due, '>', cursorDue);
      return (q: Builder) => q.where(due, '>', cursorDue).orWhere((same: Builder) => same.where(due, '=', cursorDue).andWhere(id, '>', cursor.id));
    };
    // Keyset pagination from the clock rows: per kind, the running clocks in due order (the partial
    // index of running clocks by due date), each item once at its earliest one, joined to the item and
    // its filters, `limit + 1` of them; then, only when those do not fill the page, the items without a
    // running clock (due last) in id order. PostgreSQL stops after the page's rows instead of computing
    // and sorting the due date of every item in scope (tens of thousands at a million items).
    const running: Promise<QueueKeyRow[]>[] = [];
    const withoutClock: (() => Promise<QueueKeyRow[]>)[] = [];
    const byRank = new Map<number, (typeof kinds)[number]>();
    /** The caller's departments for an `IN` (none matches nothing). */
    const scopeDepartments = input.scope.departmentIds.length ? input.scope.departmentIds : [-1];
    for (const kind of kinds) {
      const rank = allKinds.indexOf(kind);
      const uid = kind.contentType;
      const meta = contentTable(strapi, uid);
      const workflow = getService(strapi, 'workflow').definitionFor(uid);
      if (!meta || !workflow) continue;
      const within = input.within ? input.within(uid) : [];
      if (within === null) continue;
      const link = (field: string | undefined) => {
        const join = field ? meta.attributes[field]?.joinTable : undefined;
        return join ? { table: join.name as string, item: join.joinColumn.name as string, target: join.inverseJoinColumn.name as string } : null;
      };
      const department = link(kind.departmentField);
      const assignee = link(kind.assigneeField);
      const office = link(OFFICE_FIELD);
      const owner = link(kind.ownerField);
      const states = workflow.states.filter((s) => (categories as string[]).includes(s.category) && (!input.states || input.states.includes(s.id))).map((s) => s.id);
      if (!states.length) continue;
      if (input.assignee && !assignee) continue;
      // Only the items linked to the caller's departments or offices: a kind linked to neither has none.
      const linkedOffices = office && input.scope.officeIds?.length ? office : null;
      if (input.linkedScope && !input.scope.allDepartments && !department && !linkedOffices) continue;
      if (input.severities && !kind.severity) continue;
      byRank.set(rank, kind);
      // The item's link rows, looked up by the item (`EXISTS`: one index probe per candidate row). An
      // `IN`/`NOT IN` over a link table inside an OR cannot become a join: at a million link rows
      // PostgreSQL could not hash it in memory and rescanned it for every row (minutes per page).
      const linkOf = (l: { table: string; item: string }) => knex(l.table).whereRaw('?? = t.id', [l.item]);
      // "Unassigned" kept by the database where it can be (PostgreSQL: services/unassigned-items.ts), narrowed to the
      // caller's departments where that is the whole scope (no office, not every department); found otherwise.
      const byDepartment = !!(input.linkedScope && !input.scope.allDepartments && department && !linkedOffices);
      const keptUnassigned = input.assignee === 'none' ? getService(strapi, 'unassigned-items').candidates(meta.tableName, states, byDepartment ? scopeDepartments : undefined) : null;
      /** The view's conditions on the item `t`. */
      const filtered = (query: Builder) => {
        query.whereIn('t.state', states);
        // Assigned to the caller is in the caller's scope (one of its alternatives): no need to test the others.
        if (!input.scope.allDepartments && input.linkedScope) {
          // The kept unassigned items of the caller's departments are in that scope already (the kept row's department).
          if (!(keptUnassigned && byDepartment))
            query.where((q: Builder) => {
              if (department) q.whereExists(linkOf(department).whereIn(department.target, scopeDepartments));
              if (linkedOffices) q.orWhereExists(linkOf(linkedOffices).whereIn(linkedOffices.target, input.scope.officeIds!));
            });
        } else if (!input.scope.allDepartments && input.assignee !== 'me') {
          query.where((q: Builder) => {
            if (department) q.whereExists(linkOf(department).whereIn(department.target, scopeDepartments)).orWhereNotExists(linkOf(department));
            if (assignee) q.orWhereExists(linkOf(assignee).where(assignee.target, input.scope.userId));
            if (owner) q.orWhereExists(linkOf(owner).where(owner.target, input.scope.userId));
            // The items of the caller's offices (the RBAC condition "in one of my offices" decides, row by row, what they may read).
            if (office && input.scope.officeIds?.length) q.orWhereExists(linkOf(office).whereIn(office.target, input.scope.officeIds));
          });
        }
        if (input.assignee === 'me') query.whereExists(linkOf(assignee!).where(assignee!.target, input.scope.userId));
        if (input.assignee === 'none') {
          if (keptUnassigned) query.whereIn('t.id', keptUnassigned);
          else query.whereNotExists(linkOf(assignee!).whereNotNull(assignee!.target));
        }
        if (input.severities) query.whereIn(`t.${meta.attributes[kind.severity!.field].columnName}`, input.severities);
        // One definition of overdue: a running clock row past its due time.
        if (input.clock === 'overdue') query.whereIn('t.document_id', overdueClockRows(knex, uid, at(now)));
        if (input.clock === 'due-today') {
          const { start, end } = dayBounds(now, strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai'));
          query.whereIn(
            't.document_id',
            knex(TABLES.slaClocks).select('document_id').where('content_type', uid).whereNull('stopped_at').whereNull('paused_at').where('due_at', '>=', at(start)).where('due_at', '<', at(end))
          );
        }
        for (const subquery of within) query.whereIn('t.document_id', subquery as Builder);
        return query;
      };
      if (input.clock === 'due-today' || input.assignee === 'none' || within.length) {
        // Few items have a clock due today, are open and unassigned, or match a list (a search, tags,
        // approvals, customer replies): their due keys are computed and sorted (walking every running
        // clock in due order would pass all the overdue ones first, or all of them when nothing matches).
        // Where "unassigned" is found, the filters select ids only (state and id: an index-only scan of `(state, id)`,
        // as no filter needs the document id) and the item row is read for the survivors alone. The other lists (the
        // kept unassigned ids, the clocks due today, a search…) lead to each candidate's row anyway: it is read once.
        const found = input.assignee === 'none' && !keptUnassigned;
        const runningDue = knex(TABLES.slaClocks)
          .min('due_at')
          .where('content_type', uid)
          .whereRaw(`document_id = ${found ? 'd' : 't'}.document_id`)
          .whereNull('stopped_at');
        const dueKey = knex.raw('COALESCE((?), ?) as due_key', [runningDue, at(new Date(NO_DUE))]);
        const candidates = found
          ? knex
              .from(filtered(knex.from(`${meta.tableName} as t`).select('t.id')).as('f'))
              .join(`${meta.tableName} as d`, 'd.id', 'f.id')
              .select(knex.raw(`${Number(rank)} as kind_rank`), 'd.id as id', dueKey)
          : filtered(knex.from(`${meta.tableName} as t`).select(knex.raw(`${Number(rank)} as kind_rank`), 't.id as id', dueKey));
        const after = afterCursor(rank, 'k.due_key', 'k.id');
        if (after !== false) {
          const query = knex.from(candidates.as('k')).select('k.kind_rank', 'k.id', 'k.due_key');
          if (after !== true) query.where(after);
          running.push(
            query
              .orderBy([
                { column: 'k.due_key', order: 'asc' },
                { column: 'k.id', order: 'asc' },
              ])
              .limit(limit + 1)
          );
        }
        continue;
      }
      const runningAfter = afterCursor(rank, 'c.due_at', 't.id');
      if (runningAfter !== false) {
        // The item's earliest running clock: no running clock of the item is due before it (ties: the lower row id).
        const earlier = knex(`${TABLES.slaClocks} as e`)
          .whereRaw('e.content_type = c.content_type')
          .whereRaw('e.document_id = c.document_id')
          .whereNull('e.stopped_at')
          .where((q: Builder) => q.whereRaw('e.due_at < c.due_at').orWhere((tie: Builder) => tie.whereRaw('e.due_at = c.due_at').whereRaw('e.id < c.id')));
        const query = knex
          .from(`${TABLES.slaClocks} as c`)
          .join(`${meta.tableName} as t`, 't.document_id', 'c.document_id')
          .where('c.content_type', uid)
          .whereNull('c.stopped_at')
          .whereNotExists(earlier)
          .select(knex.raw(`${Number(rank)} as kind_rank`), 't.id as id', 'c.due_at as due_key');
        if (runningAfter !== true) query.where(runningAfter);
        running.push(
          filtered(query)
            .orderBy([
              { column: 'c.due_at', order: 'asc' },
              { column: 't.id', order: 'asc' },
            ])
            .limit(limit + 1)
        );
      }
      const lastAfter = afterCursor(rank, NO_DUE, 't.id');
      if (lastAfter !== false) {
        const query = knex
          .from(`${meta.tableName} as t`)
          .whereNotExists(knex(TABLES.slaClocks).where('content_type', uid).whereRaw('document_id = t.document_id').whereNull('stopped_at'))
          .select(knex.raw(`${Number(rank)} as kind_rank`), 't.id as id');
        if (lastAfter !== true) query.where(lastAfter);
        withoutClock.push(() =>
          filtered(query)
            .orderBy('t.id', 'asc')
            .limit(limit + 1)
        );
      }
    }
    if (!byRank.size) return { keys: [], byRank, nextCursor: null };
    const keyOf = (row: QueueKeyRow, due?: number) => ({ kind_rank: Number(row.kind_rank), id: Number(row.id), due: due ?? dueMs(row.due_key) });
    const withDue = (await Promise.all(running))
      .flat()
      .map((row) => keyOf(row))
      .sort((a, b) => a.due - b.due || a.kind_rank - b.kind_rank || a.id - b.id);
    let keys = withDue.slice(0, limit + 1);
    // Each kind gave the start of its own order; the items without a running clock are read only when
    // fewer than limit + 1 items with one were found (a computed kind's no-clock items are among its rows).
    if (keys.filter((k) => k.due < NO_DUE).length <= limit && withoutClock.length) {
      const rest = (await Promise.all(withoutClock.map((q) => q()))).flat().map((row) => keyOf(row, NO_DUE));
      keys = [...withDue, ...rest].sort((a, b) => a.due - b.due || a.kind_rank - b.kind_rank || a.id - b.id).slice(0, limit + 1);
    }
    const pageKeys = keys.slice(0, limit);
    const last = pageKeys[pageKeys.length - 1];
    const nextCursor = keys.length > limit && last ? encodeCursor({ due: last.due, rank: last.kind_rank, id: last.id }) : null;
    return { keys: pageKeys, byRank, nextCursor };
  };

  /** The queue rows of these keys, in their order: the items with their relations, running clocks and escalation levels. */
  const rowsOf = async (pageKeys: QueueKey[], byRank: Map<number, ItemKind>, locale?: string): Promise<QueueRow[]> => {
    const knex = strapi.db.connection;
    const rows: QueueRow[] = [];
    const records = new Map<string, ItemRecord>();
    for (const [rank, kind] of byRank) {
      const ids = pageKeys.filter((k) => Number(k.kind_rank) === rank).map((k) => Number(k.id));
      if (!ids.length) continue;
      const populate: Record<string, unknown> = { department: { select: ['code', 'name'] } };
      if (kind.assigneeField) populate[kind.assigneeField] = { select: ['id', 'firstname', 'lastname', 'email'] };
      if (kind.customerField) populate[kind.customerField] = { select: ['documentId', 'name', 'company', 'phone', 'email', 'privacyState'] };
      const found: ItemRecord[] = await queryOf(strapi, kind.contentType).findMany({ where: { id: { $in: ids } }, populate });
      for (const record of found) records.set(`${rank}:${record.id}`, record);
    }
    const levels = new Map<string, string>();
    for (const [rank, kind] of byRank) {
      const documentIds = pageKeys
        .filter((k) => Number(k.kind_rank) === rank)
        .map((k) => records.get(`${rank}:${Number(k.id)}`)?.documentId)
        .filter((id): id is string => !!id);
      if (!documentIds.length) continue;
      const found = await knex(TABLES.escalations).where('content_type', kind.contentType).whereIn('document_id', documentIds).orderBy('id', 'asc').select('document_id', 'level');
      for (const row of found) levels.set(`${kind.contentType}:${row.document_id}`, row.level);
    }
    // The page's running clocks: one read per kind (settings and clock rows), not one per row.
    const clocks = new Map<string, SlaClockView[]>();
    for (const [rank, kind] of byRank) {
      const onPage = pageKeys.flatMap((k) => (Number(k.kind_rank) === rank && records.has(`${rank}:${Number(k.id)}`) ? [records.get(`${rank}:${Number(k.id)}`)!] : []));
      if (!onPage.length) continue;
      for (const [documentId, list] of await getService(strapi, 'sla').clocksOfMany(kind.contentType, onPage)) clocks.set(`${kind.contentType}:${documentId}`, list);
    }
    for (const key of pageKeys) {
      const kind = byRank.get(Number(key.kind_rank))!;
      const record = records.get(`${Number(key.kind_rank)}:${Number(key.id)}`);
      if (!record) continue;
      const workflow = getService(strapi, 'workflow').definitionFor(kind.contentType);
      const title = workflow?.states.find((s) => s.id === record.state)?.title as string | Record<string, string> | undefined;
      const stateTitle = !title ? record.state : typeof title === 'string' ? title : (title[locale ?? 'en'] ?? title.en ?? record.state);
      const pressing = mostPressing(clocks.get(`${kind.contentType}:${record.documentId}`) ?? []);
      const person = kind.assigneeField ? (record[kind.assigneeField] as PersonRef | null | undefined) : null;
      const summary = kind.summaryField ? summaryOf(record[kind.summaryField]) : null;
      rows.push({
        kind: kind.id,
        contentType: kind.contentType,
        id: Number(record.id),
        documentId: record.documentId,
        reference: record.reference ?? null,
        state: record.state,
        stateTitle,
        summary,
        severity: kind.severity ? ((record[kind.severity.field] as string | null | undefined) ?? null) : null,
        department: record.department ? { code: record.department.code, name: record.department.name } : null,
        assignee: person ? { id: person.id, name: staffName(person, '') as string } : null,
        customer: kind.customerField ? ((record[kind.customerField] as Record<string, unknown> | null | undefined) ?? null) : null,
        nextDue: pressing
          ? {
              clock: pressing.clock,
              dueAt: pressing.dueAt,
              remainingWorkingMs: pressing.remainingWorkingMs,
              breached: pressing.breached,
              measure: pressing.measure === 'elapsed' ? 'elapsed' : 'business',
              workingDayMs: pressing.workingDayMs ?? null,
            }
          : null,
        escalationLevel: levels.get(`${kind.contentType}:${record.documentId}`) ?? null,
        version: record.version ?? null,
        updatedAt: record.updatedAt ? new Date(record.updatedAt).toISOString() : null,
      });
    }
    return rows;
  };

  return {
    /** Who may see what: API tokens see every department (contact data only with full access); users per their staff profile. */
    async scopeFor(ctx: RouteContext): Promise<StaffScope> {
      const token = apiTokenOf(ctx);
      if (token) return { allDepartments: true, departmentIds: [], contactData: token.type === 'full-access' };
      const user = ctx.state?.user;
      const profile = user ? await strapi.db.query('plugin::after-sales.staff-profile').findOne({ where: { user: user.id }, populate: { departments: { select: ['id'] } } }) : null;
      if (!profile) throw new errors.ForbiddenError('This user has no staff profile (Content Manager → Staff profile)');
      return { allDepartments: !!profile.seesAllDepartments, departmentIds: profile.departments.map((d: { id: number }) => d.id), contactData: !!profile.seesContactData };
    },

    async list(collection: string, query: Record<string, unknown>, scope: StaffScope) {
      const kinds = getService(strapi, 'item-kinds');
      const kind = kinds.byCollection(collection);
      if (!kind) {
        const known = kinds.list().flatMap((k) => (k.collection ? [k.collection] : []));
        throw new errors.NotFoundError(`No staff list "${collection}" (${known.join(', ')})`);
      }
      const spec = { uid: kind.contentType };
      const problems: FieldError[] = [];
      const one = (name: string): string | undefined => {
        const value = query[name];
        if (value === undefined) return undefined;
        if (typeof value !== 'string' || value.length > 200 || value.includes('\u0000')) {
          problems.push({ path: [name], message: 'must be a single text value' });
          return undefined;
        }
        return value;
      };
      for (const key of Object.keys(query)) if (!ALLOWED_PARAMS.has(key)) problems.push({ path: [key], message: 'is not a known parameter' });

      // Filters, order and count run as plain SQL on the item table and its link tables (no DISTINCT
      // over whole rows, which is what makes the query layer's version slow on a large table); only
      // the page's rows are then read, with their relations, through the query layer.
      const meta = contentTable(strapi, spec.uid);
      const knex = strapi.db.connection;
      const at = (date: Date) => dbTime(strapi, date);
      const column = (attribute: string) => `t.${meta.attributes[attribute].columnName}`;
      /** Ids of items whose `relation` points at a row of `target` matching `filter`. */
      const linked = (relation: string, filter: (q: Builder) => void, target?: string) => {
        const join = meta.attributes[relation].joinTable!;
        const related = knex(join.name).select(join.joinColumn.name);
        if (target) related.whereIn(join.inverseJoinColumn.name, knex(target).select('id').where(filter));
        else related.where(filter);
        return related;
      };
      const conditions: ((q: Builder) => void)[] = [];
      const workflow = getService(strapi, 'workflow').definitionFor(spec.uid);
      const states = one('state')?.split(',');
      if (states) {
        const known = new Set(workflow?.states.map((s) => s.id) ?? []);
        const unknown = states.filter((s) => !known.has(s));
        if (unknown.length) problems.push({ path: ['state'], message: `unknown state ${unknown.join(', ')}` });
        conditions.push((q) => q.whereIn(column('state'), states));
      }
      const departments = one('department')?.split(',');
      if (departments)
        conditions.push((q) =>
          q.whereIn(
            't.id',
            linked('department', (d: Builder) => d.whereIn('code', departments), 'departments')
          )
        );
      const assignee = one('assignee');
      // The filter reads the kind's assignee relation where it is called `assignee` (a service
      // record's technician is not filtered by it, as before).
      if (assignee !== undefined && kind.assigneeField === 'assignee') {
        const link = meta.attributes.assignee.joinTable!;
        if (assignee === 'unassigned')
          conditions.push((q) =>
            q.whereNotIn(
              't.id',
              linked('assignee', (l: Builder) => l.whereNotNull(link.joinColumn.name))
            )
          );
        else if (/^\d+$/.test(assignee))
          conditions.push((q) =>
            q.whereIn(
              't.id',
              linked('assignee', (l: Builder) => l.where(link.inverseJoinColumn.name, Number(assignee)))
            )
          );
        else problems.push({ path: ['assignee'], message: 'must be an admin user id or "unassigned"' });
      }
      const severity = one('severity');
      if (severity !== undefined) {
        const ladder = kind.severity?.ladder ?? [];
        if (!kind.severity) problems.push({ path: ['severity'], message: `does not apply to ${collection}` });
        else if (!ladder.includes(severity)) problems.push({ path: ['severity'], message: `must be ${ladder.slice(0, -1).join(', ')}${ladder.length > 1 ? ' or ' : ''}${ladder[ladder.length - 1]}` });
        else conditions.push((q) => q.where(column(kind.severity!.field), severity));
      }
      const overdue = one('overdue');
      if (overdue !== undefined) {
        if (overdue !== 'true' && overdue !== 'false') problems.push({ path: ['overdue'], message: 'must be true or false' });
        else {
          const now = at(getService(strapi, 'clock').now());
          const done = workflow ? workflow.states.filter((s) => s.category === 'done').map((s) => s.id) : [];
          // One definition of overdue: a clock row of the item has run past its due time.
          const lateAndOpen = (q: Builder) => q.whereIn('t.document_id', overdueClockRows(knex, spec.uid, now)).whereNotIn(column('state'), done);
          conditions.push((q) => (overdue === 'true' ? q.where(lateAndOpen) : q.whereNot(lateAndOpen)));
        }
      }
      const product = one('product');
      if (product !== undefined)
        conditions.push((q) =>
          q.whereIn(
            't.id',
            linked('product', (p: Builder) => p.where('model_code', product), 'products')
          )
        );
      const batch = one('batch');
      if (batch !== undefined) {
        if (!meta.attributes.batch) problems.push({ path: ['batch'], message: `does not apply to ${collection}` });
        else conditions.push((q) => q.where(column('batch'), batch));
      }
      for (const [name, op] of [
        ['from', '>='],
        ['to', '<'],
      ] as const) {
        const value = one(name);
        if (value === undefined) continue;
        if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) problems.push({ path: [name], message: 'must be an ISO date' });
        else conditions.push((q) => q.where(column('createdAt'), op, at(new Date(value))));
      }
      const page = Number(one('page') ?? 1);
      const pageSize = Number(one('pageSize') ?? 25);
      if (!Number.isInteger(page) || page < 1 || page > 100000) problems.push({ path: ['page'], message: 'must be a whole number from 1' });
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) problems.push({ path: ['pageSize'], message: 'must be a whole number from 1 to 100' });
      const [sortField, sortOrder = 'desc'] = (one('sort') ?? 'createdAt:desc').split(':');
      if (!SORTABLE.has(sortField) || !['asc', 'desc'].includes(sortOrder)) problems.push({ path: ['sort'], message: `must be one of ${[...SORTABLE].join(', ')} with :asc or :desc` });
      if (problems.length) throw invalidInput(problems);

      if (!scope.allDepartments) {
        const ids = scope.departmentIds.length ? scope.departmentIds : [-1];
        conditions.push((q) =>
          q.whereIn(
            't.id',
            linked('department', (l: Builder) => l.whereIn(meta.attributes.department.joinTable!.inverseJoinColumn.name, ids))
          )
        );
      }
      const filtered = () => {
        const query = knex.from(`${meta.tableName} as t`);
        for (const condition of conditions) condition(query);
        return query;
      };
      const customerFields = ['name', 'company', 'segment', 'locale', 'phone', 'email', ...(scope.contactData ? ['wechat'] : [])];
      const customerField = kind.customerField;
      const populate: Record<string, unknown> = {
        ...(customerField ? { [customerField]: { select: ['documentId', ...customerFields] } } : {}),
        product: { select: ['documentId', 'modelCode', 'name'] },
        department: { select: ['documentId', 'code', 'name'] },
      };
      if (kind.assigneeField) populate[kind.assigneeField] = { select: ['id', 'firstname', 'lastname'] };
      const [pageIds, counted] = await Promise.all([
        filtered()
          .select('t.id')
          .orderBy([
            { column: column(sortField), order: sortOrder },
            { column: 't.id', order: 'desc' },
          ])
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        filtered().count({ count: '*' }).first(),
      ]);
      const ids = pageIds.map((r: { id: number }) => Number(r.id));
      const found: ItemRecord[] = ids.length ? await queryOf(strapi, spec.uid).findMany({ where: { id: { $in: ids } }, populate }) : [];
      const byId = new Map(found.map((row) => [Number(row.id), row]));
      const rows = ids.map((id: number) => byId.get(id)).filter((row): row is ItemRecord => !!row);
      const total = Number((counted as { count?: number | string } | undefined)?.count ?? 0);
      const hidden = new Set(['trackingTokenHash', 'createdBy', 'updatedBy', 'publishedAt', 'locale']);
      const data = rows.map((row) => {
        const item = Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.has(k)));
        if (customerField && row[customerField] && !scope.contactData) item[customerField] = getService(strapi, 'contact-data').guardCustomer(row[customerField], STAFF_MASKED);
        for (const person of kind.assigneeField ? [kind.assigneeField] : []) {
          const assigned = row[person] as PersonRef | null | undefined;
          if (assigned) item[person] = { id: assigned.id, name: staffName({ firstname: assigned.firstname, lastname: assigned.lastname }, '') as string };
        }
        return item;
      });
      return { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
    },

    /** One page of a work queue (see `QueuePageInput`), soonest due first, keyset-paged; the rows in full. */
    async page(input: QueuePageInput): Promise<{ rows: QueueRow[]; nextCursor: string | null }> {
      const { keys, byRank, nextCursor } = await pageKeysOf(input);
      return { rows: keys.length ? await rowsOf(keys, byRank, input.locale) : [], nextCursor };
    },
    /**
     * The items of one page of a work queue, in its order, as a few columns each (reference, summary, customer): for a
     * caller that ranks or filters many candidates and then reads only those it shows in full (`rows`), as the global
     * search does with its 200 candidates.
     */
    async candidates(input: QueuePageInput): Promise<{ items: QueueCandidate[]; nextCursor: string | null }> {
      const knex = strapi.db.connection;
      const { keys, byRank, nextCursor } = await pageKeysOf(input);
      const found = new Map<string, QueueCandidate>();
      for (const [rank, kind] of byRank) {
        const ids = keys.filter((k) => k.kind_rank === rank).map((k) => k.id);
        if (!ids.length) continue;
        const meta = contentTable(strapi, kind.contentType);
        const column = (field: string | undefined) => (field && meta.attributes[field] ? columnOf(meta, field) : null);
        const query = knex(`${meta.tableName} as t`).whereIn('t.id', ids).select('t.id', 't.document_id');
        const reference = column('reference');
        const summary = column(kind.summaryField);
        if (reference) query.select(`t.${reference} as reference`);
        if (summary) query.select(`t.${summary} as summary`);
        const link = kind.customerField ? meta.attributes[kind.customerField]?.joinTable : undefined;
        const target = kind.customerField ? modelOf(strapi, kind.contentType)?.attributes[kind.customerField]?.target : undefined;
        if (link && target)
          query
            .leftJoin(`${link.name} as cl`, `cl.${link.joinColumn.name}`, 't.id')
            .leftJoin(`${contentTable(strapi, target).tableName} as c`, 'c.id', `cl.${link.inverseJoinColumn.name}`)
            .select('c.document_id as customer_document_id');
        const rows: { id: number | string; document_id: string; reference?: string | null; summary?: string | null; customer_document_id?: string | null }[] = await query;
        for (const row of rows)
          found.set(`${rank}:${Number(row.id)}`, {
            kind: kind.id,
            contentType: kind.contentType,
            id: Number(row.id),
            documentId: row.document_id,
            reference: row.reference ?? null,
            summary: summaryOf(row.summary),
            customerDocumentId: row.customer_document_id ?? null,
          });
      }
      return { items: keys.flatMap((k) => found.get(`${k.kind_rank}:${k.id}`) ?? []), nextCursor };
    },

    /** The queue rows of these items (kind and id, from `candidates`), in the order given, in full. */
    async rows(items: { contentType: string; id: number }[], locale?: string): Promise<QueueRow[]> {
      const all = collectionKinds();
      const byRank = new Map<number, ItemKind>();
      const keys: QueueKey[] = [];
      for (const item of items) {
        const rank = all.findIndex((k) => k.contentType === item.contentType);
        if (rank < 0) continue;
        byRank.set(rank, all[rank]);
        keys.push({ kind_rank: rank, id: item.id, due: 0 });
      }
      return keys.length ? rowsOf(keys, byRank, locale) : [];
    },
  };
};

export default staffQueue;
