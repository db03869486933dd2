import type { BusinessCalendar } from './calendar';
import { addTime, dueAt as targetDueAt, measureOf, targetBudgetMs, timeBetween, validateTarget, type Target } from './target';

/**
 * An SLA clock as plain data (JSON-storable, instants as ISO 8601 UTC strings) and the pure
 * functions that move it: start → (pause → resume)* → stop. Every function returns a new clock.
 *
 * A clock measures what its target counts: working time on the calendar for `businessHours` /
 * `businessDays`, elapsed time for `minutes` / `hours` / `days`. `accumulatedPauseMs` is in that
 * measure (business ms for a business target). While paused the deadline does not run; on resume
 * the remaining time is added again from the resume moment, so a pause across a holiday moves the
 * due date by exactly the working time that was paused.
 *
 * Breach is judged on instants (stopped, paused or now after `dueAt`); used and remaining time on
 * the measure, for "80 % used" at-risk warnings.
 */

export interface SlaClock {
  id: string;
  target: Target;
  /** ISO 8601 UTC instant. */
  startedAt: string;
  /** Set while paused. */
  pausedAt?: string | null;
  /** Time spent paused so far, in the clock's measure (business ms for a business target). */
  accumulatedPauseMs: number;
  /** Set once stopped (met or breached, see `isBreached`). */
  stoppedAt?: string | null;
  /** When the clock runs out if it keeps running. */
  dueAt: string;
}

export type ClockStatus = 'running' | 'paused' | 'stopped';

/** An impossible transition: pausing a stopped clock, resuming before the pause, … */
export class SlaClockError extends Error {
  constructor(clockId: string, message: string) {
    super(`SLA clock "${clockId}": ${message}`);
    this.name = 'SlaClockError';
  }
}

export const DEFAULT_AT_RISK_FRACTION = 0.8;

const instant = (value: string, clock: SlaClock, field: string): Date => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new SlaClockError(clock.id, `${field} is not an instant: ${JSON.stringify(value)}`);
  return date;
};
const checkAt = (at: Date, clockId: string): Date => {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new SlaClockError(clockId, 'the moment given is not a valid Date');
  return at;
};

export const clockStatus = (clock: SlaClock): ClockStatus => (clock.stoppedAt ? 'stopped' : clock.pausedAt ? 'paused' : 'running');

