import { addBusinessTime, businessDayMs, businessTimeBetween, isWorkingTime, nextWorkingMoment, NoWorkingTimeError } from '../business-time';
import { CalendarValidationError, type BusinessCalendar, type WorkingInterval } from '../calendar';
import { DEFAULT_CALENDAR } from '../default-calendar';

const H = 3_600_000;
const M = 60_000;
const cn = DEFAULT_CALENDAR;
/** A wall-clock time in Shanghai (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
const closed: WorkingInterval[] = [];
const nineToFive: WorkingInterval[] = [{ start: '09:00', end: '17:00' }];

const berlin: BusinessCalendar = {
  id: 'de-berlin',
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  weeklyHours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: closed, sun: closed },
  holidays: [],
  workingDays: [],
};
const allDay: WorkingInterval[] = [{ start: '00:00', end: '24:00' }];
const berlin24x7: BusinessCalendar = { ...berlin, id: 'de-24x7', weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } };
/** Works Sunday 01:00–04:00 only: the hours the DST changes happen in. */
const berlinNight: BusinessCalendar = {
  ...berlin,
  id: 'de-night',
  weeklyHours: { ...berlin.weeklyHours, mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sun: [{ start: '01:00', end: '04:00' }] },
};

describe('addBusinessTime on the mainland China calendar (09:00–12:00, 13:30–18:30)', () => {
  it('adds within one working interval', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T09:15:00'), 2 * H))).toBe(iso(sh('2026-03-10T11:15:00')));
  });

  it('skips the lunch break', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T11:00:00'), 2 * H))).toBe(iso(sh('2026-03-10T14:30:00')));
  });

  it('returns the end of an interval rather than the start of the next one', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T11:00:00'), 1 * H))).toBe(iso(sh('2026-03-10T12:00:00')));
    expect(iso(addBusinessTime(cn, sh('2026-03-10T09:00:00'), 8 * H))).toBe(iso(sh('2026-03-10T18:30:00')));
  });

  it('a start during lunch begins counting at 13:30', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T12:30:00'), 1 * H))).toBe(iso(sh('2026-03-10T14:30:00')));
  });

  it('carries over the night', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T17:30:00'), 2 * H))).toBe(iso(sh('2026-03-11T10:00:00')));
  });

  it('a start outside working hours begins at the next working moment', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-10T22:00:00'), 1 * H))).toBe(iso(sh('2026-03-11T10:00:00')));
    expect(iso(addBusinessTime(cn, sh('2026-03-10T07:00:00'), 1 * H))).toBe(iso(sh('2026-03-10T10:00:00')));
    expect(iso(addBusinessTime(cn, sh('2026-03-14T10:00:00'), 2 * H))).toBe(iso(sh('2026-03-16T11:00:00'))); // Saturday → Monday
  });

  it('skips the weekend', () => {
    // Fri 13 Mar 17:00: 1.5 h left on Friday, 1.5 h on Monday.
    expect(iso(addBusinessTime(cn, sh('2026-03-13T17:00:00'), 3 * H))).toBe(iso(sh('2026-03-16T10:30:00')));
  });

  it('skips public holidays (National Day, 1–7 October 2026)', () => {
    expect(iso(addBusinessTime(cn, sh('2026-09-30T17:00:00'), 2 * H))).toBe(iso(sh('2026-10-08T09:30:00')));
  });

  it('counts make-up working days (Saturday 10 October, Saturday 14 February, Sunday 4 January 2026)', () => {
    expect(iso(addBusinessTime(cn, sh('2026-10-09T18:00:00'), 1 * H))).toBe(iso(sh('2026-10-10T09:30:00')));
    expect(iso(addBusinessTime(cn, sh('2026-02-13T18:00:00'), 1 * H))).toBe(iso(sh('2026-02-14T09:30:00')));
    expect(iso(addBusinessTime(cn, sh('2025-12-31T18:00:00'), 1 * H))).toBe(iso(sh('2026-01-04T09:30:00')));
  });

  it('jumps the whole Spring Festival (15–23 February 2026) after the make-up Saturday', () => {
    expect(iso(addBusinessTime(cn, sh('2026-02-14T18:30:00'), 1 * H))).toBe(iso(sh('2026-02-24T10:00:00')));
  });

  it('zero returns the start unchanged, even outside working hours', () => {
    const saturday = sh('2026-03-14T10:00:00');
    const result = addBusinessTime(cn, saturday, 0);
    expect(iso(result)).toBe(iso(saturday));
    expect(result).not.toBe(saturday);
  });

  it('a negative duration counts backwards to the latest matching instant', () => {
    expect(iso(addBusinessTime(cn, sh('2026-03-16T10:00:00'), -2 * H))).toBe(iso(sh('2026-03-13T17:30:00')));
    expect(iso(addBusinessTime(cn, sh('2026-03-10T14:00:00'), -1 * H))).toBe(iso(sh('2026-03-10T11:30:00')));
    expect(iso(addBusinessTime(cn, sh('2026-03-10T10:00:00'), -1 * H))).toBe(iso(sh('2026-03-10T09:00:00')));
    expect(iso(addBusinessTime(cn, sh('2026-10-08T09:30:00'), -1 * H))).toBe(iso(sh('2026-09-30T18:00:00')));
  });

  it('rejects a bad start or duration', () => {
    expect(() => addBusinessTime(cn, new Date('nope'), H)).toThrow(RangeError);
    expect(() => addBusinessTime(cn, sh('2026-03-10T10:00:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessTime(cn, sh('2026-03-10T10:00:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is fast and exact for long durations (1000 business days, beyond the listed holidays)', () => {
    const started = Date.now();
    // Weekdays only: the calendar without its provisional holidays for the years after 2026.
    const due = addBusinessTime({ ...cn, provisionalRules: undefined }, sh('2027-01-04T09:00:00'), 1000 * 8 * H);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(iso(due)).toBe(iso(sh('2030-11-01T18:30:00'))); // the 1000th weekday from Mon 4 Jan 2027 is Fri 1 Nov 2030
  });

  it('agrees with businessTimeBetween for many starts and durations, forwards and backwards', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const yearStart = sh('2026-01-01T00:00:00').getTime();
    for (let i = 0; i < 200; i++) {
      const start = new Date(yearStart + Math.floor(random() * 365 * 24 * 60) * M);
      const duration = Math.floor(random() * 60 * 8 * 60) * M * (i % 2 ? 1 : -1);
      const end = addBusinessTime(cn, start, duration);
      expect(businessTimeBetween(cn, start, end)).toBe(duration);
    }
  });
});

