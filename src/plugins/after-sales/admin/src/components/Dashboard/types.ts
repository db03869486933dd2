export type Urgency = 'breached' | 'at-risk' | 'on-track';

export interface DashboardRow {
  kind: 'feedback' | 'complaint' | 'service-record';
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
  urgency: Urgency | null;
}

export interface Dashboard {
  period: { from: string; to: string; timeZone: string };
  myQueue: { total: number; rows: DashboardRow[] };
  departmentQueue: { total: number; rows: DashboardRow[] };
  breached: DashboardRow[];
  atRisk: DashboardRow[];
  countsByState: { kind: DashboardRow['kind']; states: { state: string; title: string; category: string; count: number }[] }[];
  weeklyVolume: { types: string[]; weeks: { week: string; counts: Record<string, number> }[] };
  satisfactionTrend: { week: string; responses: number; average: number | null }[];
  options: { departments: { code: string; name: string }[]; products: { modelCode: string; name: string }[] };
  month: {
    month: string;
    threshold: number;
    complaintRateByDepartment: { department: string; complaints: number; itemsHandled: number; rate: number | null }[];
    highFrequencyIssues: { productModel: string; batch: string | null; groupedBy: string; key: string; count: number; references: string[] }[];
  };
}

/** The Content Manager edit view of a record. */
export const recordPath = (row: Pick<DashboardRow, 'contentType' | 'documentId'>) => `/content-manager/collection-types/${row.contentType}/${row.documentId}`;
