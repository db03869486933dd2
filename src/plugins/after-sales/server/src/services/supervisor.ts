import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPES, TABLES } from '../constants';
import {
  assembleStaffFigures,
  personName,
  personNameKeys,
  sortStaffFigures,
  supervisedStaff,
  type ClockAggregate,
  type DepartmentStaff,
  type HandledAggregate,
  type StaffMember,
  type TrainingAttendance,
} from '../domain/supervisor/figures';
import type { SupervisorPeriod } from '../domain/supervisor/period';
import type { DrillRow, SupervisorDrill, SupervisorSortKey, SupervisorView } from '../../../shared/supervisor';
import { dbTime, fromDbTime } from '../utils/db-time';
import { columnOf, contentTable } from '../utils/content-table';
import { staffActorName } from '../domain/staff/display-name';
import { adminMay, type AdminUserRef } from '../utils/admin-permissions';
import { errors, invalidInput } from '../utils/http-errors';
import { getService } from '../utils/get-service';
import { linkOf } from '../utils/relation-link';

/** A drill's row as the database gives it, before it is marked readable or not for the viewer. */
type FoundRow = Omit<DrillRow, 'readable'>;

/** The audit trail's "content type" of the supervisor's view: each access is one event there. */
export const SUPERVISOR_AUDIT_TYPE = 'plugin::after-sales.supervisor';
/** At most this many rows in a drill-down (the newest first). */
export const DRILL_LIMIT = 500;

/**
 * The kinds whose items count as a person's work, and the field that says the item was handled:
 * feedback and complaints when closed, service records when performed (the visit or repair is the
 * technician's work; signing and archiving follow on paper). The person is the kind's assignee.
 */
const HANDLED_AT: Record<string, string> = { feedback: 'closedAt', complaint: 'closedAt', 'service-record': 'performedAt' };

export type Viewer = AdminUserRef & { firstname?: string | null; lastname?: string | null; email?: string | null };

/** SQL counts and sums: numbers on SQLite, text on PostgreSQL (bigint, numeric); read through Number(). */
type Tally = number | string;
/** A datetime column as raw knex returns it (epoch milliseconds on SQLite, a Date or text on PostgreSQL). */
type DbTime = number | string | Date | null;

interface HandledFiguresRow {
  person: number | string;
  feedback: Tally | null;
  complaint: Tally | null;
  service_record: Tally | null;
  median: Tally | null;
  score_sum: Tally | null;
  score_count: Tally | null;
  reopened: Tally | null;
}
interface ClockFiguresRow {
  person: number | string;
  clock: string;
  total: Tally;
  met: Tally | null;
}
interface TrainingRow {
  person?: number | string;
  document_id: string;
  date: string | Date | null;
  topic: string | null;
}
/** An item in a drill-down: the item's columns, plus the clock's or the figure's own. */
interface DrillItemRow {
  document_id: string;
  reference: string | null;
  state: string | null;
  handled_at?: DbTime;
  satisfaction_score?: Tally | null;
  reopen_count?: Tally | null;
  stopped_at?: DbTime;
  due_at?: DbTime;
  met?: boolean | number | null;
  created_at?: DbTime;
}
/** A department with its head and members (ids), as the query layer returns it. */
interface DepartmentRow {
  code: string;
  name: string;
  head?: { id: number } | null;
  members?: { id: number }[] | null;
}
/** An admin user with its roles, as the query layer returns it. */
interface AdminUserRow {
  id: number;
  firstname: string | null;
  lastname: string | null;
  username: string | null;
  email: string;
  roles?: { code: string; name: string }[] | null;
}

export interface DrillQuery {
  person: number;
  drill: SupervisorDrill;
  contentType?: string;
  clock?: string;
}

/**
 * The supervisor's view: per staff member of the departments a viewer heads (every department for
 * a manager), the items handled, on-time rate per SLA clock, median handling time, satisfaction,
 * reopen rate, complaints naming them responsible and the training attended; and the items behind
 * each figure. Everything is grouped in SQL over the items of the people shown (no item is loaded
 * to count it); each access is written to the audit trail.
 */
