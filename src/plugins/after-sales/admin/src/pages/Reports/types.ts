/** The monthly report and its snapshots as the server sends them (one definition: the plugin's shared/reports.ts). */
export type { Count, KeptFiguresInfo as ReportFigures, MonthlyReport, Snapshot } from '../../../../shared/reports';