describe('businessTimeBetween', () => {
  it('counts working time in [from, to)', () => {
    expect(businessTimeBetween(cn, sh('2026-03-13T17:00:00'), sh('2026-03-16T10:30:00'))).toBe(3 * H);
    expect(businessTimeBetween(cn, sh('2026-03-10T11:00:00'), sh('2026-03-10T14:00:00'))).toBe(1.5 * H);
    expect(businessTimeBetween(cn, sh('2026-03-14T00:00:00'), sh('2026-03-16T00:00:00'))).toBe(0);
  });

  it('is negative when to is before from, and zero for an empty range', () => {
    expect(businessTimeBetween(cn, sh('2026-03-16T10:30:00'), sh('2026-03-13T17:00:00'))).toBe(-3 * H);
    expect(businessTimeBetween(cn, sh('2026-03-10T10:00:00'), sh('2026-03-10T10:00:00'))).toBe(0);
  });

  it('counts the Spring Festival fortnight: 7 working days including both make-up Saturdays', () => {
    expect(businessTimeBetween(cn, sh('2026-02-13T00:00:00'), sh('2026-03-01T00:00:00'))).toBe(7 * 8 * H);
  });

  it('2026 has 248 working days of 8 hours on the default calendar', () => {
    expect(businessTimeBetween(cn, sh('2026-01-01T00:00:00'), sh('2027-01-01T00:00:00'))).toBe(248 * 8 * H);
  });
});

