import { CalendarValidationError, validateCalendar, type BusinessCalendar, type MakeUpWorkingDay, type WorkingInterval } from './calendar';
import { epochDayOf, isoDateOf } from './local-date';

/**
 * iCalendar (RFC 5545) export and import of a calendar's dated days, for calendar apps and for
 * importing a public-holiday feed. Weekly hours are not in the file: on import they come from `base`.
 *
 * Export: one all-day VEVENT per run of consecutive dates with the same name (DTEND exclusive),
 *   - holidays:  CATEGORIES:HOLIDAY,     X-AFTER-SALES-DAY-KIND:holiday,     TRANSP:TRANSPARENT
 *   - make-up working days: CATEGORIES:WORKING-DAY, X-AFTER-SALES-DAY-KIND:working-day, TRANSP:OPAQUE,
 *     and X-AFTER-SALES-HOURS:09:00-12:00 13:30-18:30 when the day has its own hours.
 *   CRLF line endings, lines folded at 75 octets (UTF-8 aware), TEXT values escaped.
 *
 * Import: every all-day VEVENT becomes one entry per date it covers. It is a working day when
 * X-AFTER-SALES-DAY-KIND says so, when CATEGORIES has WORKING-DAY / WORKDAY, or when the summary
 * says 补班 / 上班 (as the common Chinese holiday feeds do); otherwise a holiday. RRULE is not
 * expanded (only the first occurrence is read): list each year's dates explicitly. A DATE-TIME
 * DTSTART is read as its date. The result goes through `validateCalendar`; problems throw a
 * `CalendarValidationError` whose paths name the VEVENT (`ics.VEVENT[3].DTSTART`).
 */

const PRODID = '-//open-after-sales//business-calendar//EN';
const KIND_PROPERTY = 'X-AFTER-SALES-DAY-KIND';
const HOURS_PROPERTY = 'X-AFTER-SALES-HOURS';
const SOURCE_PROPERTY = 'X-AFTER-SALES-SOURCE';
const CALENDAR_ID_PROPERTY = 'X-AFTER-SALES-CALENDAR-ID';
const MAX_LINE_OCTETS = 75;
/** Import bounds: the file, the days one event may cover, and the dated days of a whole import. */
export const ICS_LIMITS = { maxChars: 1_000_000, maxEventDays: 366, maxDays: 5000 } as const;

type DayKind = 'holiday' | 'working-day';

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export const escapeIcsText = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

export const unescapeIcsText = (text: string): string => text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/** Folds one content line into lines of at most 75 octets, never inside a UTF-8 character (§3.1). */
export const foldIcsLine = (line: string): string => {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) as number);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
};

/** Joins folded lines back (a line break followed by a space or tab continues the line). */
export const unfoldIcsLines = (text: string): string[] =>
  text
    .replace(/\r\n[ \t]|\n[ \t]|\r[ \t]/g, '')
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '');

