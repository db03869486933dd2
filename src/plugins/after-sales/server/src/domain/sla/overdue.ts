import type { SlaClock } from './clock-state';

/**
 * "Overdue", the one definition: an item is overdue when one of its clock rows
 * (after_sales_sla_clocks, the truth) has run past its due time — neither stopped nor cancelled,
 * due before now, and if paused, paused only after its due time (the same instants `isBreached`
 * judges a running clock on). The due-date fields on the item are a copy for lists and exports and
 * are never asked.
 *
 * The SQL form of the same rule is `overdueClockRows` in services/overdue-clocks.ts; the dashboard
 * and the staff lists both use it, and a test pins that they agree.
 */
export type ClockInstants = Pick<SlaClock, 'dueAt' | 'pausedAt' | 'stoppedAt'>;

export const isOverdueClock = (clock: ClockInstants, now: Date): boolean => {
  if (clock.stoppedAt) return false;
  const due = Date.parse(clock.dueAt);
  const at = clock.pausedAt ? Date.parse(clock.pausedAt) : now.getTime();
  return Number.isFinite(due) && at > due;
};

/** An item is overdue when any of its clocks is. */
export const isOverdueItem = (clocks: readonly ClockInstants[], now: Date): boolean => clocks.some((clock) => isOverdueClock(clock, now));
