import { assertValidCalendar, CalendarValidationError, standardDayHours, validateCalendar, workingHoursOn, type BusinessCalendar, type CalendarError } from '../calendar';
import { DEFAULT_CALENDAR } from '../default-calendar';

const weekday = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:30' },
];
const valid = (): BusinessCalendar => ({
  id: 'test',
  name: 'Test calendar',
  timeZone: 'Asia/Shanghai',
  weeklyHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
  holidays: [{ date: '2026-10-01', name: 'National Day' }],
  workingDays: [{ date: '2026-10-10', name: 'Make-up day' }],
});

const errorsOf = (input: unknown): CalendarError[] => {
  const result = validateCalendar(input);
  if (result.ok) throw new Error('expected the calendar to be invalid');
  return result.errors;
};
const pathsOf = (input: unknown) => errorsOf(input).map((e) => e.path);

describe('validateCalendar accepts and normalises', () => {
  it('accepts a well-formed calendar unchanged', () => {
    expect(validateCalendar(valid())).toEqual({ ok: true, calendar: valid() });
  });

  it('defaults the time zone to Asia/Shanghai, missing weekdays to closed and missing lists to empty', () => {
    const result = validateCalendar({ id: 'min', name: 'Minimal', weeklyHours: { mon: [{ start: '08:00', end: '17:00' }] } });
    expect(result).toEqual({
      ok: true,
      calendar: {
        id: 'min',
        name: 'Minimal',
        timeZone: 'Asia/Shanghai',
        weeklyHours: { mon: [{ start: '08:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        holidays: [],
        workingDays: [],
      },
    });
  });

  it('sorts intervals and dated days, keeps 24:00 as an end, drops unknown fields (JSON export is then stable)', () => {
    const input = {
      ...valid(),
      documentId: 'abc123',
      weeklyHours: {
        ...valid().weeklyHours,
        sat: [
          { start: '22:00', end: '24:00' },
          { start: '00:00', end: '06:00' },
        ],
      },
      holidays: [
        { date: '2026-10-02', name: ' National Day ' },
        { date: '2026-10-01', name: 'National Day' },
      ],
      source: 'test notice',
    };
    const result = validateCalendar(input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.calendar.weeklyHours.sat).toEqual([
      { start: '00:00', end: '06:00' },
      { start: '22:00', end: '24:00' },
    ]);
    expect(result.calendar.holidays).toEqual([
      { date: '2026-10-01', name: 'National Day' },
      { date: '2026-10-02', name: 'National Day' },
    ]);
    expect(result.calendar).not.toHaveProperty('documentId');
    expect(result.calendar.source).toBe('test notice');
    expect(JSON.parse(JSON.stringify(result.calendar))).toEqual(result.calendar);
  });

  it('accepts the default calendar', () => {
    expect(validateCalendar(DEFAULT_CALENDAR).ok).toBe(true);
  });
});

describe('validateCalendar names the offending field', () => {
  it('a bad time zone', () => {
    expect(errorsOf({ ...valid(), timeZone: 'Mars/Olympus' })).toEqual([{ path: 'timeZone', message: expect.stringContaining('IANA time zone') }]);
    expect(pathsOf({ ...valid(), timeZone: '' })).toEqual(['timeZone']);
  });

  it('an end before (or at) its start', () => {
    expect(errorsOf({ ...valid(), weeklyHours: { ...valid().weeklyHours, mon: [{ start: '18:00', end: '09:00' }] } })).toEqual([
      { path: 'weeklyHours.mon[0].end', message: 'must be after start (18:00), got 09:00' },
    ]);
    expect(pathsOf({ ...valid(), weeklyHours: { ...valid().weeklyHours, tue: [{ start: '09:00', end: '09:00' }] } })).toEqual(['weeklyHours.tue[0].end']);
  });

  it('overlapping intervals, naming both', () => {
    const hours = [
      { start: '13:00', end: '18:00' },
      { start: '09:00', end: '13:30' },
    ];
    expect(errorsOf({ ...valid(), weeklyHours: { ...valid().weeklyHours, wed: hours } })).toEqual([{ path: 'weeklyHours.wed[0]', message: 'overlaps weeklyHours.wed[1] (09:00–13:30)' }]);
  });

  it('malformed times and an unknown weekday', () => {
    const weeklyHours = { ...valid().weeklyHours, thu: [{ start: '9:00', end: '24:30' }], thur: [] };
    expect(pathsOf({ ...valid(), weeklyHours })).toEqual(['weeklyHours.thur', 'weeklyHours.thu[0].start', 'weeklyHours.thu[0].end']);
    expect(pathsOf({ ...valid(), weeklyHours: { ...valid().weeklyHours, fri: [{ start: '24:00', end: '24:00' }] } })).toEqual(['weeklyHours.fri[0].start']);
    expect(pathsOf({ ...valid(), weeklyHours: { ...valid().weeklyHours, sat: 'closed' } })).toEqual(['weeklyHours.sat']);
    expect(pathsOf({ ...valid(), weeklyHours: undefined })).toEqual(['weeklyHours']);
  });

  it('a date that does not exist, or is not YYYY-MM-DD', () => {
    expect(errorsOf({ ...valid(), holidays: [{ date: '2026-02-30', name: 'Nope' }] })).toEqual([{ path: 'holidays[0].date', message: 'must be a real date YYYY-MM-DD, got "2026-02-30"' }]);
    expect(pathsOf({ ...valid(), workingDays: [{ date: '2026/10/10', name: 'x' }] })).toEqual(['workingDays[0].date']);
  });

  it('a date listed twice', () => {
    const holidays = [
      { date: '2026-10-01', name: 'National Day' },
      { date: '2026-10-01', name: 'Again' },
    ];
    expect(errorsOf({ ...valid(), holidays })).toEqual([{ path: 'holidays[1].date', message: '2026-10-01 is already listed at holidays[0]' }]);
  });

  it('a date that is both a holiday and a working day', () => {
    const workingDays = [{ date: '2026-10-01', name: 'Make-up day' }];
    expect(errorsOf({ ...valid(), workingDays })).toEqual([{ path: 'workingDays[0].date', message: '2026-10-01 is also a holiday (holidays[0]); a date is either worked or not' }]);
  });

  it('missing names, an empty make-up day, a bad id, a non-text source', () => {
    expect(pathsOf({ ...valid(), holidays: [{ date: '2026-10-01', name: '  ' }] })).toEqual(['holidays[0].name']);
    expect(pathsOf({ ...valid(), workingDays: [{ date: '2026-10-10', name: 'x', hours: [] }] })).toEqual(['workingDays[0].hours']);
    expect(pathsOf({ ...valid(), workingDays: [{ date: '2026-10-10', name: 'x', hours: [{ start: '10:00', end: '08:00' }] }] })).toEqual(['workingDays[0].hours[0].end']);
    expect(pathsOf({ ...valid(), id: 'has space' })).toEqual(['id']);
    expect(pathsOf({ ...valid(), name: '' })).toEqual(['name']);
    expect(pathsOf({ ...valid(), source: 42 })).toEqual(['source']);
  });

  it('a make-up day with nothing to copy when there are no weekly hours', () => {
    const empty = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(pathsOf({ ...valid(), weeklyHours: empty })).toEqual(['workingDays[0].hours']);
    expect(validateCalendar({ ...valid(), weeklyHours: empty, workingDays: [{ date: '2026-10-10', name: 'x', hours: weekday }] }).ok).toBe(true);
  });

  it('reports every problem at once, and rejects what is not an object', () => {
    expect(pathsOf({ id: '', name: 1, timeZone: 'Nowhere/Never', weeklyHours: {}, holidays: 'none' })).toEqual(['id', 'name', 'timeZone', 'holidays']);
    expect(errorsOf(null)).toEqual([{ path: '', message: 'a calendar must be an object' }]);
    expect(errorsOf([])).toEqual([{ path: '', message: 'a calendar must be an object' }]);
  });

  it('assertValidCalendar throws the errors with their paths', () => {
    expect(() => assertValidCalendar({ ...valid(), timeZone: 'Mars/Olympus' })).toThrow(CalendarValidationError);
    expect(() => assertValidCalendar({ ...valid(), timeZone: 'Mars/Olympus' })).toThrow(/timeZone: must be an IANA time zone/);
    try {
      assertValidCalendar({ ...valid(), timeZone: 'Mars/Olympus' });
    } catch (error) {
      expect((error as CalendarValidationError).errors.map((e) => e.path)).toEqual(['timeZone']);
    }
  });
});

describe('standard day and the hours of a date', () => {
  it('the standard day is the most common weekday schedule', () => {
    const short = [{ start: '09:00', end: '15:00' }];
    const long = [{ start: '08:00', end: '18:00' }];
    expect(standardDayHours({ weeklyHours: { mon: short, tue: long, wed: long, thu: long, fri: short, sat: [], sun: [] } })).toEqual(long);
    // A tie goes to the earliest weekday from Monday.
    expect(standardDayHours({ weeklyHours: { mon: [], tue: short, wed: long, thu: long, fri: short, sat: [], sun: [] } })).toEqual(short);
    expect(standardDayHours({ weeklyHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } })).toEqual([]);
  });

  it('a holiday has no hours, a make-up day has the standard hours or its own', () => {
    const calendar = { ...valid(), workingDays: [...valid().workingDays, { date: '2026-12-24', name: 'Christmas Eve, short day', hours: [{ start: '09:00', end: '12:00' }] }] };
    expect(workingHoursOn(calendar, '2026-10-01')).toEqual([]);
    expect(workingHoursOn(calendar, '2026-10-10')).toEqual(weekday); // Saturday, made up
    expect(workingHoursOn(calendar, '2026-10-11')).toEqual([]); // Sunday
    expect(workingHoursOn(calendar, '2026-10-12')).toEqual(weekday); // Monday
    expect(workingHoursOn(calendar, '2026-12-24')).toEqual([{ start: '09:00', end: '12:00' }]);
  });
});