const basicDate = (date: string) => date.replace(/-/g, '');
const formatStamp = (instant: Date) => `${instant.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
const formatHours = (hours: WorkingInterval[]) => hours.map((h) => `${h.start}-${h.end}`).join(' ');

interface DayRun {
  kind: DayKind;
  start: number;
  end: number;
  name: string;
  hours?: WorkingInterval[];
}

const runsOf = (kind: DayKind, entries: { date: string; name: string; hours?: WorkingInterval[] }[]): DayRun[] => {
  const runs: DayRun[] = [];
  const sorted = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const entry of sorted) {
    const day = epochDayOf(entry.date) as number;
    const last = runs[runs.length - 1];
    const hours = entry.hours ? formatHours(entry.hours) : undefined;
    if (last && last.end === day && last.name === entry.name && (last.hours ? formatHours(last.hours) : undefined) === hours) last.end = day + 1;
    else runs.push({ kind, start: day, end: day + 1, name: entry.name, ...(entry.hours ? { hours: entry.hours } : {}) });
  }
  return runs;
};

/**
 * The calendar's holidays and make-up working days as an iCalendar file. `generatedAt` fills
 * DTSTAMP (defaults to now; pass it for a reproducible file).
 */
export const calendarToIcs = (calendar: BusinessCalendar, options: { generatedAt?: Date } = {}): string => {
  const stamp = formatStamp(options.generatedAt ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeIcsText(calendar.name)}`,
    `X-WR-TIMEZONE:${calendar.timeZone}`,
    `${CALENDAR_ID_PROPERTY}:${escapeIcsText(calendar.id)}`,
  ];
  if (calendar.source !== undefined) lines.push(`${SOURCE_PROPERTY}:${escapeIcsText(calendar.source)}`);
  const runs = [...runsOf('holiday', calendar.holidays), ...runsOf('working-day', calendar.workingDays)].sort((a, b) => a.start - b.start);
  for (const run of runs) {
    const working = run.kind === 'working-day';
    lines.push(
      'BEGIN:VEVENT',
      `UID:${calendar.id}-${run.kind}-${basicDate(isoDateOf(run.start))}@after-sales`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(isoDateOf(run.start))}`,
      `DTEND;VALUE=DATE:${basicDate(isoDateOf(run.end))}`,
      `SUMMARY:${escapeIcsText(run.name)}`,
      `CATEGORIES:${working ? 'WORKING-DAY' : 'HOLIDAY'}`,
      `TRANSP:${working ? 'OPAQUE' : 'TRANSPARENT'}`,
      `${KIND_PROPERTY}:${run.kind}`
    );
    if (run.hours) lines.push(`${HOURS_PROPERTY}:${formatHours(run.hours)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
};

interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** `NAME;PARAM=a;PARAM="b:c":value` → parts; the first colon outside quotes ends the parameters. */
const parseContentLine = (line: string): ContentLine | null => {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [name, ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq > 0) params[raw.slice(0, eq).toUpperCase()] = raw.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
};

/** Splits a TEXT list on unescaped commas. */
const splitTextList = (value: string): string[] => {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      current += value[i] + value[i + 1];
      i++;
    } else if (value[i] === ',') {
      items.push(current);
      current = '';
    } else current += value[i];
  }
  items.push(current);
  return items.map(unescapeIcsText);
};

const parseIcsDate = (value: string): number | null => {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value.trim());
  return match ? epochDayOf(`${match[1]}-${match[2]}-${match[3]}`) : null;
};

const parseDurationDays = (value: string): number | null => {
  const match = /^P(?:(\d+)W|(\d+)D)$/.exec(value.trim());
  if (!match) return null;
  return match[1] ? Number(match[1]) * 7 : Number(match[2]);
};

const parseHours = (value: string): WorkingInterval[] =>
  value
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((interval) => {
      const [start, end] = interval.split('-');
      return { start: start ?? '', end: end ?? '' };
    });

export interface IcsBase {
  id: string;
  name: string;
  timeZone?: string;
  weeklyHours: BusinessCalendar['weeklyHours'];
  source?: string;
}

/**
 * A calendar from an iCalendar file: dated days from the file, everything else from `base`.
 * `calendarFromIcs(calendarToIcs(c), c)` equals `c` (normalised). The file's source
 * (X-AFTER-SALES-SOURCE) wins over `base.source`.
 */
