import { addBusinessTime, businessDayMs, businessTimeBetween, calendarTimeZone } from './business-time';
import type { BusinessCalendar } from './calendar';
import { DAY_MS } from './local-date';
import { instantOfWallMs, wallMsAt } from './zoned-time';

/**
 * SLA targets ("acknowledge within 24 h", "call back within 3 working days") and their due dates.
 *
 * Units:
 * - `minutes`, `hours`: elapsed time, night and weekend included (24 h = 86 400 000 ms).
 * - `days`: calendar days in the calendar's zone: the same wall-clock time `amount` days later
 *   (whole days only), so a DST change does not move a due time by an hour.
 * - `businessHours`: working time, counted on the calendar.
 * - `businessDays`: working time too. ONE BUSINESS DAY = the length of the calendar's standard
 *   working day (`businessDayMs`: 8 h for 09:00–12:00 + 13:30–18:30), counted in business time.
 *   So "3 working days after Thursday 16:00" is Tuesday 16:00, and from Friday 19:00 (after hours)
 *   it is Wednesday 18:30 (the end of the third full working day). Fractions are allowed (0.5 = 4 h).
 */

export type { Target, TargetUnit } from '../../../../shared/sla-policy';
import type { Target, TargetUnit } from '../../../../shared/sla-policy';

export const TARGET_UNITS: readonly TargetUnit[] = ['minutes', 'hours', 'days', 'businessHours', 'businessDays'];

/** What a clock on this target counts: working time on the calendar, or plain elapsed time. */
export type TargetMeasure = 'business' | 'elapsed';

export interface TargetError {
  path: string;
  message: string;
}

export type TargetValidation = { ok: true; target: Target } | { ok: false; errors: TargetError[] };

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export const validateTarget = (input: unknown): TargetValidation => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: [{ path: '', message: 'a target must be { amount, unit }' }] };
  const { amount, unit } = input as Record<string, unknown>;
  const errors: TargetError[] = [];
  if (typeof unit !== 'string' || !(TARGET_UNITS as readonly string[]).includes(unit)) {
    errors.push({ path: 'unit', message: `must be one of ${TARGET_UNITS.join(', ')}, got ${JSON.stringify(unit)}` });
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    errors.push({ path: 'amount', message: `must be a number ≥ 0, got ${JSON.stringify(amount)}` });
  } else if (unit === 'days' && !Number.isInteger(amount)) {
    errors.push({ path: 'amount', message: `calendar days must be whole, got ${amount} (use hours or businessDays for fractions)` });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, target: { amount: amount as number, unit: unit as TargetUnit } };
};

const assertValidTarget = (input: unknown): Target => {
  const result = validateTarget(input);
  if (!result.ok) throw new RangeError(`invalid SLA target: ${result.errors.map((e) => `${e.path || '(target)'}: ${e.message}`).join('; ')}`);
  return result.target;
};

export const measureOf = (target: Target): TargetMeasure => (target.unit === 'businessHours' || target.unit === 'businessDays' ? 'business' : 'elapsed');

/** Elapsed time: `start` + `durationMs`, nights and weekends included. */
export const addCalendarTime = (start: Date, durationMs: number): Date => {
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) throw new RangeError('start must be a valid Date');
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs)) throw new RangeError(`durationMs must be a finite number, got ${durationMs}`);
  return new Date(start.getTime() + durationMs);
};

/** The same wall-clock time `days` calendar days later in `timeZone` (DST-safe). */
export const addCalendarDays = (timeZone: string, start: Date, days: number): Date => {
  if (!Number.isInteger(days)) throw new RangeError(`days must be whole, got ${days}`);
  const wall = wallMsAt(timeZone, addCalendarTime(start, 0).getTime());
  return new Date(instantOfWallMs(timeZone, wall + days * DAY_MS));
};

/**
 * The target as an amount of its measure: business ms for business units, elapsed ms otherwise
 * (`days` depends on `start` when a DST change falls inside). This is the budget an SLA clock spends.
 */
export const targetBudgetMs = (calendar: BusinessCalendar, start: Date, input: Target): number => {
  const target = assertValidTarget(input);
  switch (target.unit) {
    case 'minutes':
      return Math.round(target.amount * MINUTE_MS);
    case 'hours':
      return Math.round(target.amount * HOUR_MS);
    case 'businessHours':
      return Math.round(target.amount * HOUR_MS);
    case 'businessDays':
      return Math.round(target.amount * businessDayMs(calendar));
    case 'days':
      return addCalendarDays(calendarTimeZone(calendar), start, target.amount).getTime() - start.getTime();
  }
};

/** When a target started at `start` is due. */
export const dueAt = (calendar: BusinessCalendar, start: Date, input: Target): Date => {
  const target = assertValidTarget(input);
  if (target.unit === 'days') return addCalendarDays(calendarTimeZone(calendar), start, target.amount);
  const budget = targetBudgetMs(calendar, start, target);
  return measureOf(target) === 'business' ? addBusinessTime(calendar, start, budget) : addCalendarTime(start, budget);
};

/** Time between two instants in a measure (signed: negative when `to` is before `from`). */
export const timeBetween = (calendar: BusinessCalendar, measure: TargetMeasure, from: Date, to: Date): number =>
  measure === 'business' ? businessTimeBetween(calendar, from, to) : to.getTime() - from.getTime();

/** `start` plus an amount of a measure. */
export const addTime = (calendar: BusinessCalendar, measure: TargetMeasure, start: Date, durationMs: number): Date =>
  measure === 'business' ? addBusinessTime(calendar, start, durationMs) : addCalendarTime(start, durationMs);
