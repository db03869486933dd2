import { DAY_MS } from '../sla/local-date';
import { epochDayAt, instantAt } from '../sla/zoned-time';

/**
 * The period of the supervisor's view: local days `from`..`to` (both included) in the business
 * time zone, as a half-open UTC interval. Without dates, the current month up to today.
 */
export interface SupervisorPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export const MAX_PERIOD_DAYS = 366;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDayOf = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const epochDayOf = (isoDay: string) => {
  const ms = Date.parse(`${isoDay}T00:00:00Z`);
  return Number.isNaN(ms) || isoDayOf(Math.floor(ms / DAY_MS)) !== isoDay ? null : Math.floor(ms / DAY_MS);
};

export type PeriodProblem = { field: 'from' | 'to'; message: string };

export const supervisorPeriod = (args: { from?: string; to?: string; now: Date; timeZone: string }): { ok: true; period: SupervisorPeriod } | { ok: false; problems: PeriodProblem[] } => {
  const problems: PeriodProblem[] = [];
  const today = epochDayAt(args.timeZone, args.now.getTime());
  const day = (field: 'from' | 'to', value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = ISO_DAY.test(value) ? epochDayOf(value) : null;
    if (parsed === null) problems.push({ field, message: 'must be a date (YYYY-MM-DD)' });
    return parsed ?? fallback;
  };
  const firstOfMonth = epochDayOf(`${isoDayOf(today).slice(0, 7)}-01`) as number;
  const last = day('to', args.to, today);
  const first = day('from', args.from, args.to === undefined ? firstOfMonth : epochDayOf(`${isoDayOf(last).slice(0, 7)}-01`)!);
  if (!problems.length && first > last) problems.push({ field: 'from', message: 'must not be after to' });
  if (!problems.length && last - first + 1 > MAX_PERIOD_DAYS) problems.push({ field: 'to', message: `the period may cover at most ${MAX_PERIOD_DAYS} days` });
  if (problems.length) return { ok: false, problems };
  return { ok: true, period: { from: isoDayOf(first), to: isoDayOf(last), start: instantAt(args.timeZone, isoDayOf(first)), end: instantAt(args.timeZone, isoDayOf(last + 1)) } };
};
