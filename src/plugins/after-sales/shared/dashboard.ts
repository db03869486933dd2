/**
 * The dashboard's answer (`GET /after-sales/dashboard`), shared by the server, which must return
 * it, and the admin, which reads it. Types only: nothing here exists at run time.
 */
import type { KeptFiguresInfo, OfficeFigures, RegionFigures } from './reports';

export type Urgency = 'breached' | 'at-risk' | 'on-track';
/** The item kind's id (its workflow's): feedback, complaint, service-record, improvement, or a third party's. */
export type WorkItemKind = string;

export interface DashboardRow {
  kind: WorkItemKind;
  contentType: string;
  documentId: string;
  reference: string;
  state: string;
  stateTitle: string;
  summary: string | null;
  severity: string | null;
  department: string | null;
  assignee: string | null;
  clock: string | null;
  dueAt: string | null;
  remainingWorkingMs: number | null;
  /** The pressing clock's measure (working or elapsed time) and working-day length, for shared/durations.ts. */
  measure: 'business' | 'elapsed' | null;
  workingDayMs: number | null;
  urgency: Urgency | null;
  /** The last escalation level the SLA sweep recorded for the item (`at-risk`, `breached`, `overdue`…), if any. */
  escalationLevel: string | null;
}

/** One department's decision on a plan (complaint or improvement record). */
export interface ApprovalStep {
  department: string;
  departmentName: string;
  decision: 'approved' | 'rejected' | null;
  approverName: string | null;
  decidedAt: string | null;
}

/** Where an item's plan approval stands: `approved` of `total` departments, each with who decided. */
export interface ApprovalProgress {
  approved: number;
  total: number;
  steps: ApprovalStep[];
}

/** An item whose plan waits for the caller's approval (they head a department that has not decided). */
export interface ApprovalRow {
  kind: 'complaint' | 'improvement-record';
  contentType: string;
  documentId: string;
  reference: string;
  stateTitle: string;
  summary: string | null;
  waitingFor: string[];
  progress: ApprovalProgress;
}

export interface DashboardQueue {
  total: number;
  rows: DashboardRow[];
  /** Pages of `pageSize` rows (the department queue is paged: `?page=`). */
  page?: number;
  pageSize?: number;
  pageCount?: number;
}

export interface Dashboard {
  period: { from: string; to: string; start: string; end: string; timeZone: string };
  myQueue: DashboardQueue;
  departmentQueue: DashboardQueue;
  /** Codes of the departments the counts cover (the caller's), null for every department (super admins). */
  scopeDepartments: string[] | null;
  /** The codes of the offices the user works in (null: none, or every department). */
  scopeOffices: string[] | null;
  breached: DashboardRow[];
  awaitingApproval: ApprovalRow[];
  atRisk: DashboardRow[];
  /**
   * When the counts by state, the weekly charts and the month's figures were computed (`asOf`, the older
   * of the two). `kept`: a large scope's figures are kept and shared a while (refreshed in the background
   * after `freshSeconds`, never served older than `staleSeconds`); otherwise they were counted for this answer.
   * The lists (queues, overdue, at risk, approvals) are always read for the answer.
   */
  figures: KeptFiguresInfo;
  countsByState: { kind: WorkItemKind; contentType: string; states: { state: string; title: string; category: string; count: number }[] }[];
  weeklyVolume: { types: string[]; weeks: { week: string; counts: Record<string, number> }[] };
  satisfactionTrend: { week: string; responses: number; average: number | null }[];
  options: { departments: { code: string; name: string }[]; products: { modelCode: string; name: string }[]; offices: { code: string; name: string; region: string }[] };
  month: {
    month: string;
    threshold: number;
    complaintRateByDepartment: { department: string; complaints: number; itemsHandled: number; rate: number | null }[];
    /** Counts only: `GET /after-sales/dashboard/issue-references` pages an issue's references (a group can hold thousands). */
    highFrequencyIssues: { productModel: string; batch: string | null; groupedBy: string; key: string; count: number }[];
    /** The month's figures by region and by office (the monthly report's service network). */
    regions: RegionFigures[];
    offices: OfficeFigures[];
  };
}