/** A running clock from `at`, due when the target is spent. */
export const startClock = (calendar: BusinessCalendar, start: { id: string; target: Target; at: Date }): SlaClock => {
  const checked = validateTarget(start.target);
  if (!checked.ok) throw new SlaClockError(start.id, `invalid target: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const at = checkAt(start.at, start.id);
  return {
    id: start.id,
    target: checked.target,
    startedAt: at.toISOString(),
    pausedAt: null,
    accumulatedPauseMs: 0,
    stoppedAt: null,
    dueAt: targetDueAt(calendar, at, checked.target).toISOString(),
  };
};

const assertNotBefore = (clock: SlaClock, at: Date, field: 'startedAt' | 'pausedAt', action: string) => {
  const since = clock[field];
  if (since && at.getTime() < new Date(since).getTime()) throw new SlaClockError(clock.id, `cannot ${action} at ${at.toISOString()}, before ${field} ${since}`);
};

/** Pauses a running clock (waiting for the customer, for a part…). */
export const pauseClock = (clock: SlaClock, at: Date): SlaClock => {
  checkAt(at, clock.id);
  const status = clockStatus(clock);
  if (status !== 'running') throw new SlaClockError(clock.id, `cannot pause a ${status} clock`);
  assertNotBefore(clock, at, 'startedAt', 'pause');
  return { ...clock, pausedAt: at.toISOString() };
};

/** Used time at the clock's last moment that counts (`now`, the pause, or the stop), pauses excluded. */
export const usedTime = (calendar: BusinessCalendar, clock: SlaClock, now: Date): number => {
  const startedAt = instant(clock.startedAt, clock, 'startedAt');
  const endField = clock.stoppedAt ? 'stoppedAt' : clock.pausedAt ? 'pausedAt' : null;
  const end = endField ? instant(clock[endField] as string, clock, endField) : checkAt(now, clock.id);
  if (end.getTime() <= startedAt.getTime()) return 0;
  return Math.max(0, timeBetween(calendar, measureOf(clock.target), startedAt, end) - clock.accumulatedPauseMs);
};

/** The target as time in the clock's measure. */
export const clockBudget = (calendar: BusinessCalendar, clock: SlaClock): number => targetBudgetMs(calendar, instant(clock.startedAt, clock, 'startedAt'), clock.target);

/**
 * Resumes a paused clock at `at`: the pause (in the clock's measure) is added to
 * `accumulatedPauseMs`, and `dueAt` becomes `at` + the time that remained when it was paused.
 * A clock paused after its deadline keeps its (passed) `dueAt`.
 */
export const resumeClock = (calendar: BusinessCalendar, clock: SlaClock, at: Date): SlaClock => {
  checkAt(at, clock.id);
  const status = clockStatus(clock);
  if (status !== 'paused') throw new SlaClockError(clock.id, `cannot resume a ${status} clock`);
  assertNotBefore(clock, at, 'pausedAt', 'resume');
  const measure = measureOf(clock.target);
  const pausedAt = instant(clock.pausedAt as string, clock, 'pausedAt');
  const remaining = clockBudget(calendar, clock) - usedTime(calendar, clock, at);
  const pause = Math.max(0, timeBetween(calendar, measure, pausedAt, at));
  return {
    ...clock,
    pausedAt: null,
    accumulatedPauseMs: clock.accumulatedPauseMs + pause,
    dueAt: remaining > 0 ? addTime(calendar, measure, at, remaining).toISOString() : clock.dueAt,
  };
};

/** Stops the clock (the obligation is fulfilled). A paused clock is resumed and stopped at `at`. */
export const stopClock = (calendar: BusinessCalendar, clock: SlaClock, at: Date): SlaClock => {
  checkAt(at, clock.id);
  const status = clockStatus(clock);
  if (status === 'stopped') throw new SlaClockError(clock.id, 'cannot stop a stopped clock');
  const running = status === 'paused' ? resumeClock(calendar, clock, at) : clock;
  assertNotBefore(running, at, 'startedAt', 'stop');
  return { ...running, stoppedAt: at.toISOString() };
};

/**
 * The due date of a clock counted again on `calendar` (after its holidays or hours changed): for a
 * running working-time clock, the moment its budget plus the working time it was paused has
 * elapsed since it started. Elapsed-time clocks do not depend on the calendar; a paused clock is
 * counted again when it resumes; a stopped one is history. Those keep their due date.
 */
export const dueOnCalendar = (calendar: BusinessCalendar, clock: SlaClock): string => {
  if (clockStatus(clock) !== 'running' || measureOf(clock.target) !== 'business') return clock.dueAt;
  const startedAt = instant(clock.startedAt, clock, 'startedAt');
  return addTime(calendar, 'business', startedAt, clockBudget(calendar, clock) + clock.accumulatedPauseMs).toISOString();
};

/** Time left in the clock's measure at `now` (frozen while paused or stopped); negative once overdue. */
export const remainingTime = (calendar: BusinessCalendar, clock: SlaClock, now: Date): number => clockBudget(calendar, clock) - usedTime(calendar, clock, now);

/** Share of the target used, 0 … 1 and beyond (1.25 = 25 % over). A zero target counts as used up. */
export const usedFraction = (calendar: BusinessCalendar, clock: SlaClock, now: Date): number => {
  const budget = clockBudget(calendar, clock);
  if (budget <= 0) return 1;
  return usedTime(calendar, clock, now) / budget;
};

/** True when the deadline passed while the clock ran: stopped, paused or `now` after `dueAt`. */
export const isBreached = (clock: SlaClock, now: Date): boolean => {
  const due = instant(clock.dueAt, clock, 'dueAt').getTime();
  const at = clock.stoppedAt ? instant(clock.stoppedAt, clock, 'stoppedAt') : clock.pausedAt ? instant(clock.pausedAt, clock, 'pausedAt') : checkAt(now, clock.id);
  return at.getTime() > due;
};

/** Not breached yet, but at least `threshold` (default 80 %) of the target is used. */
export const isAtRisk = (calendar: BusinessCalendar, clock: SlaClock, now: Date, threshold = DEFAULT_AT_RISK_FRACTION): boolean =>
  !isBreached(clock, now) && usedFraction(calendar, clock, now) >= threshold;

export interface ClockReading {
  status: ClockStatus;
  usedMs: number;
  remainingMs: number;
  usedFraction: number;
  breached: boolean;
  atRisk: boolean;
}

/** Everything a dashboard or an escalation job wants to know about a clock at `now`, in one walk. */
export const readClock = (calendar: BusinessCalendar, clock: SlaClock, now: Date, atRiskThreshold = DEFAULT_AT_RISK_FRACTION): ClockReading => {
  const budget = clockBudget(calendar, clock);
  const used = usedTime(calendar, clock, now);
  const fraction = budget <= 0 ? 1 : used / budget;
  const breached = isBreached(clock, now);
  return { status: clockStatus(clock), usedMs: used, remainingMs: budget - used, usedFraction: fraction, breached, atRisk: !breached && fraction >= atRiskThreshold };
};
