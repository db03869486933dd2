import { WEEKDAYS, epochDayOf, weekdayOf, type Weekday } from './local-date';
import { isValidTimeZone } from './zoned-time';
import { CN_STATUTORY_RULES, cnStatutoryHolidays } from './cn-statutory-holidays';

/**
 * A business calendar: when the after-sales department works. Plain JSON data, so it is stored,
 * exported and imported as is (JSON export = `validateCalendar` + `JSON.stringify`).
 *
 * - `weeklyHours`: the normal week, several intervals a day for breaks (09:00–12:00, 13:30–18:30).
 *   Times are wall-clock 'HH:MM' in `timeZone`; an interval ends after it starts, '24:00' ends at
 *   midnight (a night shift is two intervals, 22:00–24:00 and 00:00–06:00 of the next day).
 * - `holidays`: dates not worked, whatever the weekday.
 * - `workingDays`: dates worked whatever the weekday: mainland China's make-up working days (调休
 *   上班), a Saturday or Sunday worked in exchange for a longer holiday. They use the standard day's
 *   hours (`standardDayHours`), or their own `hours` (also usable for a shortened weekday).
 */

export type { Weekday } from './local-date';
export { WEEKDAYS } from './local-date';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface WorkingInterval {
  /** 'HH:MM', 00:00–23:59. */
  start: string;
  /** 'HH:MM', after `start`; 24:00 is the end of the day. */
  end: string;
}

export type WeeklyHours = Record<Weekday, WorkingInterval[]>;

export interface CalendarHoliday {
  /** 'YYYY-MM-DD' in the calendar's time zone. */
  date: string;
  name: string;
  /** Computed from the statutory rules, not read from a notice (see `provisionalRules`). */
  provisional?: boolean;
}

export interface MakeUpWorkingDay {
  /** 'YYYY-MM-DD' in the calendar's time zone. */
  date: string;
  name: string;
  /** Hours worked that day; the standard day's hours when absent. */
  hours?: WorkingInterval[];
}

export interface BusinessCalendar {
  id: string;
  name: string;
  /** IANA time zone the hours and dates are read in. */
  timeZone: string;
  weeklyHours: WeeklyHours;
  holidays: CalendarHoliday[];
  workingDays: MakeUpWorkingDay[];
  /** Where the holiday dates come from (a government notice, an imported feed…). */
  source?: string;
  /**
   * Rules that give provisional holidays for every year the calendar lists no holiday and no
   * make-up day of (a year whose notice is not out yet): `'cn-mainland-statutory'`. A year with
   * any listed date is taken from the list alone, so importing a year's notice replaces its
   * provisional days.
   */
  provisionalRules?: ProvisionalRules;
}

export const PROVISIONAL_RULES = [CN_STATUTORY_RULES] as const;
export type ProvisionalRules = (typeof PROVISIONAL_RULES)[number];

export interface CalendarError {
  /** Path of the offending field, e.g. `weeklyHours.mon[1].end`, `holidays[3].date`. */
  path: string;
  message: string;
}

export type CalendarValidation = { ok: true; calendar: BusinessCalendar } | { ok: false; errors: CalendarError[] };

export class CalendarValidationError extends Error {
  readonly errors: CalendarError[];
  constructor(errors: CalendarError[], subject = 'business calendar') {
    super(`invalid ${subject}: ${errors.map((e) => `${e.path || '(calendar)'}: ${e.message}`).join('; ')}`);
    this.name = 'CalendarValidationError';
    this.errors = errors;
  }
}

