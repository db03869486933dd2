import { addBusinessTime } from '../business-time';
import { calendarCoverage, holidaysBetween, validateCalendar, workingHoursOn, type BusinessCalendar } from '../calendar';
import { cnStatutoryHolidays } from '../cn-statutory-holidays';
import { createDefaultCalendar, DEFAULT_CALENDAR } from '../default-calendar';

/** 'name first..last' for each run of days of one festival. */
const periods = (year: number) => {
  const runs: { name: string; first: string; last: string }[] = [];
  for (const h of cnStatutoryHolidays(year)) {
    const name = h.name.split(' ')[0];
    const run = runs[runs.length - 1];
    if (run && run.name === name) run.last = h.date;
    else runs.push({ name, first: h.date, last: h.date });
  }
  return runs.map((r) => `${r.name} ${r.first}..${r.last}`);
};

describe('provisional mainland China holidays from the statutory rules', () => {
  it('puts the lunar festivals on the dates the 2026 notice gives them (the rules agree with a real year)', () => {
    const dates = cnStatutoryHolidays(2026).map((h) => h.date);
    // 除夕 16 Feb, 初一–初三 17–19 Feb; 清明 5 Apr (Sun, made up Mon 6 Apr); 端午 19 Jun; 中秋 25 Sep.
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-05', '2026-04-06', '2026-06-19', '2026-09-25']) {
      expect(dates).toContain(date);
    }
    // Every provisional day of 2026 is a day off in the notice too (the notice only adds days).
    const official = new Set(DEFAULT_CALENDAR.holidays.map((h) => h.date));
    const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    for (const date of dates) expect(official.has(date) || weekend(date)).toBe(true);
  });

  it('gives 2027: Spring Festival from 除夕 5 Feb, its Saturday and Sunday made up on the next weekdays', () => {
    expect(periods(2027)).toEqual([
      '元旦 2027-01-01..2027-01-01',
      '春节 2027-02-05..2027-02-10', // Fri 除夕, Sat 初一, Sun 初二, Mon 初三; Sat+Sun owed: Tue 9, Wed 10
      '清明节 2027-04-05..2027-04-05',
      '劳动节 2027-05-01..2027-05-04', // Sat 1, Sun 2: made up Mon 3, Tue 4
      '端午节 2027-06-09..2027-06-09',
      '中秋节 2027-09-15..2027-09-15',
      '国庆节 2027-10-01..2027-10-05', // Fri 1, Sat 2, Sun 3: two owed, Mon 4 and Tue 5
    ]);
  });

  it('gives a day owed when two festivals fall on one date (中秋 on 3 October 2028)', () => {
    const dates = cnStatutoryHolidays(2028).map((h) => h.date);
    expect(dates).toContain('2028-10-03');
    // 1 Oct is a Sunday: owed; 3 Oct is both 国庆 and 中秋: owed once more. Mon 2, Tue 3 statutory; then Wed 4, Thu 5.
    expect(dates.filter((d) => d.startsWith('2028-10'))).toEqual(['2028-10-01', '2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05']);
  });

  it('marks every day provisional and names the festival', () => {
    for (const h of cnStatutoryHolidays(2030)) {
      expect(h.provisional).toBe(true);
      expect(h.name).toMatch(/暂定 provisional/);
    }
    expect(cnStatutoryHolidays(2030).length).toBeGreaterThanOrEqual(13); // 1 + 4 + 1 + 2 + 1 + 1 + 3 statutory days
  });
});

describe('a calendar with provisionalRules', () => {
  it('is valid with the rules and refuses an unknown rule set, naming the field', () => {
    expect(validateCalendar(DEFAULT_CALENDAR).ok).toBe(true);
    const result = validateCalendar({ ...createDefaultCalendar(), provisionalRules: 'cn-hongkong' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['provisionalRules']);
  });

  it('never runs out: a 2027 deadline skips the provisional Spring Festival', () => {
    // Thursday 4 Feb 2027 17:00 Shanghai + 2 working days (16 h): Fri 5 Feb … Wed 10 Feb are off,
    // so the deadline is Friday 12 Feb 17:00, not Monday 8 Feb.
    const start = new Date('2027-02-04T09:00:00Z');
    const due = addBusinessTime(DEFAULT_CALENDAR, start, 16 * 3_600_000);
    expect(due.toISOString()).toBe('2027-02-12T09:00:00.000Z');
    // Without the rules the same deadline fell inside the festival.
    const bare: BusinessCalendar = { ...createDefaultCalendar(), provisionalRules: undefined };
    expect(addBusinessTime(bare, start, 16 * 3_600_000).toISOString()).toBe('2027-02-08T09:00:00.000Z');
    expect(workingHoursOn(DEFAULT_CALENDAR, '2027-02-08')).toEqual([]);
  });

  it('stays fast over years of provisional holidays (1000 working days from 2027)', () => {
    const started = Date.now();
    const due = addBusinessTime(DEFAULT_CALENDAR, new Date('2027-01-04T01:00:00Z'), 1000 * 8 * 3_600_000);
    expect(Date.now() - started).toBeLessThan(2000);
    // 1000 weekdays end on Fri 1 Nov 2030; about 13 provisional weekdays off a year push it past it.
    expect(due.getTime()).toBeGreaterThan(new Date('2030-12-01T00:00:00Z').getTime());
  });

  it('takes a year from its notice once one date of that year is listed (an imported notice replaces the provisional days)', () => {
    const calendar = createDefaultCalendar();
    calendar.holidays.push({ date: '2027-02-06', name: '春节 Spring Festival' });
    const withNotice = validateCalendar(calendar);
    expect(withNotice.ok).toBe(true);
    if (!withNotice.ok) return;
    expect(workingHoursOn(withNotice.calendar, '2027-02-08')).not.toEqual([]); // the notice does not list it
    expect(workingHoursOn(withNotice.calendar, '2027-02-06')).toEqual([]);
    expect(holidaysBetween(withNotice.calendar, '2027-01-01', '2027-12-31').every((h) => !h.provisional)).toBe(true);
    expect(holidaysBetween(DEFAULT_CALENDAR, '2026-12-30', '2027-01-02')).toEqual([expect.objectContaining({ date: '2027-01-01', provisional: true })]);
  });

  it('warns from 60 days before the last date a notice covers', () => {
    expect(calendarCoverage(DEFAULT_CALENDAR, '2026-10-31')).toEqual({ lastListedDate: '2026-12-31', warn: false, provisionalAfter: true });
    expect(calendarCoverage(DEFAULT_CALENDAR, '2026-11-01').warn).toBe(true);
    expect(calendarCoverage(DEFAULT_CALENDAR, '2027-03-01').warn).toBe(true);
  });
});
