/**
 * Calendar days with no time zone ('YYYY-MM-DD'): the unit of holidays and make-up working days.
 * Internally a day is an epoch-day number (days since 1970-01-01), so walking the calendar is
 * integer arithmetic. Pure.
 */

export const DAY_MS = 86_400_000;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, no Date objects). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

/** Epoch-day number of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
export const epochDayOf = (date: string): number | null => {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  return daysFromCivil(year, month, day);
};

export const isIsoDate = (value: unknown): value is string => typeof value === 'string' && epochDayOf(value) !== null;

/** 'YYYY-MM-DD' of an epoch-day number. */
export const isoDateOf = (epochDay: number): string => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

/** Weekday of an epoch-day number, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayIndexOf = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7;

export const weekdayOf = (date: string): Weekday => {
  const day = epochDayOf(date);
  if (day === null) throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  return WEEKDAYS[weekdayIndexOf(day)];
};

/** The date `days` calendar days after `date` (negative: before). */
export const addDays = (date: string, days: number): string => {
  const day = epochDayOf(date);
  if (day === null) throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  return isoDateOf(day + days);
};