const TIME = /^(\d{2}):(\d{2})$/;
const CALENDAR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Minutes since midnight of 'HH:MM' (00:00–24:00), or null. */
export const minutesOfTime = (time: unknown): number | null => {
  if (typeof time !== 'string') return null;
  const match = TIME.exec(time);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Checks and normalises a list of intervals (sorted by start); pushes errors under `path`. */
const validateIntervals = (input: unknown, path: string, errors: CalendarError[]): WorkingInterval[] => {
  if (!Array.isArray(input)) {
    errors.push({ path, message: 'must be a list of { start: "HH:MM", end: "HH:MM" }' });
    return [];
  }
  const parsed: { start: number; end: number; index: number }[] = [];
  input.forEach((interval, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(interval)) {
      errors.push({ path: at, message: 'must be { start: "HH:MM", end: "HH:MM" }' });
      return;
    }
    const start = minutesOfTime(interval.start);
    const end = minutesOfTime(interval.end);
    if (start === null || start === 24 * 60) errors.push({ path: `${at}.start`, message: `must be a time 00:00–23:59 (HH:MM), got ${JSON.stringify(interval.start)}` });
    if (end === null) errors.push({ path: `${at}.end`, message: `must be a time 00:00–24:00 (HH:MM), got ${JSON.stringify(interval.end)}` });
    if (start === null || start === 24 * 60 || end === null) return;
    if (end <= start) {
      errors.push({ path: `${at}.end`, message: `must be after start (${interval.start}), got ${interval.end}` });
      return;
    }
    parsed.push({ start, end, index });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const [previous, current] = [parsed[i - 1], parsed[i]];
    if (current.start < previous.end) {
      errors.push({ path: `${path}[${current.index}]`, message: `overlaps ${path}[${previous.index}] (${formatInterval(previous)})` });
    }
  }
  return parsed.map(formatIntervalObject);
};

const pad = (n: number) => String(n).padStart(2, '0');
const formatTime = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const formatIntervalObject = ({ start, end }: { start: number; end: number }): WorkingInterval => ({ start: formatTime(start), end: formatTime(end) });
const formatInterval = (interval: { start: number; end: number }) => `${formatTime(interval.start)}–${formatTime(interval.end)}`;

const validateDatedEntries = <T extends { date: string; name: string }>(
  input: unknown,
  path: string,
  errors: CalendarError[],
  extra: (entry: Record<string, unknown>, at: string) => Partial<T>
): T[] => {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    errors.push({ path, message: 'must be a list of { date: "YYYY-MM-DD", name }' });
    return [];
  }
  const seen = new Map<string, number>();
  const entries: T[] = [];
  input.forEach((entry, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(entry)) {
      errors.push({ path: at, message: 'must be { date: "YYYY-MM-DD", name }' });
      return;
    }
    let ok = true;
    if (typeof entry.date !== 'string' || epochDayOf(entry.date) === null) {
      errors.push({ path: `${at}.date`, message: `must be a real date YYYY-MM-DD, got ${JSON.stringify(entry.date)}` });
      ok = false;
    } else if (seen.has(entry.date)) {
      errors.push({ path: `${at}.date`, message: `${entry.date} is already listed at ${path}[${seen.get(entry.date)}]` });
      ok = false;
    } else {
      seen.set(entry.date, index);
    }
    if (!isNonEmptyString(entry.name) || (entry.name as string).length > 200) {
      errors.push({ path: `${at}.name`, message: 'must be a non-empty text of at most 200 characters' });
      ok = false;
    }
    const rest = extra(entry, at);
    if (ok) entries.push({ date: entry.date as string, name: (entry.name as string).trim(), ...rest } as T);
  });
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
};

/**
 * Checks a calendar from any source (admin form, JSON import, database) and returns it normalised:
 * defaults applied (`timeZone` Asia/Shanghai, missing weekdays closed, missing lists empty),
 * intervals sorted, dated entries sorted by date, unknown fields dropped. Every problem is
 * reported with the path of the field at fault.
 */