const supervisor = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  const at = (date: Date) => dbTime(strapi, date);
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  /** Milliseconds between two datetime columns: SQLite stores epoch milliseconds, PostgreSQL timestamps. */
  const elapsedMs = (end: string, start: string) => (isSqlite() ? `(${end} - ${start})` : `(EXTRACT(EPOCH FROM (${end} - ${start})) * 1000)`);
  /** The responsible person as `nameKey` reads it (spaces, full-width spaces, dots and case left out). */
  const nameKeySql = (column: string) => `LOWER(REPLACE(REPLACE(REPLACE(REPLACE(${column}, ' ', ''), '\u3000', ''), '.', ''), '·', ''))`;

  /** The supervised kinds as stored: table, assignee link, handled-at column. */
  const kinds = () =>
    getService(strapi, 'item-kinds')
      .list()
      .flatMap((kind) => {
        const meta = contentTable(strapi, kind.contentType);
        const handledAt = HANDLED_AT[kind.id];
        const person = meta ? linkOf(meta, kind.assigneeField) : null;
        if (!meta || !handledAt || !person || !meta.attributes[handledAt]) return [];
        return [{ id: kind.id, uid: kind.contentType, table: meta.tableName as string, person, handledAt: columnOf(meta, handledAt), clocks: (kind.clocks ?? []).map((c) => c.field), meta }];
      });
  type Kind = ReturnType<typeof kinds>[number];

  /** A kind's items assigned to these people, as `i` with the person in `l`. */
  const itemsOf = (kind: Kind, people: number[]) => knex().from(`${kind.table} as i`).join(`${kind.person.table} as l`, `l.${kind.person.item}`, 'i.id').whereIn(`l.${kind.person.target}`, people);
  const handledIn = (kind: Kind, people: number[], period: SupervisorPeriod) =>
    itemsOf(kind, people).where(`i.${kind.handledAt}`, '>=', at(period.start)).andWhere(`i.${kind.handledAt}`, '<', at(period.end));
  /**
   * The clock rows counted for a period, as the monthly report counts them: stopped in the period
   * (cancelled runs, with no `met`, left out) or still running with their due time passed in it.
   */
  const clocksIn = (kind: Kind, people: number[], period: SupervisorPeriod) => {
    const now = getService(strapi, 'clock').now();
    const openUntil = now.getTime() < period.end.getTime() ? now : period.end;
    return itemsOf(kind, people)
      .join(`${TABLES.slaClocks} as k`, 'k.document_id', 'i.document_id')
      .where('k.content_type', kind.uid)
      .where((q) =>
        q
          .where((s) => s.whereNotNull('k.met').andWhere('k.stopped_at', '>=', at(period.start)).andWhere('k.stopped_at', '<', at(period.end)))
          .orWhere((r) => r.whereNull('k.stopped_at').andWhere('k.due_at', '>=', at(period.start)).andWhere('k.due_at', '<', at(openUntil)))
      );
  };
  const complaintsNaming = (keys: string[], period: SupervisorPeriod) =>
    knex()
      .from('complaints as c')
      .whereNotNull('c.responsible_person')
      .whereRaw(`${nameKeySql('c.responsible_person')} IN (${(keys.length ? keys : ['']).map(() => '?').join(', ')})`, keys.length ? keys : [''])
      .andWhere('c.created_at', '>=', at(period.start))
      .andWhere('c.created_at', '<', at(period.end));
  const trainingOf = (people: number[], period: SupervisorPeriod) => {
    const meta = contentTable(strapi, CONTENT_TYPES.trainingSession);
    const attendees = linkOf(meta, 'attendees')!;
    return knex()
      .from(`${meta.tableName} as s`)
      .join(`${attendees.table} as a`, `a.${attendees.item}`, 's.id')
      .whereIn(`a.${attendees.target}`, people)
      .andWhere('s.date', '>=', period.from)
      .andWhere('s.date', '<=', period.to);
  };
  /** A `date` column as YYYY-MM-DD (text on SQLite; PostgreSQL's driver may give a Date at local midnight). */
  const isoDate = (value: unknown) => {
    if (value instanceof Date) return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
    return String(value ?? '').slice(0, 10);
  };
  const iso = (value: unknown) => fromDbTime(value)?.toISOString() ?? null;

  /** Items handled per person: counts per kind, the nearest-rank median of creation → handled, scores and reopenings (feedback). */
  const handledFigures = async (people: number[], period: SupervisorPeriod): Promise<HandledAggregate[]> => {
    const branches = kinds().map((kind) =>
      handledIn(kind, people, period).select(
        knex().raw(`l.${kind.person.target} AS person`),
        knex().raw('CAST(? AS VARCHAR(40)) AS kind', [kind.id]),
        knex().raw(`${elapsedMs(`i.${kind.handledAt}`, 'i.created_at')} AS ms`),
        knex().raw(kind.id === 'feedback' ? 'i.satisfaction_score AS score' : 'CAST(NULL AS INTEGER) AS score'),
        knex().raw(kind.id === 'feedback' ? 'CASE WHEN i.reopen_count > 0 THEN 1 ELSE 0 END AS reopened' : 'CAST(NULL AS INTEGER) AS reopened')
      )
    );
    if (!branches.length) return [];
    const [first, ...rest] = branches;
    const cohort = rest.length ? first.unionAll(rest) : first;
    const ranked = knex()
      .from('cohort')
      .select('person', 'kind', 'ms', 'score', 'reopened', knex().raw('ROW_NUMBER() OVER (PARTITION BY person ORDER BY ms) AS rn'), knex().raw('COUNT(*) OVER (PARTITION BY person) AS n'));
    const rows: HandledFiguresRow[] = await knex().with('cohort', cohort).with('ranked', ranked).from('ranked').groupBy('person').select(
      'person',
      knex().raw("SUM(CASE WHEN kind = 'feedback' THEN 1 ELSE 0 END) AS feedback"),
      knex().raw("SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END) AS complaint"),
      knex().raw("SUM(CASE WHEN kind = 'service-record' THEN 1 ELSE 0 END) AS service_record"),
      // The nearest rank ⌈n / 2⌉ in integer arithmetic, as the monthly report's percentiles.
      knex().raw('MAX(CASE WHEN rn = (n * 50 + 99) / 100 THEN ms END) AS median'),
      knex().raw('SUM(score) AS score_sum'),
      knex().raw('COUNT(score) AS score_count'),
      knex().raw('SUM(reopened) AS reopened')
    );
    return rows.map((r) => ({
      person: Number(r.person),
      feedback: Number(r.feedback ?? 0),
      complaint: Number(r.complaint ?? 0),
      serviceRecord: Number(r.service_record ?? 0),
      medianMs: r.median === null || r.median === undefined ? null : Math.round(Number(r.median)),
      scoreSum: Number(r.score_sum ?? 0),
      scoreCount: Number(r.score_count ?? 0),
      feedbackItems: Number(r.feedback ?? 0),
      reopened: Number(r.reopened ?? 0),
    }));
  };

  const clockFigures = async (people: number[], period: SupervisorPeriod): Promise<ClockAggregate[]> => {
    const perKind = await Promise.all(
      kinds().map(async (kind) => {
        const rows: ClockFiguresRow[] = await clocksIn(kind, people, period)
          .groupBy(`l.${kind.person.target}`, 'k.clock')
          .select(
            knex().raw(`l.${kind.person.target} AS person`),
            'k.clock',
            knex().raw('COUNT(*) AS total'),
            knex().raw('SUM(CASE WHEN k.stopped_at IS NOT NULL AND k.met THEN 1 ELSE 0 END) AS met')
          );
        return rows.map((r) => ({ person: Number(r.person), contentType: kind.uid, clock: r.clock as string, total: Number(r.total), met: Number(r.met ?? 0) }));
      })
    );
    return perKind.flat();
  };

  const complaintsByName = async (keys: string[], period: SupervisorPeriod) => {
    const rows: { name_key: string; count: Tally }[] = await complaintsNaming(keys, period)
      .groupBy(knex().raw(nameKeySql('c.responsible_person')))
      .select(knex().raw(`${nameKeySql('c.responsible_person')} AS name_key`), knex().raw('COUNT(*) AS count'));
    return new Map<string, number>(rows.map((r) => [String(r.name_key), Number(r.count)]));
  };

  const trainingAttended = async (people: number[], period: SupervisorPeriod): Promise<TrainingAttendance[]> => {
    const meta = contentTable(strapi, CONTENT_TYPES.trainingSession);
    const attendees = linkOf(meta, 'attendees')!;
    const rows: TrainingRow[] = await trainingOf(people, period).select(knex().raw(`a.${attendees.target} AS person`), 's.document_id', 's.date', 's.topic');
    return rows.map((r) => ({ person: Number(r.person), documentId: r.document_id, date: isoDate(r.date), topic: r.topic ?? '' }));
  };

  /** Who the viewer may see (403 for anyone who heads no department and is no manager), with the people's names and roles. */
  const scopeOf = async (viewer: Viewer) => {
    const seesAll = await adminMay(strapi, viewer, 'supervisor.read-all');
    const rows: DepartmentRow[] = await strapi.db
      .query(CONTENT_TYPES.department)
      .findMany({ orderBy: { code: 'asc' }, select: ['code', 'name'], populate: { head: { select: ['id'] }, members: { select: ['id'] } } });
    const departments: DepartmentStaff[] = rows.map((d) => ({ code: d.code, name: d.name, headId: d.head?.id ?? null, memberIds: (d.members ?? []).map((m: { id: number }) => m.id) }));
    const scope = supervisedStaff(viewer.id, seesAll, departments);
    if (!scope.ok) throw new errors.ForbiddenError("Only department heads (for their members) and managers see the supervisor's view");
    const users: AdminUserRow[] = scope.staffIds.length
      ? await strapi.db
          .query('admin::user')
          .findMany({ where: { id: { $in: scope.staffIds } }, select: ['id', 'firstname', 'lastname', 'username', 'email'], populate: { roles: { select: ['code', 'name'] } } })
      : [];
    const people = users.map((u): StaffMember & { departments: string[] } => ({
      id: u.id,
      firstname: u.firstname,
      lastname: u.lastname,
      username: u.username,
      email: u.email,
      roles: (u.roles ?? []).map((r) => ({ code: r.code, name: r.name })),
      departments: scope.departments.filter((d) => d.headId === u.id || d.memberIds.includes(u.id)).map((d) => d.name),
    }));
    return { ...scope, people };
  };

  const audit = (viewer: Viewer, action: string, documentId: string, note: Record<string, unknown>) =>
    getService(strapi, 'audit').append({
      contentType: SUPERVISOR_AUDIT_TYPE,
      documentId,
      action,
      actor: { kind: 'admin', id: viewer.id, name: staffActorName(viewer) },
      note: JSON.stringify(note),
    });

  /** Items handled (all kinds), or the feedback handled with a score (`rated`) or reopened: the same cohort as the figures. */
  const handledRows = async (people: number[], period: SupervisorPeriod, drill: 'handled' | 'rated' | 'reopened'): Promise<FoundRow[]> => {
    const parts = await Promise.all(
      kinds()
        .filter((k) => drill === 'handled' || k.id === 'feedback')
        .map(async (kind) => {
          const q = handledIn(kind, people, period).select('i.document_id', 'i.reference', 'i.state', knex().raw(`i.${kind.handledAt} AS handled_at`));
          if (drill === 'rated') q.whereNotNull('i.satisfaction_score').select('i.satisfaction_score');
          if (drill === 'reopened') q.where('i.reopen_count', '>', 0).select('i.reopen_count');
          const found: DrillItemRow[] = await q.orderBy(`i.${kind.handledAt}`, 'desc').limit(DRILL_LIMIT + 1);
          return found.map(
            (r): FoundRow => ({
              contentType: kind.uid,
              documentId: r.document_id,
              reference: r.reference ?? null,
              state: r.state ?? null,
              at: iso(r.handled_at),
              detail: drill === 'rated' ? Number(r.satisfaction_score) : drill === 'reopened' ? Number(r.reopen_count) : null,
            })
          );
        })
    );
    return parts.flat();
  };

  /** One clock's counted rows (`clock`), or those not met (`late`: stopped late, or still running past due), each marked met, late or open. */
  const clockRows = async (people: number[], period: SupervisorPeriod, query: DrillQuery): Promise<FoundRow[]> => {
    const kind = kinds().find((k) => k.uid === query.contentType);
    if (!kind) throw invalidInput([{ path: ['contentType'], message: 'is not a kind of item with deadlines' }]);
    if (!query.clock || !kind.clocks.includes(query.clock)) throw invalidInput([{ path: ['clock'], message: `must be one of ${kind.clocks.join(', ')}` }]);
    const q = clocksIn(kind, people, period).where('k.clock', query.clock).select('i.document_id', 'i.reference', 'i.state', 'k.stopped_at', 'k.due_at', 'k.met');
    if (query.drill === 'late') q.where((w: Knex.QueryBuilder) => w.whereNull('k.stopped_at').orWhereRaw('NOT k.met'));
    const found: DrillItemRow[] = await q.orderBy('k.due_at', 'desc').limit(DRILL_LIMIT + 1);
    return found.map((r) => ({
      contentType: kind.uid,
      documentId: r.document_id,
      reference: r.reference ?? null,
      state: r.state ?? null,
      at: iso(r.stopped_at ?? r.due_at),
      detail: r.stopped_at === null || r.stopped_at === undefined ? 'open' : r.met === true || Number(r.met) === 1 ? 'met' : 'late',
    }));
  };

  const drillRows = async (person: StaffMember, period: SupervisorPeriod, query: DrillQuery): Promise<FoundRow[]> => {
    const ids = [person.id];
    if (query.drill === 'handled' || query.drill === 'rated' || query.drill === 'reopened') return handledRows(ids, period, query.drill);
    if (query.drill === 'clock' || query.drill === 'late') return clockRows(ids, period, query);
    if (query.drill === 'complaints') {
      const found: (DrillItemRow & { responsible_person: string })[] = await complaintsNaming(personNameKeys(person), period)
        .select('c.document_id', 'c.reference', 'c.state', 'c.created_at', 'c.responsible_person')
        .orderBy('c.created_at', 'desc')
        .limit(DRILL_LIMIT + 1);
      return found.map((r) => ({
        contentType: CONTENT_TYPES.complaint,
        documentId: r.document_id,
        reference: r.reference ?? null,
        state: r.state ?? null,
        at: iso(r.created_at),
        detail: r.responsible_person,
      }));
    }
    const found: TrainingRow[] = await trainingOf(ids, period)
      .select('s.document_id', 's.date', 's.topic')
      .orderBy('s.date', 'desc')
      .limit(DRILL_LIMIT + 1);
    return found.map((r) => ({ contentType: CONTENT_TYPES.trainingSession, documentId: r.document_id, reference: null, state: null, at: isoDate(r.date), detail: r.topic ?? '' }));
  };

  return {
    timeZone,

    /** The figures of every staff member the viewer supervises, sorted; `export` only changes what the audit records. */
    async view(viewer: Viewer, period: SupervisorPeriod, options: { sort: SupervisorSortKey; direction: 'asc' | 'desc'; purpose: 'view' | 'export' }): Promise<SupervisorView> {
      const scope = await scopeOf(viewer);
      const ids = scope.people.map((p) => p.id);
      const keys = [...new Set(scope.people.flatMap(personNameKeys))];
      const [handled, clocks, complaints, training] = ids.length
        ? await Promise.all([handledFigures(ids, period), clockFigures(ids, period), complaintsByName(keys, period), trainingAttended(ids, period)])
        : [[], [], new Map<string, number>(), []];
      const clockList = kinds().flatMap((k) => k.clocks.map((clock) => ({ contentType: k.uid, clock })));
      const staff = sortStaffFigures(assembleStaffFigures({ people: scope.people, handled, clocks, clockList, complaintsByName: complaints, training }), options.sort, options.direction);
      await audit(viewer, `supervisor.${options.purpose}`, scope.scope, { from: period.from, to: period.to, staff: ids.length, departments: scope.departments.map((d) => d.code) });
      return { period: { from: period.from, to: period.to, timeZone: timeZone() }, scope: scope.scope, departments: scope.departments.map((d) => ({ code: d.code, name: d.name })), staff };
    },

    /** The items (or training sessions) behind one figure of one person, newest first; the person must be one the viewer supervises. */
    async items(viewer: Viewer, period: SupervisorPeriod, query: DrillQuery): Promise<{ person: { id: number; name: string }; rows: DrillRow[]; truncated: boolean }> {
      const scope = await scopeOf(viewer);
      const person = scope.people.find((p) => p.id === query.person);
      if (!person) throw new errors.ForbiddenError('This person is not one of the staff you supervise');
      const found = await drillRows(person, period, query);
      found.sort((a, b) => String(b.at ?? '').localeCompare(String(a.at ?? '')));
      const shown = found.slice(0, DRILL_LIMIT);
      // Each row says whether the viewer may open it: the screen links only those (a link to a refused case screen is a dead end).
      const workflow = getService(strapi, 'workflow');
      const actor = await workflow.adminActor({ id: viewer.id, roles: viewer.roles });
      const readable = new Map<string, Set<string>>();
      for (const contentType of new Set(shown.map((r) => r.contentType)))
        readable.set(
          contentType,
          await workflow.readableAmong(
            contentType,
            shown.filter((r) => r.contentType === contentType).map((r) => r.documentId),
            actor
          )
        );
      const rows = shown.map((r) => ({ ...r, readable: !!readable.get(r.contentType)?.has(r.documentId) }));
      await audit(viewer, 'supervisor.items', String(person.id), { from: period.from, to: period.to, drill: query.drill, contentType: query.contentType ?? null, clock: query.clock ?? null });
      return { person: { id: person.id, name: personName(person) }, rows, truncated: found.length > DRILL_LIMIT };
    },
  };
};

export default supervisor;