describe("a calendar's days, kept once worked out", () => {
  it('give the same answers on a walk over days already worked out as on a new calendar object, across both DST changes', () => {
    const spans: [string, string][] = [
      ['2026-01-05T00:00:00Z', '2027-01-04T00:00:00Z'],
      ['2026-03-27T12:00:00Z', '2026-03-31T12:00:00Z'],
      ['2026-10-23T12:00:00Z', '2026-10-27T12:00:00Z'],
      ['2026-06-30T15:30:00Z', '2026-07-01T07:30:00Z'],
    ];
    const cold = () => spans.map(([a, b]) => businessTimeBetween({ ...berlin }, new Date(a), new Date(b)));
    const warm = { ...berlin };
    businessTimeBetween(warm, new Date('2025-12-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(spans.map(([a, b]) => businessTimeBetween(warm, new Date(a), new Date(b)))).toEqual(cold());
    // 52 weeks of five 8-hour days (the weeks of both changes too). Friday 27 March 12:00Z is 13:00 CET (4 h left), Tuesday
    // 31 March 12:00Z is 14:00 CEST (5 h): 4 + 8 + 5. Friday 23 October 12:00Z is 14:00 CEST (3 h), Tuesday 27 October 12:00Z
    // is 13:00 CET (4 h): 3 + 8 + 4. 30 June 15:30Z is 17:30 CEST (closed), 1 July 07:30Z is 09:30: 30 minutes.
    expect(cold()).toEqual([52 * 40 * H, 17 * H, 15 * H, 30 * M]);
  });

  it('belong to their calendar: the same hours in another zone give other instants after the first was walked', () => {
    const shanghaiHours: BusinessCalendar = { ...berlin, id: 'sh-nine-to-five', timeZone: 'Asia/Shanghai' };
    expect(iso(nextWorkingMoment(berlin, new Date('2026-07-01T00:00:00Z')))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(nextWorkingMoment(shanghaiHours, new Date('2026-07-01T00:00:00Z')))).toBe('2026-07-01T01:00:00.000Z');
    expect(iso(nextWorkingMoment(berlin, new Date('2026-07-01T00:00:00Z')))).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('isWorkingTime and nextWorkingMoment', () => {
  it('an interval includes its start and excludes its end', () => {
    expect(isWorkingTime(cn, sh('2026-03-10T09:00:00'))).toBe(true);
    expect(isWorkingTime(cn, sh('2026-03-10T11:59:59.999'))).toBe(true);
    expect(isWorkingTime(cn, sh('2026-03-10T12:00:00'))).toBe(false);
    expect(isWorkingTime(cn, sh('2026-03-10T13:30:00'))).toBe(true);
    expect(isWorkingTime(cn, sh('2026-03-10T18:30:00'))).toBe(false);
  });

  it('knows weekends, holidays and make-up days', () => {
    expect(isWorkingTime(cn, sh('2026-03-14T10:00:00'))).toBe(false); // Saturday
    expect(isWorkingTime(cn, sh('2026-10-01T10:00:00'))).toBe(false); // National Day
    expect(isWorkingTime(cn, sh('2026-10-10T10:00:00'))).toBe(true); // make-up Saturday
    expect(isWorkingTime(cn, sh('2026-10-11T10:00:00'))).toBe(false); // the Sunday after it
  });

  it('finds the next working moment', () => {
    expect(iso(nextWorkingMoment(cn, sh('2026-03-10T10:00:00')))).toBe(iso(sh('2026-03-10T10:00:00')));
    expect(iso(nextWorkingMoment(cn, sh('2026-03-10T12:15:00')))).toBe(iso(sh('2026-03-10T13:30:00')));
    expect(iso(nextWorkingMoment(cn, sh('2026-03-13T19:00:00')))).toBe(iso(sh('2026-03-16T09:00:00')));
    expect(iso(nextWorkingMoment(cn, sh('2026-09-30T19:00:00')))).toBe(iso(sh('2026-10-08T09:00:00')));
    expect(iso(nextWorkingMoment(cn, sh('2026-10-09T19:00:00')))).toBe(iso(sh('2026-10-10T09:00:00')));
  });
});

describe('a DST time zone: Europe/Berlin, 09:00–17:00 local', () => {
  it('keeps 09:00 local across the spring-forward weekend (29 March 2026)', () => {
    // Fri 27 Mar 16:00 CET (15:00Z) + 2 h → Mon 30 Mar 10:00 CEST (08:00Z).
    expect(iso(addBusinessTime(berlin, new Date('2026-03-27T15:00:00Z'), 2 * H))).toBe('2026-03-30T08:00:00.000Z');
    expect(iso(nextWorkingMoment(berlin, new Date('2026-03-28T12:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('keeps 09:00 local across the fall-back weekend (25 October 2026)', () => {
    // Fri 23 Oct 16:00 CEST (14:00Z) + 2 h → Mon 26 Oct 10:00 CET (09:00Z).
    expect(iso(addBusinessTime(berlin, new Date('2026-10-23T14:00:00Z'), 2 * H))).toBe('2026-10-26T09:00:00.000Z');
    expect(iso(nextWorkingMoment(berlin, new Date('2026-10-24T12:00:00Z')))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('a week around each change still has 40 working hours', () => {
    expect(businessTimeBetween(berlin, new Date('2026-03-22T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(40 * H);
    expect(businessTimeBetween(berlin, new Date('2026-10-18T22:00:00Z'), new Date('2026-10-25T23:00:00Z'))).toBe(40 * H);
  });

  it('a round-the-clock calendar has a 23-hour spring day and a 25-hour autumn day', () => {
    expect(businessTimeBetween(berlin24x7, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(23 * H);
    expect(businessTimeBetween(berlin24x7, new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T23:00:00Z'))).toBe(25 * H);
  });

  it('hours spanning the change count real elapsed time (01:00–04:00 is 2 h in spring, 4 h in autumn)', () => {
    expect(businessTimeBetween(berlinNight, new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'))).toBe(2 * H);
    expect(businessTimeBetween(berlinNight, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'))).toBe(4 * H);
    // Spring: 01:00 CET (00:00Z) + 1.5 h → 03:30 CEST (01:30Z), the missing hour skipped.
    expect(iso(addBusinessTime(berlinNight, new Date('2026-03-28T12:00:00Z'), 1.5 * H))).toBe('2026-03-29T01:30:00.000Z');
    // Autumn: 01:00 CEST (23:00Z) + 3 h → 03:00 CET (02:00Z), the repeated hour counted twice.
    expect(iso(addBusinessTime(berlinNight, new Date('2026-10-24T12:00:00Z'), 3 * H))).toBe('2026-10-25T02:00:00.000Z');
    expect(isWorkingTime(berlinNight, new Date('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isWorkingTime(berlinNight, new Date('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
  });

  it('an interval starting in the spring gap starts as far after the change as it was after 02:00', () => {
    // 02:30 does not exist on 29 March; like Temporal's 'compatible' it becomes 03:30 CEST.
    const gap: BusinessCalendar = { ...berlinNight, id: 'de-gap', weeklyHours: { ...berlinNight.weeklyHours, sun: [{ start: '02:30', end: '05:00' }] } };
    expect(iso(nextWorkingMoment(gap, new Date('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
    expect(businessTimeBetween(gap, new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'))).toBe(1.5 * H);
  });
});

describe('business day length and guards', () => {
  it('one business day is the standard day: 8 h on the mainland China calendar', () => {
    expect(businessDayMs(cn)).toBe(8 * H);
    expect(businessDayMs(berlin)).toBe(8 * H);
  });

  it('a calendar with no working time at all throws a clear error instead of looping', () => {
    const none: BusinessCalendar = { ...berlin, id: 'none', weeklyHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(() => addBusinessTime(none, new Date('2026-03-10T03:00:00Z'), H)).toThrow(NoWorkingTimeError);
    expect(() => addBusinessTime(none, new Date('2026-03-10T03:00:00Z'), -H)).toThrow(/has no working time at all/);
    expect(() => nextWorkingMoment(none, new Date('2026-03-10T03:00:00Z'))).toThrow(NoWorkingTimeError);
    expect(() => businessDayMs(none)).toThrow(NoWorkingTimeError);
    expect(businessTimeBetween(none, new Date('2026-03-10T03:00:00Z'), new Date('2026-04-10T03:00:00Z'))).toBe(0);
  });

  it('a calendar made only of dated working days runs out after the last one', () => {
    const fair: BusinessCalendar = {
      ...berlin,
      id: 'trade-fair',
      weeklyHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      workingDays: [{ date: '2026-06-06', name: 'Fair day', hours: [{ start: '10:00', end: '16:00' }] }],
    };
    expect(iso(addBusinessTime(fair, new Date('2026-01-01T00:00:00Z'), 6 * H))).toBe('2026-06-06T14:00:00.000Z');
    expect(() => addBusinessTime(fair, new Date('2026-01-01T00:00:00Z'), 7 * H)).toThrow(/after 2026-06-06/);
  });

  it('refuses an invalid calendar rather than computing nonsense', () => {
    const broken = { ...berlin, timeZone: 'Mars/Olympus' } as BusinessCalendar;
    expect(() => addBusinessTime(broken, new Date(), H)).toThrow(CalendarValidationError);
  });
});