export const validateCalendar = (input: unknown): CalendarValidation => {
  const errors: CalendarError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a calendar must be an object' }] };

  if (typeof input.id !== 'string' || !CALENDAR_ID.test(input.id) || input.id.length > 100) {
    errors.push({ path: 'id', message: `must be 1 to 100 letters, digits, ".", "_" or "-" (e.g. "cn-mainland"), got ${JSON.stringify(String(input.id).slice(0, 120))}` });
  }
  if (!isNonEmptyString(input.name)) errors.push({ path: 'name', message: 'must be a non-empty text' });
  else if ((input.name as string).trim().length > 200) errors.push({ path: 'name', message: 'must be at most 200 characters' });

  const timeZone = input.timeZone === undefined || input.timeZone === null ? DEFAULT_TIME_ZONE : input.timeZone;
  if (!isValidTimeZone(timeZone)) errors.push({ path: 'timeZone', message: `must be an IANA time zone such as "Asia/Shanghai", got ${JSON.stringify(timeZone)}` });

  const weeklyHours = {} as WeeklyHours;
  if (!isRecord(input.weeklyHours)) {
    errors.push({ path: 'weeklyHours', message: `must be an object with keys ${WEEKDAYS.join(', ')}` });
    for (const day of WEEKDAYS) weeklyHours[day] = [];
  } else {
    const hours = input.weeklyHours;
    for (const key of Object.keys(hours)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) errors.push({ path: `weeklyHours.${key}`, message: `unknown weekday; use ${WEEKDAYS.join(', ')}` });
    }
    for (const day of WEEKDAYS) {
      weeklyHours[day] = hours[day] === undefined || hours[day] === null ? [] : validateIntervals(hours[day], `weeklyHours.${day}`, errors);
    }
  }
  const standard = standardDayHours({ weeklyHours });

  const holidays = validateDatedEntries<CalendarHoliday>(input.holidays, 'holidays', errors, () => ({}));
  const workingDays = validateDatedEntries<MakeUpWorkingDay>(input.workingDays, 'workingDays', errors, (entry, at) => {
    if (entry.hours === undefined || entry.hours === null) {
      if (!standard.length && isRecord(input.weeklyHours)) errors.push({ path: `${at}.hours`, message: 'required: the calendar has no weekly hours for a make-up day to copy' });
      return {};
    }
    const hours = validateIntervals(entry.hours, `${at}.hours`, errors);
    if (Array.isArray(entry.hours) && entry.hours.length === 0) errors.push({ path: `${at}.hours`, message: 'must list at least one interval (a day off is a holiday)' });
    return { hours };
  });

  if (Array.isArray(input.holidays) && Array.isArray(input.workingDays)) {
    const holidayIndex = new Map<unknown, number>();
    input.holidays.forEach((h, i) => isRecord(h) && !holidayIndex.has(h.date) && holidayIndex.set(h.date, i));
    input.workingDays.forEach((w, i) => {
      if (isRecord(w) && typeof w.date === 'string' && holidayIndex.has(w.date)) {
        errors.push({ path: `workingDays[${i}].date`, message: `${w.date} is also a holiday (holidays[${holidayIndex.get(w.date)}]); a date is either worked or not` });
      }
    });
  }

  if (input.source !== undefined && input.source !== null && typeof input.source !== 'string') errors.push({ path: 'source', message: 'must be a text' });
  const provisionalRules = input.provisionalRules === undefined || input.provisionalRules === null ? undefined : input.provisionalRules;
  if (provisionalRules !== undefined && !(PROVISIONAL_RULES as readonly unknown[]).includes(provisionalRules)) {
    errors.push({ path: 'provisionalRules', message: `must be one of ${PROVISIONAL_RULES.join(', ')} or empty, got ${JSON.stringify(provisionalRules)}` });
  }

  if (errors.length) return { ok: false, errors };
  const calendar: BusinessCalendar = {
    id: input.id as string,
    name: (input.name as string).trim(),
    timeZone: timeZone as string,
    weeklyHours,
    holidays,
    workingDays,
  };
  if (typeof input.source === 'string') calendar.source = input.source;
  if (provisionalRules !== undefined) calendar.provisionalRules = provisionalRules as ProvisionalRules;
  return { ok: true, calendar };
};

/** The normalised calendar, or a `CalendarValidationError` listing every problem. */
export const assertValidCalendar = (input: unknown): BusinessCalendar => {
  const result = validateCalendar(input);
  if (!result.ok) throw new CalendarValidationError(result.errors);
  return result.calendar;
};

const totalMinutes = (hours: WorkingInterval[]) => hours.reduce((sum, h) => sum + (minutesOfTime(h.end) ?? 0) - (minutesOfTime(h.start) ?? 0), 0);
const scheduleKey = (hours: WorkingInterval[]) => hours.map((h) => `${h.start}-${h.end}`).join(',');

/**
 * The hours of a standard working day: the most common non-empty day schedule of the week (ties
 * go to the earliest weekday from Monday). Mainland China: Mon–Fri 09:00–12:00, 13:30–18:30.
 * A make-up working day without its own hours works these, and "1 business day" lasts their
 * total. Empty when no weekday has hours.
 */
