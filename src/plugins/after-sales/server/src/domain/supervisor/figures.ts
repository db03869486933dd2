import { staffName } from '../staff/display-name';
import type { ClockFigure, StaffFigures, StaffKind, SupervisorSortKey } from '../../../../shared/supervisor';

/**
 * The supervisor's view (003 一.1: the supervisor watches each member's daily performance; 001 三.4:
 * complaint responsibility feeds performance reviews): who a viewer may see, and each staff
 * member's figures put together from the counts the database grouped. Pure: no Strapi, no storage.
 */

export interface StaffMember {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email: string;
  roles: { code: string; name: string }[];
}

export interface DepartmentStaff {
  code: string;
  name: string;
  headId: number | null;
  memberIds: number[];
}

/**
 * Whose figures a viewer sees: a manager (holding the "every department" permission, or a super
 * admin) every department's members and heads; a department head the members of the departments
 * they head (themselves included); anyone else nobody, which the route answers with a 403.
 */
export const supervisedStaff = (
  viewerId: number,
  seesAll: boolean,
  departments: DepartmentStaff[]
): { ok: true; scope: 'all' | 'headed'; departments: DepartmentStaff[]; staffIds: number[] } | { ok: false } => {
  const visible = seesAll ? departments : departments.filter((d) => d.headId === viewerId);
  if (!seesAll && visible.length === 0) return { ok: false };
  const ids = new Set<number>();
  for (const d of visible) {
    for (const id of d.memberIds) ids.add(id);
    if (d.headId !== null) ids.add(d.headId);
  }
  return { ok: true, scope: seesAll ? 'all' : 'headed', departments: visible, staffIds: [...ids].sort((a, b) => a - b) };
};

/** The name the admin shows (domain/staff), else the user name. */
export const personName = (p: Pick<StaffMember, 'firstname' | 'lastname' | 'username' | 'email'>) => staffName({ firstname: p.firstname, lastname: p.lastname }) ?? p.username ?? p.email;

/** A name as staff type it in a complaint's "responsible person": case, spaces (full-width too) and dots do not count. */
export const nameKey = (text: string) => text.toLowerCase().replace(/[\s\u3000.·]+/g, '');

/**
 * The spellings of a staff member's name a complaint may use: first and last name in either order
 * (Chinese names are written family name first), the user name, the email. Keys of two letters or
 * fewer are left out: they would match other people.
 */
export const personNameKeys = (p: Pick<StaffMember, 'firstname' | 'lastname' | 'username' | 'email'>): string[] => {
  const first = p.firstname ?? '';
  const last = p.lastname ?? '';
  const keys = [`${first}${last}`, `${last}${first}`, p.username ?? '', p.email].map(nameKey).filter((k) => k.length > 2 || /[\u0080-\uffff]{2}/.test(k));
  return [...new Set(keys)];
};

/** Agents and engineers by their admin roles (a role code naming an engineer, or an agent); others (managers, sales) are "other". */
export const staffKindOf = (roles: { code: string }[]): StaffKind => {
  if (roles.some((r) => /engineer|technician/.test(r.code))) return 'engineer';
  if (roles.some((r) => /agent/.test(r.code))) return 'agent';
  return 'other';
};

/** What the database grouped per person. */
export interface HandledAggregate {
  person: number;
  feedback: number;
  complaint: number;
  serviceRecord: number;
  medianMs: number | null;
  scoreSum: number;
  scoreCount: number;
  /** Feedback handled, and of those the ones reopened. */
  feedbackItems: number;
  reopened: number;
}
export interface ClockAggregate {
  person: number;
  contentType: string;
  clock: string;
  total: number;
  met: number;
}
export interface TrainingAttendance {
  person: number;
  documentId: string;
  date: string;
  topic: string;
}

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * One row of figures per staff member, in the order given. `clocks` lists the clocks every row
 * reports (a person without any gets zeros, so the columns line up); `complaintsByName` counts
 * complaints by `nameKey` of the responsible person.
 */
export const assembleStaffFigures = (args: {
  people: (StaffMember & { departments: string[] })[];
  handled: HandledAggregate[];
  clocks: ClockAggregate[];
  clockList: { contentType: string; clock: string }[];
  complaintsByName: Map<string, number>;
  training: TrainingAttendance[];
}): StaffFigures[] =>
  args.people.map((p) => {
    const h = args.handled.find((row) => row.person === p.id);
    const clocks: ClockFigure[] = args.clockList.map(({ contentType, clock }) => {
      const row = args.clocks.find((c) => c.person === p.id && c.contentType === contentType && c.clock === clock);
      const total = row?.total ?? 0;
      const met = row?.met ?? 0;
      return { contentType, clock, total, met, rate: ratio(met, total) };
    });
    const clockTotal = clocks.reduce((sum, c) => sum + c.total, 0);
    const clockMet = clocks.reduce((sum, c) => sum + c.met, 0);
    const sessions = args.training.filter((t) => t.person === p.id).sort((a, b) => b.date.localeCompare(a.date) || a.topic.localeCompare(b.topic));
    const feedback = h?.feedback ?? 0;
    const complaint = h?.complaint ?? 0;
    const serviceRecord = h?.serviceRecord ?? 0;
    return {
      person: { id: p.id, name: personName(p), email: p.email, kind: staffKindOf(p.roles), roles: p.roles.map((r) => ({ code: r.code, name: r.name })), departments: p.departments },
      handled: { total: feedback + complaint + serviceRecord, feedback, complaint, serviceRecord },
      onTime: { total: clockTotal, met: clockMet, rate: ratio(clockMet, clockTotal), clocks },
      medianHandlingMs: h?.medianMs ?? null,
      satisfaction: { responses: h?.scoreCount ?? 0, average: h && h.scoreCount > 0 ? Math.round((h.scoreSum / h.scoreCount) * 100) / 100 : null },
      reopen: { items: h?.feedbackItems ?? 0, reopened: h?.reopened ?? 0, rate: ratio(h?.reopened ?? 0, h?.feedbackItems ?? 0) },
      complaintsResponsible: personNameKeys(p).reduce((sum, key) => sum + (args.complaintsByName.get(key) ?? 0), 0),
      training: { count: sessions.length, sessions: sessions.map(({ documentId, date, topic }) => ({ documentId, date, topic })) },
    };
  });

/** The value each sort key compares (null: the person has no such figure). */
const SORT_VALUE: Record<SupervisorSortKey, (row: StaffFigures) => number | string | null> = {
  name: (row) => row.person.name.toLowerCase(),
  handled: (row) => row.handled.total,
  onTime: (row) => row.onTime.rate,
  medianHandlingMs: (row) => row.medianHandlingMs,
  satisfaction: (row) => row.satisfaction.average,
  reopenRate: (row) => row.reopen.rate,
  complaints: (row) => row.complaintsResponsible,
  training: (row) => row.training.count,
};

/** Sorted by one figure; people without the figure (no items, no score) come last either way, then by name. */
export const sortStaffFigures = (rows: StaffFigures[], key: SupervisorSortKey, direction: 'asc' | 'desc'): StaffFigures[] =>
  [...rows].sort((a, b) => {
    const x = SORT_VALUE[key](a);
    const y = SORT_VALUE[key](b);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null && x !== y) {
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : x < Number(y) ? -1 : 1;
      return direction === 'asc' ? order : -order;
    }
    return a.person.name.localeCompare(b.person.name) || a.person.id - b.person.id;
  });
