import { businessTimeBetween, workingIntervalsBetween } from '../business-time';
import { DEFAULT_CALENDAR } from '../default-calendar';

const sh = (local: string) => new Date(`${local}+08:00`).getTime();

describe('workingIntervalsBetween', () => {
  it('lists a working day as its two intervals, lunch excluded', () => {
    expect(workingIntervalsBetween(DEFAULT_CALENDAR, sh('2026-03-10T00:00:00'), sh('2026-03-11T00:00:00'))).toEqual([
      [sh('2026-03-10T09:00:00'), sh('2026-03-10T12:00:00')],
      [sh('2026-03-10T13:30:00'), sh('2026-03-10T18:30:00')],
    ]);
  });

  it('skips the National Day holidays and counts the make-up Saturday', () => {
    const intervals = workingIntervalsBetween(DEFAULT_CALENDAR, sh('2026-10-01T00:00:00'), sh('2026-10-12T00:00:00'));
    const days = [...new Set(intervals.map(([s]) => new Date(s + 8 * 3_600_000).toISOString().slice(0, 10)))];
    expect(days).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('clips to the range and adds up to businessTimeBetween', () => {
    const from = sh('2026-03-10T10:00:00');
    const to = sh('2026-03-16T15:00:00');
    const intervals = workingIntervalsBetween(DEFAULT_CALENDAR, from, to);
    expect(intervals[0][0]).toBe(from);
    expect(intervals[intervals.length - 1][1]).toBe(to);
    expect(intervals.reduce((sum, [s, e]) => sum + (e - s), 0)).toBe(businessTimeBetween(DEFAULT_CALENDAR, new Date(from), new Date(to)));
    expect(workingIntervalsBetween(DEFAULT_CALENDAR, to, from)).toEqual([]);
  });
});
