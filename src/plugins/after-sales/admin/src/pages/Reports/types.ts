/** The monthly report as the server returns it (server/src/services/reports.ts). */
export interface Count {
  key: string | null;
  count: number;
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
  highFrequencyIssues: {
    productModel: string;
    batch: string | null;
    groupedBy: 'type' | 'knowledge-article';
    key: string;
    count: number;
    references: string[];
    improvementRecord?: { documentId: string; reference: string | null; state: string } | null;
  }[];
  highFrequencyThreshold: number;
  sla: {
    calendar: string;
    businessDayMs: number;
    clocks: { clock: string; contentType: string; total: number; met: number; overdueOpen: number; compliance: number | null; measured: number; medianBusinessMs: number | null; p90BusinessMs: number | null }[];
  } | null;
}

export interface Snapshot {
  id: number;
  month: string;
  scope: string;
  generatedAt: string;
  generatedBy: string | null;
  figures: MonthlyReport;
}
