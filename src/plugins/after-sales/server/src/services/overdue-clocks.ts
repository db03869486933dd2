import type { Knex } from 'knex';
import { TABLES } from '../constants';

/**
 * The clock rows (`after_sales_sla_clocks`) as the core reads them: the one definition of an
 * overdue item, shared by the dashboard and the staff lists. The rows are written by the SLA
 * extension (extensions/sla/sla-clock-store.ts).
 */

/**
 * The document ids of a content type's items that are overdue at `now`, as a subquery: the SQL
 * form of `isOverdueItem` (domain/sla/overdue.ts) — a clock row neither stopped nor cancelled, due
 * before now, and not paused before its due time. Served by the partial index on running clocks
 * (`after_sales_sla_clocks_running_due_idx`). Dashboard and staff lists both use it.
 */
export const overdueClockRows = (knex: Knex, contentType: string, now: number | string) =>
  knex(TABLES.slaClocks)
    .select('document_id')
    .where('content_type', contentType)
    .whereNull('stopped_at')
    .andWhere('due_at', '<', now)
    .andWhere((q: Knex.QueryBuilder) => q.whereNull('paused_at').orWhereRaw('paused_at > due_at'));
