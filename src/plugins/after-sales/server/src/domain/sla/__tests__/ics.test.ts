import { CalendarValidationError, validateCalendar, type BusinessCalendar } from '../calendar';
import { DEFAULT_CALENDAR } from '../default-calendar';
import { calendarFromIcs, calendarToIcs, escapeIcsText, foldIcsLine, unescapeIcsText, unfoldIcsLines } from '../ics';

const generatedAt = new Date('2026-01-15T08:00:00Z');
const base = { id: DEFAULT_CALENDAR.id, name: DEFAULT_CALENDAR.name, timeZone: DEFAULT_CALENDAR.timeZone, weeklyHours: DEFAULT_CALENDAR.weeklyHours };
const octets = (line: string) => Buffer.byteLength(line, 'utf8');
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);

const small: BusinessCalendar = {
  id: 'small',
  name: 'Small, test; calendar',
  timeZone: 'Asia/Shanghai',
  weeklyHours: DEFAULT_CALENDAR.weeklyHours,
  holidays: [
    { date: '2026-05-01', name: '劳动节 Labour Day' },
    { date: '2026-05-02', name: '劳动节 Labour Day' },
    { date: '2026-05-04', name: '劳动节 Labour Day' },
  ],
  workingDays: [{ date: '2026-05-09', name: '调休上班', hours: [{ start: '10:00', end: '16:00' }] }],
  source: 'a notice, with commas; and semicolons',
};

describe('calendarToIcs', () => {
  it('writes a VCALENDAR with all-day VEVENTs, consecutive days merged, CRLF endings', () => {
    const ics = calendarToIcs(small, { generatedAt });
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//open-after-sales//business-calendar//EN',
        'CALSCALE:GREGORIAN',
        'X-WR-CALNAME:Small\\, test\\; calendar',
        'X-WR-TIMEZONE:Asia/Shanghai',
        'X-AFTER-SALES-CALENDAR-ID:small',
        'X-AFTER-SALES-SOURCE:a notice\\, with commas\\; and semicolons',
        'BEGIN:VEVENT',
        'UID:small-holiday-20260501@after-sales',
        'DTSTAMP:20260115T080000Z',
        'DTSTART;VALUE=DATE:20260501',
        'DTEND;VALUE=DATE:20260503',
        'SUMMARY:劳动节 Labour Day',
        'CATEGORIES:HOLIDAY',
        'TRANSP:TRANSPARENT',
        'X-AFTER-SALES-DAY-KIND:holiday',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:small-holiday-20260504@after-sales',
        'DTSTAMP:20260115T080000Z',
        'DTSTART;VALUE=DATE:20260504',
        'DTEND;VALUE=DATE:20260505',
        'SUMMARY:劳动节 Labour Day',
        'CATEGORIES:HOLIDAY',
        'TRANSP:TRANSPARENT',
        'X-AFTER-SALES-DAY-KIND:holiday',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:small-working-day-20260509@after-sales',
        'DTSTAMP:20260115T080000Z',
        'DTSTART;VALUE=DATE:20260509',
        'DTEND;VALUE=DATE:20260510',
        'SUMMARY:调休上班',
        'CATEGORIES:WORKING-DAY',
        'TRANSP:OPAQUE',
        'X-AFTER-SALES-DAY-KIND:working-day',
        'X-AFTER-SALES-HOURS:10:00-16:00',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n')
    );
  });

  it('exports the default calendar: 7 holiday periods and 6 make-up days, no line over 75 octets', () => {
    const ics = calendarToIcs(DEFAULT_CALENDAR, { generatedAt });
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(13);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260215\r\nDTEND;VALUE=DATE:20260224\r\nSUMMARY:春节 Spring Festival\r\n');
    expect(ics).toContain('DTSTART;VALUE=DATE:20261010\r\nDTEND;VALUE=DATE:20261011\r\n');
    expect(ics.match(/X-AFTER-SALES-DAY-KIND:working-day/g)).toHaveLength(6);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
    for (const line of physicalLines(ics)) expect(octets(line)).toBeLessThanOrEqual(75);
  });
});

