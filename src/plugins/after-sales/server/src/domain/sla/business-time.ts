import { assertValidCalendar, minutesOfTime, provisionalHolidaysOf, standardDayHours, type BusinessCalendar, type WorkingInterval } from './calendar';
import { DAY_MS, WEEKDAYS, epochDayOf, isoDateOf, weekdayIndexOf } from './local-date';
import { epochDayAt, instantOfWallMs, memoisedOffset } from './zoned-time';

/**
 * Business-time arithmetic on a calendar: how much working time lies between two instants, and
 * when a given amount of working time has elapsed. Lunch breaks, nights, weekends and holidays are
 * skipped; make-up working days count. Time-zone and DST correct (working hours are wall-clock
 * times in the calendar's zone). Walks the calendar a day at a time with a couple of Intl calls per
 * day (about 10 µs a day), never minute by minute: a 10-year walk takes tens of milliseconds. Pure.
 */

const MINUTE_MS = 60_000;
/** No zone is more than 14 h from UTC: a day's instants lie within its wall midnight ± this. */
const OFFSET_MARGIN_MS = 15 * 3_600_000;
/** A walk that finds no end within a century is a mistake, not a deadline. */
const MAX_WALK_DAYS = 36_600;

export class NoWorkingTimeError extends Error {
  constructor(calendarId: string, detail: string) {
    super(`business calendar "${calendarId}" has no working time ${detail}`);
    this.name = 'NoWorkingTimeError';
  }
}

type MinuteInterval = [number, number];

interface CompiledCalendar {
  id: string;
  timeZone: string;
  /** Index 0 = Monday … 6 = Sunday. */
  weekly: MinuteInterval[][];
  /** Holidays (no intervals) and make-up working days, by epoch day. */
  dated: Map<number, MinuteInterval[]>;
  hasWeeklyHours: boolean;
  /** First and last dated day with working time (for calendars whose only working time is dated). */
  firstDatedWorkDay: number | null;
  lastDatedWorkDay: number | null;
  /** The length of a standard working day (`businessDayMs`), in ms; 0 when no weekday has hours. */
  dayMs: number;
  /** Provisional holidays (years the calendar lists nothing of), by year; null without rules. */
  provisional: ((year: number) => Set<number>) | null;
  /**
   * Each local day's working intervals as instants, once worked out (`dayIntervals`): a clock started months ago walks
   * every day since on each read, and each new day cost an Intl call (a queue page of 25 such clocks spent ~10 % of
   * the server's time there). A day's intervals depend only on the calendar and the zone's rules, so they are kept.
   */
  days: Map<number, readonly MinuteInterval[]>;
}

/** At most this many days kept per calendar (about 270 years); past it the kept days start again from none. */
const MAX_KEPT_DAYS = 100_000;

const toMinutes = (hours: WorkingInterval[]): MinuteInterval[] => hours.map((h) => [minutesOfTime(h.start) as number, minutesOfTime(h.end) as number] as MinuteInterval).filter(([s, e]) => e > s);

/**
 * Compiled calendars by calendar object: validating and compiling on every call showed up in the
 * intake profile (the calendar is the same object for every item). Calendars are plain JSON that
 * nobody mutates once in use; a changed calendar is a new object (and a new text).
 */
const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();
/**
 * Compiled calendars by their JSON: the settings are read and parsed per request, so the same calendar arrives as a new
 * object each time, and the days it had worked out (`days`) would be worked out again on every request.
 */
const compiledByText = new Map<string, CompiledCalendar>();
const MAX_CALENDAR_TEXTS = 64;
const compile = (input: BusinessCalendar): CompiledCalendar => {
  let result = compiled.get(input);
  if (!result) {
    const text = JSON.stringify(input);
    result = compiledByText.get(text);
    if (!result) {
      result = compileCalendar(input);
      if (compiledByText.size >= MAX_CALENDAR_TEXTS) compiledByText.clear();
      compiledByText.set(text, result);
    }
    compiled.set(input, result);
  }
  return result;
};