export const calendarFromIcs = (text: string, base: IcsBase): BusinessCalendar => {
  if (text.length > ICS_LIMITS.maxChars) throw new CalendarValidationError([{ path: 'ics', message: `the file is larger than ${ICS_LIMITS.maxChars} characters` }], 'iCalendar file');
  const errors: { path: string; message: string }[] = [];
  const holidays: { date: string; name: string }[] = [];
  const workingDays: MakeUpWorkingDay[] = [];
  const holidayDates = new Set<string>();
  const workingDates = new Set<string>();
  let source = base.source;
  let sawCalendar = false;
  let event: ContentLine[] | null = null;
  let eventIndex = -1;

  const addEvent = (lines: ContentLine[], index: number) => {
    const at = `ics.VEVENT[${index}]`;
    const first = new Map<string, ContentLine>();
    for (const l of lines) if (!first.has(l.name)) first.set(l.name, l);
    const get = (name: string) => first.get(name);
    const dtstart = get('DTSTART');
    const start = dtstart ? parseIcsDate(dtstart.value) : null;
    if (start === null) {
      errors.push({ path: `${at}.DTSTART`, message: `must be a date YYYYMMDD, got ${JSON.stringify(dtstart?.value ?? null)}` });
      return;
    }
    let end = start + 1;
    const dtend = get('DTEND');
    const duration = get('DURATION');
    if (dtend) {
      const parsed = parseIcsDate(dtend.value);
      if (parsed === null || parsed < start) {
        errors.push({ path: `${at}.DTEND`, message: `must be a date YYYYMMDD not before DTSTART, got ${JSON.stringify(dtend.value)}` });
        return;
      }
      end = Math.max(parsed, start + 1);
    } else if (duration) {
      const days = parseDurationDays(duration.value);
      if (days === null) {
        errors.push({ path: `${at}.DURATION`, message: `must be whole days (P1D, P2W), got ${JSON.stringify(duration.value)}` });
        return;
      }
      end = start + Math.max(days, 1);
    }
    const summary = get('SUMMARY');
    const categories = lines.filter((l) => l.name === 'CATEGORIES').flatMap((l) => splitTextList(l.value).map((c) => c.trim().toUpperCase()));
    const kind = get(KIND_PROPERTY)?.value.trim().toLowerCase();
    const name = summary ? unescapeIcsText(summary.value).trim() : '';
    const working = kind === 'working-day' || (kind === undefined && (categories.includes('WORKING-DAY') || categories.includes('WORKDAY') || /补班|上班/.test(name)));
    const hoursLine = get(HOURS_PROPERTY);
    if (end - start > ICS_LIMITS.maxEventDays) {
      errors.push({ path: `${at}.DTEND`, message: `an event may cover at most ${ICS_LIMITS.maxEventDays} days, this one covers ${end - start}` });
      return;
    }
    if (holidays.length + workingDays.length + (end - start) > ICS_LIMITS.maxDays) {
      errors.push({ path: at, message: `the file lists more than ${ICS_LIMITS.maxDays} dated days` });
      return;
    }
    for (let day = start; day < end; day++) {
      const date = isoDateOf(day);
      // Feeds often overlap (a 9-day festival and its eve as two events): the first listing wins.
      const seen = working ? workingDates : holidayDates;
      if (seen.has(date)) continue;
      seen.add(date);
      if (working) workingDays.push({ date, name: name || 'Working day', ...(hoursLine ? { hours: parseHours(unescapeIcsText(hoursLine.value)) } : {}) });
      else holidays.push({ date, name: name || 'Holiday' });
    }
  };

  unfoldIcsLines(text).forEach((raw, lineIndex) => {
    const line = parseContentLine(raw);
    if (!line) {
      errors.push({ path: `ics.line[${lineIndex + 1}]`, message: `not an iCalendar content line: ${JSON.stringify(raw.slice(0, 60))}` });
      return;
    }
    if (line.name === 'BEGIN' && line.value.toUpperCase() === 'VCALENDAR') sawCalendar = true;
    else if (line.name === 'BEGIN' && line.value.toUpperCase() === 'VEVENT') {
      event = [];
      eventIndex += 1;
    } else if (line.name === 'END' && line.value.toUpperCase() === 'VEVENT') {
      if (event) addEvent(event, eventIndex);
      event = null;
    } else if (event) event.push(line);
    else if (line.name === SOURCE_PROPERTY) source = unescapeIcsText(line.value);
  });
  if (!sawCalendar) errors.push({ path: 'ics', message: 'no BEGIN:VCALENDAR: not an iCalendar file' });
  if (errors.length) throw new CalendarValidationError(errors.slice(0, 100), 'iCalendar file');

  const result = validateCalendar({ ...base, holidays, workingDays, ...(source !== undefined ? { source } : {}) });
  if (!result.ok) throw new CalendarValidationError(result.errors, 'calendar from iCalendar file');
  return result.calendar;
};
