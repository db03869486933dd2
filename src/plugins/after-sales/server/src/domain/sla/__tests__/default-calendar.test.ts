import { validateCalendar } from '../calendar';
import { createDefaultCalendar, DEFAULT_CALENDAR, DEFAULT_CALENDAR_ID } from '../default-calendar';
import { weekdayOf } from '../local-date';

describe('the default cn-mainland calendar', () => {
  it('is valid: Asia/Shanghai, Monday–Friday 09:00–12:00 and 13:30–18:30, closed at the weekend', () => {
    expect(validateCalendar(DEFAULT_CALENDAR).ok).toBe(true);
    expect(DEFAULT_CALENDAR.id).toBe(DEFAULT_CALENDAR_ID);
    expect(DEFAULT_CALENDAR.timeZone).toBe('Asia/Shanghai');
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) {
      expect(DEFAULT_CALENDAR.weeklyHours[day]).toEqual([
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:30' },
      ]);
    }
    expect(DEFAULT_CALENDAR.weeklyHours.sat).toEqual([]);
    expect(DEFAULT_CALENDAR.weeklyHours.sun).toEqual([]);
    expect(DEFAULT_CALENDAR.source).toMatch(/国务院办公厅关于2026年部分节假日安排的通知/);
  });

  it('has the 2026 holiday periods of the State Council notice (33 days off in 7 periods)', () => {
    const byName = new Map<string, string[]>();
    for (const h of DEFAULT_CALENDAR.holidays) byName.set(h.name, [...(byName.get(h.name) ?? []), h.date]);
    const periods = [...byName.values()].map((dates) => [dates[0], dates[dates.length - 1], dates.length]);
    expect(periods).toEqual([
      ['2026-01-01', '2026-01-03', 3],
      ['2026-02-15', '2026-02-23', 9],
      ['2026-04-04', '2026-04-06', 3],
      ['2026-05-01', '2026-05-05', 5],
      ['2026-06-19', '2026-06-21', 3],
      ['2026-09-25', '2026-09-27', 3],
      ['2026-10-01', '2026-10-07', 7],
    ]);
  });

  it('has the six make-up working days, all on a weekend', () => {
    expect(DEFAULT_CALENDAR.workingDays.map((w) => [w.date, weekdayOf(w.date)])).toEqual([
      ['2026-01-04', 'sun'],
      ['2026-02-14', 'sat'],
      ['2026-02-28', 'sat'],
      ['2026-05-09', 'sat'],
      ['2026-09-20', 'sun'],
      ['2026-10-10', 'sat'],
    ]);
    expect(DEFAULT_CALENDAR.workingDays.every((w) => w.hours === undefined)).toBe(true);
  });

  it('is frozen; createDefaultCalendar gives an editable copy', () => {
    expect(() => {
      (DEFAULT_CALENDAR.holidays as { date: string; name: string }[]).push({ date: '2026-12-25', name: 'x' });
    }).toThrow(TypeError);
    const copy = createDefaultCalendar();
    copy.holidays.push({ date: '2026-12-25', name: 'Company day' });
    copy.weeklyHours.mon[0].start = '08:30';
    expect(DEFAULT_CALENDAR.holidays).toHaveLength(33);
    expect(DEFAULT_CALENDAR.weeklyHours.mon[0].start).toBe('09:00');
    expect(createDefaultCalendar()).toEqual(DEFAULT_CALENDAR);
  });
});
