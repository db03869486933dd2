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
  /**
   * The items' references: every one in exports and archived reports; in the report's JSON and the
   * dashboard only the first few (`GET /reports/monthly/issue-references` pages the rest).
   */
  references: string[];
  /** How many of the issue's references `references` leaves out (absent in reports archived before it existed). */
  referencesOmitted?: number;
  /** The improvement record started from this issue (live, not part of the figures). */
  improvementRecord?: { documentId: string; reference: string | null; state: string } | null;
}

/** What one office (or head office: `office` null) received and how it did in the month. */
export interface ServiceNetworkFigures {
  /** Items received in the month: feedback, complaints, service records (returns and exchanges among them). */
  volume: { total: number; feedback: number; complaints: number; serviceRecords: number; returnsAndExchanges: number };
  /** SLA clocks of its items in the month's cohort (as in `sla`): met on time of all counted. */
  onTime: { total: number; met: number; rate: number | null };
  /** Satisfaction scores of its feedback closed in the month. */
  satisfaction: { responses: number; average: number | null };
  /** Complaints among the feedback and complaints it received in the month. */
  complaintRate: number | null;
}

export interface OfficeFigures extends ServiceNetworkFigures {
  /** null: items of no office (head office). */
  office: { code: string; name: string; region: string } | null;
}

/** A product model × feedback type received in a region more than the threshold in the month. */
export interface RegionalIssue {
  productModel: string;
  type: string;
  count: number;
}

export interface RegionFigures extends ServiceNetworkFigures {
  /** null: items of no office (head office). */
  region: string | null;
  offices: string[];
  highFrequencyIssues: RegionalIssue[];
}

/**
 * When figures the server keeps a little while were computed (`asOf`), whether they were kept (`kept`: slow to
 * compute, so shared and refreshed in the background for `freshSeconds`, never older than `staleSeconds`).
 */
export interface KeptFiguresInfo {
  asOf: string;
  kept: boolean;
  freshSeconds: number;
  staleSeconds: number;
}

export interface MonthlyReport {
  month: string;
  scope: { product: string | null; department: string | null; region?: string | null; office?: string | null };
  period: { start: string; end: string; timeZone: string };
  volume: { total: number; byType: Count[]; bySeverity: Count[]; byChannel: Count[] };
  satisfaction: { responses: number; average: number | null; distribution: { score: number; count: number }[] };
  reopen: { items: number; reopened: number; rate: number | null };
  complaints: { total: number; byCause: Count[]; rateByDepartment: { department: string; complaints: number; itemsHandled: number; rate: number | null }[] };
  topRootCauses: Count[];
  highFrequencyIssues: HighFrequencyIssue[];
  highFrequencyThreshold: number;
  sla: SlaFigures;
  /** The service network: figures per region and per office (absent from reports archived before offices existed). */
  regions?: RegionFigures[];
  offices?: OfficeFigures[];
  /**
   * The report sections contributed by extensions (`contributes.reports`) that answered for this
   * month, as shown on the Reports page: kept with an archived snapshot and written into the exports.
   */
  sections?: ReportSectionTable[];
}

/** A contributed report section's table (texts as `{ en, zh-Hans }` or one text). */
export interface ReportSectionTable {
  id: string;
  extensionId: string;
  title: string | { en: string; 'zh-Hans'?: string };
  columns: { key: string; title: string | { en: string; 'zh-Hans'?: string } }[];
  rows: Record<string, string | number | boolean | null>[];
  note?: string | { en: string; 'zh-Hans'?: string };
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
