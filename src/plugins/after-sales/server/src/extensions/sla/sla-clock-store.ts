import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { BusinessCalendar } from '../../domain/sla/calendar';
import { outcomeOf, type TrackedClock } from '../../domain/sla/clock-engine';
import { clockBudget } from '../../domain/sla/clock-state';
import { measureOf, type TargetMeasure } from '../../domain/sla/target';
import { dbTime, fromDbTime, TABLES } from '../../extension-api';

/**
 * The rows of `after_sales_sla_clocks` and the clocks they hold: one row per item and clock (the
 * last run), the budget kept in the clock's measure so a row is read back without the policy.
 */

const HOUR_MS = 3_600_000;
const iso = (value: unknown): string | null => fromDbTime(value)?.toISOString() ?? null;
const bool = (value: unknown) => (value === null || value === undefined ? null : value === true || value === 1 || value === '1' || value === 't');

export interface ClockRow {
  content_type: string;
  document_id: string;
  clock: string;
  calendar_id: string | null;
  measure: TargetMeasure;
  budget_ms: number;
  started_at: number | string;
  paused_at: number | string | null;
  paused_ms: number;
  due_at: number | string;
  stopped_at: number | string | null;
  used_ms: number | null;
  met: boolean | null;
  next_escalation_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

/** A clock's row as the database gives it back: numbers may come as strings, booleans as 0/1. */
export type StoredClockRow = Pick<ClockRow, 'content_type' | 'document_id' | 'clock' | 'measure' | 'started_at' | 'paused_at' | 'due_at' | 'stopped_at'> & {
  budget_ms: number | string;
  paused_ms: number | string | null;
  met: unknown;
};

/** A stored row as a clock (its target rebuilt from the measure and budget). */
export const clockOfRow = (row: Omit<StoredClockRow, 'content_type' | 'document_id'>): TrackedClock => {
  const startedAt = iso(row.started_at)!;
  const stoppedAt = iso(row.stopped_at);
  return {
    id: row.clock,
    target: { amount: Number(row.budget_ms) / HOUR_MS, unit: row.measure === 'business' ? 'businessHours' : 'hours' },
    startedAt,
    pausedAt: iso(row.paused_at),
    accumulatedPauseMs: Number(row.paused_ms ?? 0),
    stoppedAt,
    dueAt: iso(row.due_at)!,
    ...(stoppedAt && bool(row.met) === null ? { cancelled: true } : {}),
  };
};

/** The row of a clock; `nextEscalationAt` is when the sweep must look at it again (null: never). */
export const rowOfClock = (
  strapi: Core.Strapi,
  item: { contentType: string; documentId: string },
  calendar: BusinessCalendar,
  clock: TrackedClock,
  nextEscalationAt: number | null,
  now: Date
): ClockRow => {
  const time = (value: string | null | undefined) => (value ? dbTime(strapi, new Date(value)) : null);
  const outcome = outcomeOf(calendar, clock);
  return {
    content_type: item.contentType,
    document_id: item.documentId,
    clock: clock.id,
    calendar_id: calendar.id,
    measure: measureOf(clock.target),
    budget_ms: clockBudget(calendar, clock),
    started_at: time(clock.startedAt)!,
    paused_at: time(clock.pausedAt),
    paused_ms: Math.round(clock.accumulatedPauseMs),
    due_at: time(clock.dueAt)!,
    stopped_at: time(clock.stoppedAt),
    used_ms: outcome ? Math.round(outcome.usedMs) : null,
    met: outcome ? outcome.met : null,
    next_escalation_at: nextEscalationAt === null ? null : dbTime(strapi, new Date(nextEscalationAt)),
    created_at: dbTime(strapi, now),
    updated_at: dbTime(strapi, now),
  };
};

/** The clocks of some items, by document id and clock. */
export const readClocks = async (trx: Knex, contentType: string, documentIds: string[]): Promise<Map<string, Record<string, TrackedClock>>> => {
  const result = new Map<string, Record<string, TrackedClock>>();
  if (!documentIds.length) return result;
  const rows: StoredClockRow[] = await trx(TABLES.slaClocks).where({ content_type: contentType }).whereIn('document_id', documentIds);
  for (const row of rows) {
    const clocks = result.get(row.document_id) ?? {};
    clocks[row.clock] = clockOfRow(row);
    result.set(row.document_id, clocks);
  }
  return result;
};

/** Writes rows in one statement; a restarted clock overwrites its row (the last run counts). */
export const writeClocks = async (trx: Knex, rows: ClockRow[]) => {
  if (!rows.length) return;
  const { created_at: _created, ...updatable } = rows[0];
  await trx(TABLES.slaClocks)
    .insert(rows)
    .onConflict(['content_type', 'document_id', 'clock'])
    .merge(Object.keys(updatable).filter((key) => !['content_type', 'document_id', 'clock'].includes(key)));
};
