/**
 * Extension API: report sections and dashboard widgets (issue #17). Re-exported from
 * extension-api.ts, whose `AfterSalesApiV1` carries `reports` and `widgets` of these types.
 */
import type { SectionCell, SectionColumn, SectionData } from './domain/extensions/sections';
import type { Disposable } from './extension-api';

export type { SectionCell, SectionColumn };

/** What a report section or a widget handler returns: a table (columns in order, rows keyed by column key). */
export type ReportSectionData = SectionData;
export type WidgetData = SectionData;

/** The month the Reports page shows: `from` inclusive, `to` exclusive, in the business time zone. */
export interface ReportSectionQuery {
  month: string;
  from: Date;
  to: Date;
  /** The department filter of the report, when one is chosen (department codes). */
  departments?: string[];
  /** Aborted when the section's time is up: stop the work. */
  signal: AbortSignal;
}
export type ReportSectionHandler = (query: ReportSectionQuery) => Promise<ReportSectionData>;

export interface WidgetQuery {
  /** The signed-in staff member (admin user id). */
  userId: number;
  signal: AbortSignal;
}
export type WidgetHandler = (query: WidgetQuery) => Promise<WidgetData>;

export interface ReportsApi {
  /** `id` must be declared under `contributes.reports`; the section shows on the Reports page while the extension is usable. */
  registerSection(id: string, handler: ReportSectionHandler): Disposable;
}
export interface WidgetsApi {
  /** `id` must be declared under `contributes.widgets`; the widget shows on the after-sales dashboard. */
  registerWidget(id: string, handler: WidgetHandler): Disposable;
}
