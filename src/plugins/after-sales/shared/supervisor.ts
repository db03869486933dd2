/**
 * The supervisor's view (`GET /after-sales/supervisor`): per staff member, for a period, the figures a
 * department head reviews, shared by the server, which computes them, and the admin page, which
 * shows them, with the lists of drill-downs and sort keys both check.
 */
export interface ClockFigure {
  contentType: string;
  clock: string;
  /** Clocks stopped in the period (cancelled runs aside) plus running ones whose due time passed in it. */
  total: number;
  met: number;
  rate: number | null;
}

export type StaffKind = 'agent' | 'engineer' | 'other';

export interface StaffFigures {
  person: { id: number; name: string; email: string; kind: StaffKind; roles: { code: string; name: string }[]; departments: string[] };
  /** Feedback and complaints assigned to the person and closed in the period, service records they performed in it. */
  handled: { total: number; feedback: number; complaint: number; serviceRecord: number };
  onTime: { total: number; met: number; rate: number | null; clocks: ClockFigure[] };
  /** Median of creation → closing (performed, for service records) over the items handled, in ms. */
  medianHandlingMs: number | null;
  /** Satisfaction scores (surveys and callbacks) of the feedback handled. */
  satisfaction: { responses: number; average: number | null };
  /** Feedback handled that was reopened (a score under 4 starts a second round). */
  reopen: { items: number; reopened: number; rate: number | null };
  /** Complaints created in the period naming the person as responsible. */
  complaintsResponsible: number;
  /** Training sessions attended in the period. */
  training: { count: number; sessions: { documentId: string; date: string; topic: string }[] };
}

export interface SupervisorView {
  period: { from: string; to: string; timeZone: string };
  /** `all`: a manager's view of every department; `headed`: a head's view of the departments they head. */
  scope: 'all' | 'headed';
  departments: { code: string; name: string }[];
  staff: StaffFigures[];
}

/** What a figure's drill-down lists: the items (or sessions) behind the figure. */
export const SUPERVISOR_DRILLS = ['handled', 'rated', 'reopened', 'clock', 'late', 'complaints', 'training'] as const;
export type SupervisorDrill = (typeof SUPERVISOR_DRILLS)[number];

export interface DrillRow {
  contentType: string;
  documentId: string;
  reference: string | null;
  state: string | null;
  /** When it counted: closed / performed, the clock's stop or due time, the complaint's creation, the session's date. */
  at: string | null;
  /** The figure's own value for this row: the score, met or late, the clock, the topic. */
  detail: string | number | null;
  /**
   * Whether the viewer may open it (the Content Manager's read rule, as the case screen applies it): a head
   * counts a member's work in another department's items, but opens only what their role reads.
   */
  readable: boolean;
}

export const SUPERVISOR_SORT_KEYS = ['name', 'handled', 'onTime', 'medianHandlingMs', 'satisfaction', 'reopenRate', 'complaints', 'training'] as const;
export type SupervisorSortKey = (typeof SUPERVISOR_SORT_KEYS)[number];