const compileCalendar = (input: BusinessCalendar): CompiledCalendar => {
  const calendar = assertValidCalendar(input);
  const weekly = WEEKDAYS.map((day) => toMinutes(calendar.weeklyHours[day]));
  const standard = toMinutes(standardDayHours(calendar));
  const dated = new Map<number, MinuteInterval[]>();
  for (const holiday of calendar.holidays) dated.set(epochDayOf(holiday.date) as number, []);
  let firstDatedWorkDay: number | null = null;
  let lastDatedWorkDay: number | null = null;
  for (const workingDay of calendar.workingDays) {
    const day = epochDayOf(workingDay.date) as number;
    const minutes = workingDay.hours ? toMinutes(workingDay.hours) : standard;
    dated.set(day, minutes);
    if (minutes.length) {
      firstDatedWorkDay = firstDatedWorkDay === null ? day : Math.min(firstDatedWorkDay, day);
      lastDatedWorkDay = lastDatedWorkDay === null ? day : Math.max(lastDatedWorkDay, day);
    }
  }
  let provisional: CompiledCalendar['provisional'] = null;
  if (calendar.provisionalRules) {
    const byYear = new Map<number, Set<number>>();
    provisional = (year) => {
      let days = byYear.get(year);
      if (!days) {
        days = new Set(provisionalHolidaysOf(calendar, year).map((h) => epochDayOf(h.date) as number));
        byYear.set(year, days);
      }
      return days;
    };
  }
  const dayMs = standard.reduce((sum, [s, e]) => sum + (e - s) * MINUTE_MS, 0);
  return {
    id: calendar.id,
    timeZone: calendar.timeZone,
    weekly,
    dated,
    hasWeeklyHours: weekly.some((d) => d.length > 0),
    firstDatedWorkDay,
    lastDatedWorkDay,
    dayMs,
    provisional,
    days: new Map(),
  };
};

/** The working intervals of one local day as UTC [start, end) instants in ms (worked out once per calendar and day). */
const dayIntervals = (c: CompiledCalendar, day: number, offset: (instantMs: number) => number): readonly MinuteInterval[] => {
  let intervals = c.days.get(day);
  if (!intervals) {
    intervals = workOutDay(c, day, offset);
    if (c.days.size >= MAX_KEPT_DAYS) c.days.clear();
    c.days.set(day, intervals);
  }
  return intervals;
};

const workOutDay = (c: CompiledCalendar, day: number, offset: (instantMs: number) => number): MinuteInterval[] => {
  const minutes = c.dated.get(day) ?? (c.provisional?.(Number(isoDateOf(day).slice(0, 4))).has(day) ? [] : c.weekly[weekdayIndexOf(day)]);
  if (!minutes.length) return [];
  const wallMidnight = day * DAY_MS;
  const before = offset(wallMidnight - DAY_MS);
  const after = offset(wallMidnight + 2 * DAY_MS);
  // No offset change near this day: every wall time is one fixed offset away (the common case).
  const toInstant = before === after ? (wall: number) => wall - before : (wall: number) => instantOfWallMs(c.timeZone, wall, offset);
  const intervals: MinuteInterval[] = [];
  for (const [start, end] of minutes) {
    const s = toInstant(wallMidnight + start * MINUTE_MS);
    const e = toInstant(wallMidnight + end * MINUTE_MS);
    if (e > s) intervals.push([s, e]);
  }
  return intervals;
};

/**
 * Working intervals from `fromMs` on, in order, clipped to start no earlier than `fromMs`. With
 * `untilMs`, stops once the days lie wholly after it; without, runs until the caller stops and
 * throws `NoWorkingTimeError` when the calendar can have no more working time.
 */
function* intervalsForward(c: CompiledCalendar, fromMs: number, untilMs?: number): Generator<MinuteInterval> {
  const offset = memoisedOffset(c.timeZone);
  const firstDay = epochDayAt(c.timeZone, fromMs) - 1;
  for (let day = firstDay; ; day++) {
    if (untilMs !== undefined) {
      if (day * DAY_MS - OFFSET_MARGIN_MS >= untilMs) return;
    } else {
      if (!c.hasWeeklyHours && (c.lastDatedWorkDay === null || day > c.lastDatedWorkDay)) {
        throw new NoWorkingTimeError(c.id, c.lastDatedWorkDay === null ? 'at all (no weekly hours, no working days)' : `after ${isoDateOf(c.lastDatedWorkDay)} (no weekly hours)`);
      }
      if (day - firstDay > MAX_WALK_DAYS) throw new NoWorkingTimeError(c.id, `within 100 years of ${new Date(fromMs).toISOString()}`);
    }
    for (const [s, e] of dayIntervals(c, day, offset)) {
      if (e > fromMs) yield [Math.max(s, fromMs), e];
    }
  }
}

