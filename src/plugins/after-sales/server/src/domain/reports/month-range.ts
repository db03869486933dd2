import { instantAt } from '../sla/zoned-time';

/**
 * A calendar month in the business time zone as a half-open UTC interval [start, end).
 * `2026-10` in Asia/Shanghai is [2026-09-30T16:00Z, 2026-10-31T16:00Z).
 */
export interface MonthRange {
  month: string;
  start: Date;
  end: Date;
}

/** The UTC instant of a wall-clock midnight in `timeZone` (correct across DST changes). */
const zonedMidnight = (year: number, monthIndex: number, day: number, timeZone: string): Date => instantAt(timeZone, new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10), '00:00');

const parseMonth = (value: string): { year: number; monthIndex: number } | null => {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  return match ? { year: Number(match[1]), monthIndex: Number(match[2]) - 1 } : null;
};

export const monthRange = (month: string, timeZone: string): MonthRange => {
  const parsed = parseMonth(month);
  if (!parsed) throw new Error(`month must be YYYY-MM, got "${month}"`);
  const { year, monthIndex } = parsed;
  return { month, start: zonedMidnight(year, monthIndex, 1, timeZone), end: zonedMidnight(year, monthIndex + 1, 1, timeZone) };
};

/** The month before the one containing `now`, in the business time zone. */
export const previousMonth = (now: Date, timeZone: string): string => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number);
  const prev = new Date(Date.UTC(year, month - 2, 1));
  return `${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
};