describe('line folding and escaping', () => {
  it('folds at 75 octets with a leading space on continuation lines', () => {
    const line = `SUMMARY:${'a'.repeat(150)}`; // 158 octets
    const folded = foldIcsLine(line);
    const parts = folded.split('\r\n');
    expect(parts).toEqual([line.slice(0, 75), ` ${line.slice(75, 149)}`, ` ${line.slice(149)}`]);
    expect(parts.map(octets)).toEqual([75, 75, 10]);
    expect(unfoldIcsLines(folded)).toEqual([line]);
    expect(foldIcsLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('never splits a multi-byte UTF-8 character', () => {
    const line = `SUMMARY:${'春节'.repeat(20)}😀${'国庆'.repeat(10)}`;
    const parts = foldIcsLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part); // whole characters only
      expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/);
    }
    // 8 ASCII octets + 22 three-byte characters = 74: the 23rd would make 77.
    expect(octets(parts[0])).toBe(74);
    expect(unfoldIcsLines(parts.join('\r\n'))).toEqual([line]);
  });

  it('escapes and unescapes TEXT', () => {
    expect(escapeIcsText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(unescapeIcsText('a\\\\b\\;c\\,d\\ne\\Nf')).toBe('a\\b;c,d\ne\nf');
  });
});

describe('calendarFromIcs', () => {
  it('round-trips the default calendar', () => {
    const normalised = validateCalendar(DEFAULT_CALENDAR);
    if (!normalised.ok) throw new Error('default calendar invalid');
    // The file holds dated days only; the provisional rules stay with the calendar imported into.
    expect(calendarFromIcs(calendarToIcs(DEFAULT_CALENDAR, { generatedAt }), base)).toEqual({ ...normalised.calendar, provisionalRules: undefined });
  });

  it('round-trips names that need escaping and folding, and a make-up day with its own hours', () => {
    const tricky: BusinessCalendar = {
      ...small,
      holidays: [{ date: '2026-05-01', name: `劳动节, "Labour; Day" \\ ${'很长的名字'.repeat(12)}\nsecond line` }],
    };
    const ics = calendarToIcs(tricky, { generatedAt });
    for (const line of physicalLines(ics)) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(calendarFromIcs(ics, { id: small.id, name: small.name, timeZone: small.timeZone, weeklyHours: small.weeklyHours })).toEqual(tricky);
  });

  it('reads a foreign feed: LF endings, multi-day events, DURATION, 补班 and WORKDAY working days, overlaps', () => {
    const feed = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//someone//holidays//ZH',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270206',
      'DTEND;VALUE=DATE:20270209',
      'SUMMARY:春节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270207',
      'SUMMARY:除夕',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270501',
      'DURATION:P2D',
      'SUMMARY:劳动节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270130',
      'SUMMARY:春节补班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20270424T000000Z',
      'CATEGORIES:PUBLIC,WORKDAY',
      'SUMMARY:Make-up day',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    const calendar = calendarFromIcs(feed, { ...base, id: 'cn-2027', source: 'someone' });
    expect(calendar.holidays).toEqual([
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
    ]);
    expect(calendar.workingDays).toEqual([
      { date: '2027-01-30', name: '春节补班' },
      { date: '2027-04-24', name: 'Make-up day' },
    ]);
    expect(calendar.source).toBe('someone');
    expect(calendar.timeZone).toBe('Asia/Shanghai');
  });

  it('names the VEVENT at fault', () => {
    const bad =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:ok\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART;VALUE=DATE:2026-02-01\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(() => calendarFromIcs(bad, base)).toThrow(CalendarValidationError);
    try {
      calendarFromIcs(bad, base);
    } catch (error) {
      expect((error as CalendarValidationError).errors).toEqual([{ path: 'ics.VEVENT[1].DTSTART', message: 'must be a date YYYYMMDD, got "2026-02-01"' }]);
    }
  });

  it('refuses what is not iCalendar, and a date that is both holiday and working day', () => {
    expect(() => calendarFromIcs('hello', base)).toThrow(/ics\.line\[1\]/);
    expect(() => calendarFromIcs('', base)).toThrow(/no BEGIN:VCALENDAR/);
    const both = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261001',
      'SUMMARY:国庆节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261001',
      'SUMMARY:上班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(() => calendarFromIcs(both, base)).toThrow(/workingDays\[0\]\.date: 2026-10-01 is also a holiday/);
  });
});

describe('import in linear time, with bounded input', () => {
  const base = { id: 'cn', name: 'CN', timeZone: 'Asia/Shanghai', weeklyHours: { mon: [{ start: '09:00', end: '18:00' }] } } as any;
  const file = (event: string) => `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n${event}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

  it('refuses, at once, a 130-byte event spanning thousands of years', () => {
    const text = file('DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:99991231\r\nSUMMARY:x');
    expect(text.length).toBeLessThan(140);
    const started = Date.now();
    expect(() => calendarFromIcs(text, base)).toThrow(/at most 366 days/);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('reads a year-long event and 300 one-day events quickly', () => {
    const events = Array.from({ length: 300 }, (_, i) => `BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:${20300101 + (i % 28) + 100 * Math.floor(i / 28)}\r\nSUMMARY:d${i}\r\nEND:VEVENT`).join('\r\n');
    const text = `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDURATION:P366D\r\nSUMMARY:long\r\nEND:VEVENT\r\n${events}\r\nEND:VCALENDAR\r\n`;
    const started = Date.now();
    const calendar = calendarFromIcs(text, base);
    expect(Date.now() - started).toBeLessThan(500);
    expect(calendar.holidays.length).toBe(366 + 300);
  });

  it('refuses a file above the size bound and a huge DURATION', () => {
    expect(() => calendarFromIcs('x'.repeat(1_000_001), base)).toThrow(/larger than/);
    expect(() => calendarFromIcs(file('DTSTART;VALUE=DATE:20270101\r\nDURATION:P99999999999999999999D'), base)).toThrow(/at most 366 days/);
  });
});