/** Working intervals before `fromMs`, latest first, clipped to end no later than `fromMs`. */
function* intervalsBackward(c: CompiledCalendar, fromMs: number): Generator<MinuteInterval> {
  const offset = memoisedOffset(c.timeZone);
  const firstDay = epochDayAt(c.timeZone, fromMs) + 1;
  for (let day = firstDay; ; day--) {
    if (!c.hasWeeklyHours && (c.firstDatedWorkDay === null || day < c.firstDatedWorkDay)) {
      throw new NoWorkingTimeError(c.id, c.firstDatedWorkDay === null ? 'at all (no weekly hours, no working days)' : `before ${isoDateOf(c.firstDatedWorkDay)} (no weekly hours)`);
    }
    if (firstDay - day > MAX_WALK_DAYS) throw new NoWorkingTimeError(c.id, `within 100 years before ${new Date(fromMs).toISOString()}`);
    const intervals = dayIntervals(c, day, offset);
    for (let i = intervals.length - 1; i >= 0; i--) {
      const [s, e] = intervals[i];
      if (s < fromMs) yield [s, Math.min(e, fromMs)];
    }
  }
}

const instantMs = (value: Date, what: string): number => {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
};

/**
 * The instant when `durationMs` of working time has elapsed, counting from `start`. A start
 * outside working hours begins counting at the next working moment. The earliest such instant is
 * returned: 8 h from Monday 09:00 is Monday 18:30, not Tuesday 09:00.
 *
 * Zero returns `start` itself. A negative duration counts backwards: the latest instant with
 * |durationMs| of working time between it and `start` (useful for "warn 2 working hours before").
 * Throws `NoWorkingTimeError` when the calendar cannot supply the time, `RangeError` on bad input.
 */
export const addBusinessTime = (calendar: BusinessCalendar, start: Date, durationMs: number): Date => {
  const from = instantMs(start, 'start');
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs)) throw new RangeError(`durationMs must be a finite number, got ${durationMs}`);
  let remaining = Math.round(Math.abs(durationMs));
  if (remaining === 0) return new Date(from);
  const c = compile(calendar);
  if (durationMs > 0) {
    for (const [s, e] of intervalsForward(c, from)) {
      if (remaining <= e - s) return new Date(s + remaining);
      remaining -= e - s;
    }
  } else {
    for (const [s, e] of intervalsBackward(c, from)) {
      if (remaining <= e - s) return new Date(e - remaining);
      remaining -= e - s;
    }
  }
  throw new Error('unreachable: the calendar walk ended without an answer');
};

/** Working time in [from, to), in ms. Negative when `to` is before `from` (e.g. how late something is). */
export const businessTimeBetween = (calendar: BusinessCalendar, from: Date, to: Date): number => {
  const a = instantMs(from, 'from');
  const b = instantMs(to, 'to');
  if (b < a) return -businessTimeBetween(calendar, to, from);
  if (a === b) return 0;
  const c = compile(calendar);
  let total = 0;
  for (const [s, e] of intervalsForward(c, a, b)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
  }
  return total;
};

/** True when `instant` falls inside working hours (an interval's start is in, its end is out). */
export const isWorkingTime = (calendar: BusinessCalendar, instant: Date): boolean => {
  const t = instantMs(instant, 'instant');
  for (const [s] of intervalsForward(compile(calendar), t, t + 1)) return s === t;
  return false;
};

/** `instant` itself during working hours, else the start of the next working interval. */
export const nextWorkingMoment = (calendar: BusinessCalendar, instant: Date): Date => {
  const t = instantMs(instant, 'instant');
  for (const [s] of intervalsForward(compile(calendar), t)) return new Date(s);
  throw new Error('unreachable: the calendar walk ended without an answer');
};

/**
 * The length of one business day: the total of the standard day's hours (`standardDayHours`),
 * 8 h for mainland China's 09:00–12:00 + 13:30–18:30. Throws when no weekday has hours.
 */
export const businessDayMs = (calendar: BusinessCalendar): number => {
  // From the compiled calendar (validated once per calendar object): every clock shown asks for it.
  const { id, dayMs } = compile(calendar);
  if (dayMs <= 0) throw new NoWorkingTimeError(id, 'on a standard day (no weekday has hours), so a business day has no length');
  return dayMs;
};

/** The calendar's time zone, from the compiled calendar (validated once per calendar object). */
export const calendarTimeZone = (calendar: BusinessCalendar): string => compile(calendar).timeZone;

/**
 * The working intervals of the calendar that overlap [fromMs, toMs), in order, each clipped to
 * that range, as [startMs, endMs) pairs. For materialising the calendar (e.g. as a table that SQL
 * aggregates can join to compute business time in the database).
 */
export const workingIntervalsBetween = (calendar: BusinessCalendar, fromMs: number, toMs: number): [number, number][] => {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('fromMs and toMs must be finite numbers');
  const result: [number, number][] = [];
  if (toMs <= fromMs) return result;
  for (const [s, e] of intervalsForward(compile(calendar), fromMs, toMs)) {
    if (s >= toMs) break;
    result.push([s, Math.min(e, toMs)]);
  }
  return result;
};
