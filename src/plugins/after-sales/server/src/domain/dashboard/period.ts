import { DAY_MS } from '../sla/local-date';
import { epochDayAt, instantAt } from '../sla/zoned-time';

const WEEK_MS = 7 * DAY_MS;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A dashboard period: whole weeks, Monday 00:00 to Monday 00:00 in the business time zone. */
export interface WeekPeriod {
  start: Date;
  end: Date;
  /** Local dates (YYYY-MM-DD) of each week's Monday, oldest first. */
  weeks: string[];
}

const isoDayOf = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
/** 1970-01-01 was a Thursday: epoch day 4 is a Monday. */
const mondayOnOrBefore = (epochDay: number) => epochDay - ((((epochDay - 4) % 7) + 7) % 7);

/**
 * The whole weeks covering `from`..`to` (local dates, both included) in `timeZone`. Without dates,
 * the `defaultWeeks` weeks ending with the week of `now`. Refuses periods longer than `maxWeeks`.
 */
export const weekPeriod = (args: { from?: string; to?: string; now: Date; timeZone: string; defaultWeeks?: number; maxWeeks?: number }): WeekPeriod => {
  const { timeZone, defaultWeeks = 12, maxWeeks = 106 } = args;
  for (const [name, value] of [
    ['from', args.from],
    ['to', args.to],
  ] as const) {
    if (value !== undefined && !ISO_DAY.test(value)) throw new RangeError(`${name} must be a date (YYYY-MM-DD)`);
  }
  const today = epochDayAt(timeZone, args.now.getTime());
  const lastDay = args.to ? Math.floor(Date.parse(`${args.to}T00:00:00Z`) / DAY_MS) : today;
  const firstDay = args.from ? Math.floor(Date.parse(`${args.from}T00:00:00Z`) / DAY_MS) : mondayOnOrBefore(lastDay) - (defaultWeeks - 1) * 7;
  if (Number.isNaN(firstDay) || Number.isNaN(lastDay)) throw new RangeError('from and to must be real dates');
  if (firstDay > lastDay) throw new RangeError('from must not be after to');
  const firstMonday = mondayOnOrBefore(firstDay);
  const endMonday = mondayOnOrBefore(lastDay) + 7;
  const count = (endMonday - firstMonday) / 7;
  if (count > maxWeeks) throw new RangeError(`the period may cover at most ${maxWeeks} weeks`);
  const weeks = Array.from({ length: count }, (_, i) => isoDayOf(firstMonday + i * 7));
  return { start: instantAt(timeZone, weeks[0]), end: instantAt(timeZone, isoDayOf(endMonday)), weeks };
};

/**
 * Which week of the period an instant falls in. Weeks are exactly 7 days apart in UTC unless the
 * zone changes its offset inside the period; the index uses the local Monday, so it is right in both.
 */
export const weekIndexOf = (period: WeekPeriod, instant: Date, timeZone: string): number => {
  const day = epochDayAt(timeZone, instant.getTime());
  const first = Math.floor(Date.parse(`${period.weeks[0]}T00:00:00Z`) / DAY_MS);
  return Math.floor((day - first) / 7);
};

/** The start and end (exclusive) of the local day containing `now`. */
export const dayBounds = (now: Date, timeZone: string): { start: Date; end: Date } => {
  const day = epochDayAt(timeZone, now.getTime());
  return { start: instantAt(timeZone, isoDayOf(day)), end: instantAt(timeZone, isoDayOf(day + 1)) };
};

/** The YYYY-MM month of a local date. */
export const monthOf = (isoDay: string) => isoDay.slice(0, 7);

export { WEEK_MS };
