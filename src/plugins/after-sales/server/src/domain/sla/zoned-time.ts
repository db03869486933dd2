import { DAY_MS, epochDayOf } from './local-date';
import { dateTimeFormat } from '../dates/intl-formats';

/**
 * Conversion between UTC instants and the wall clock of an IANA time zone, with the JS Intl API
 * only. A wall-clock time is handled as "wall milliseconds": the wall clock read as if it were UTC
 * (Date.UTC of its fields). The offset of a zone at an instant is wall ms minus instant ms.
 *
 * Wall clock → instant follows Temporal's 'compatible' disambiguation: a time that occurs twice
 * (autumn fall-back) is the earlier instant; a time that does not exist (spring-forward gap) is
 * moved forward by the length of the gap (Berlin 02:30 on the spring day → 03:30 CEST).
 */

const MINUTE_MS = 60_000;

/** One formatter per zone (built once by dateTimeFormat); throws a RangeError for a zone Intl does not know. */
const formatterFor = (timeZone: string): Intl.DateTimeFormat =>
  dateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** True for a time zone Intl knows (IANA names such as 'Asia/Shanghai', 'Europe/Berlin', 'UTC'). */
export const isValidTimeZone = (timeZone: unknown): timeZone is string => {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

export interface WallClock {
  /** 'YYYY-MM-DD' in the zone. */
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Wall milliseconds (wall clock read as UTC) of an instant in a zone. */
export const wallMsAt = (timeZone: string, instantMs: number): number => {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (!part) throw new Error(`Intl gave no ${type} for ${timeZone}`);
    return Number(part.value);
  };
  const millisecond = ((instantMs % 1000) + 1000) % 1000;
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')) + millisecond;
};

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h; Berlin in summer: +2 h). */
export const offsetAt = (timeZone: string, instantMs: number): number => wallMsAt(timeZone, instantMs) - instantMs;

/** The wall clock of an instant in a zone. */
export const wallClockAt = (timeZone: string, instant: Date | number): WallClock => {
  const wall = new Date(wallMsAt(timeZone, typeof instant === 'number' ? instant : instant.getTime()));
  return {
    date: wall.toISOString().slice(0, 10),
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
};

/** Epoch-day number of the calendar day an instant falls on in a zone. */
export const epochDayAt = (timeZone: string, instantMs: number): number => Math.floor(wallMsAt(timeZone, instantMs) / DAY_MS);

/**
 * The instant of a wall-clock time ('compatible' disambiguation, see above). `offset` may be a
 * memoised `offsetAt` for the same zone; it assumes at most one offset change within ±1 day.
 */
export const instantOfWallMs = (timeZone: string, wallMs: number, offset: (instantMs: number) => number = (t) => offsetAt(timeZone, t)): number => {
  const before = offset(wallMs - DAY_MS);
  const after = offset(wallMs + DAY_MS);
  if (before === after) return wallMs - before;
  const candidates = [wallMs - before, wallMs - after].filter((t) => t + offset(t) === wallMs);
  if (candidates.length) return Math.min(...candidates);
  return wallMs - before; // in the gap: shifted forward by the gap's length
};

/**
 * The instant of a wall-clock date and time in a zone: `instantAt('Europe/Berlin', '2026-03-30', '10:00')`
 * is 2026-03-30T08:00:00Z. `time` is 'HH:MM' or 'HH:MM:SS' (24:00 is midnight of the next day).
 */
export const instantAt = (timeZone: string, date: string, time = '00:00'): Date => {
  const day = epochDayOf(date);
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (day === null) throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  if (!match) throw new RangeError(`not a time (HH:MM[:SS]): "${time}"`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
  const wallMs = day * DAY_MS + (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS + Number(match[3] ?? 0) * 1000;
  return new Date(instantOfWallMs(timeZone, wallMs));
};

/** A memoised `offsetAt` for one walk over a calendar (consecutive days ask for the same instants). */
export const memoisedOffset = (timeZone: string): ((instantMs: number) => number) => {
  const cache = new Map<number, number>();
  return (instantMs) => {
    let value = cache.get(instantMs);
    if (value === undefined) {
      value = offsetAt(timeZone, instantMs);
      cache.set(instantMs, value);
    }
    return value;
  };
};