export const standardDayHours = (calendar: Pick<BusinessCalendar, 'weeklyHours'>): WorkingInterval[] => {
  const counts = new Map<string, { hours: WorkingInterval[]; count: number }>();
  for (const day of WEEKDAYS) {
    const hours = calendar.weeklyHours[day] ?? [];
    if (!hours.length || totalMinutes(hours) <= 0) continue;
    const key = scheduleKey(hours);
    const seen = counts.get(key);
    if (seen) seen.count += 1;
    else counts.set(key, { hours, count: 1 });
  }
  let best: { hours: WorkingInterval[]; count: number } | undefined;
  for (const candidate of counts.values()) if (!best || candidate.count > best.count) best = candidate; // Map keeps Monday-first order
  return best ? best.hours.map((h) => ({ ...h })) : [];
};

const listedYearsCache = new WeakMap<BusinessCalendar, Set<number>>();

/** The years the calendar lists any holiday or make-up working day of (its notices). */
export const listedYears = (calendar: BusinessCalendar): Set<number> => {
  let years = listedYearsCache.get(calendar);
  if (!years) {
    years = new Set<number>();
    for (const entry of [...calendar.holidays, ...calendar.workingDays]) if (!('provisional' in entry && entry.provisional)) years.add(Number(entry.date.slice(0, 4)));
    listedYearsCache.set(calendar, years);
  }
  return years;
};

/** The provisional holidays of `year` when the calendar has rules for them and lists nothing of that year. */
export const provisionalHolidaysOf = (calendar: BusinessCalendar, year: number): CalendarHoliday[] => {
  if (calendar.provisionalRules !== CN_STATUTORY_RULES || listedYears(calendar).has(year)) return [];
  return cnStatutoryHolidays(year);
};

const isProvisionalHoliday = (calendar: BusinessCalendar, date: string): boolean =>
  !!calendar.provisionalRules && provisionalHolidaysOf(calendar, Number(date.slice(0, 4))).some((h) => h.date === date);

/**
 * The holidays of a date range as a person reads them: the listed ones and, for years without a
 * notice, the provisional ones (each `provisional: true`). For the calendars page and exports.
 */
export const holidaysBetween = (calendar: BusinessCalendar, from: string, to: string): CalendarHoliday[] => {
  const listed = calendar.holidays.filter((h) => h.date >= from && h.date <= to);
  const provisional: CalendarHoliday[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    provisional.push(...provisionalHolidaysOf(calendar, year).filter((h) => h.date >= from && h.date <= to));
  }
  return [...listed, ...provisional].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
};

/** Days before the end of the last year the calendar has a notice for at which to warn an administrator. */
export const NOTICE_WARNING_DAYS = 60;

export interface CalendarCoverage {
  /** The last date covered by a listed notice ('YYYY-12-31' of the last listed year), or null. */
  lastListedDate: string | null;
  /** Whether `today` is within NOTICE_WARNING_DAYS of it (or past it). */
  warn: boolean;
  /** Whether dates after it still skip holidays (provisional rules are set). */
  provisionalAfter: boolean;
}

/** How far the calendar's notices reach, seen from `today` ('YYYY-MM-DD'). */
export const calendarCoverage = (calendar: BusinessCalendar, today: string): CalendarCoverage => {
  const years = [...listedYears(calendar)];
  const lastListedDate = years.length ? `${Math.max(...years)}-12-31` : null;
  const todayDay = epochDayOf(today);
  const lastDay = lastListedDate ? epochDayOf(lastListedDate) : null;
  const warn = todayDay !== null && (lastDay === null || lastDay - todayDay <= NOTICE_WARNING_DAYS);
  return { lastListedDate, warn, provisionalAfter: calendar.provisionalRules !== undefined };
};

/** The wall-clock working hours of one date: none on a holiday, a make-up day's hours, else the weekday's. */
export const workingHoursOn = (calendar: BusinessCalendar, date: string): WorkingInterval[] => {
  if (calendar.holidays.some((h) => h.date === date)) return [];
  if (isProvisionalHoliday(calendar, date)) return [];
  const makeUp = calendar.workingDays.find((w) => w.date === date);
  if (makeUp) return (makeUp.hours ?? standardDayHours(calendar)).map((h) => ({ ...h }));
  return (calendar.weeklyHours[weekdayOf(date)] ?? []).map((h) => ({ ...h }));
};
