/**
 * The monthly report's figures (`GET /after-sales/reports/monthly`, archived snapshots, exports),
 * shared by the server, which computes them, and the admin's Reports page, which shows them.
 * Types only: nothing here exists at run time.
 */
export interface Count {
  key: string | null;
  count: number;
}

export interface HighFrequencyIssue {
  productModel: string;
  batch: string | null;
  groupedBy: 'type' | 'knowledge-article';
  key: string;
  count: number;
  references: string[];
  /** The improvement record started from this issue (live, not part of the figures). */
  improvementRecord?: { documentId: string; reference: string | null; state: string } | null;
}

export interface MonthlyReport {
  month: string;
  scope: { product: string | null; department: string | null };
  period: { start: string; end: string; timeZone: string };
  volume: { total: number; byType: Count[]; bySeverity: Count[]; byChannel: Count[] };
  satisfaction: { responses: number; average: number | null; distribution: { score: number; count: number }[] };
  reopen: { items: number; reopened: number; rate: number | null };
  complaints: { total: number; byCause: Count[]; rateByDepartment: { department: string; complaints: number; itemsHandled: number; rate: number | null }[] };
  topRootCauses: Count[];
  highFrequencyIssues: HighFrequencyIssue[];
  highFrequencyThreshold: number;
  sla: SlaFigures;
}

/** One SLA clock's figures for the month. */
export interface SlaClockFigures {
  clock: string;
  /** The item kind's id (feedback, complaint, service-record, improvement…). */
  contentType: string;
  /** Clocks stopped in the month plus clocks still running whose due date passed in the month. */
  total: number;
  /** Stopped in the month no later than their due date. */
  met: number;
  /** Still running, due date passed in the month (counted as breached). */
  overdueOpen: number;
  compliance: number | null;
  /**
   * Time used from start to stop (pauses excluded) of the clocks stopped in the month, nearest rank:
   * working time for clocks on a business target, elapsed time for the others (e.g. 24 h promises).
   */
  measured: number;
  medianBusinessMs: number | null;
  p90BusinessMs: number | null;
  /** What the clock's runs in the month measured: working time, elapsed time, or null when none was counted. */
  measure?: 'business' | 'elapsed' | null;
}

export interface SlaFigures {
  calendar: string;
  businessDayMs: number;
  clocks: SlaClockFigures[];
}

/** An archived snapshot of a month's report, as listed and shown by the Reports page. */
export interface Snapshot {
  id: number;
  month: string;
  scope: string;
  generatedAt: string;
  generatedBy: string | null;
  figures: MonthlyReport;
}
