import { dayBounds, monthOf, weekIndexOf, weekPeriod } from '../period';
import { mostPressing, urgencyOf } from '../urgency';

const TZ = 'Asia/Shanghai';

describe('weekPeriod', () => {
  it('covers whole local weeks from Monday to Monday', () => {
    const period = weekPeriod({ from: '2026-11-04', to: '2026-11-18', now: new Date('2026-11-29T00:00:00Z'), timeZone: TZ });
    expect(period.weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(period.start.toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(period.end.toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('defaults to the twelve weeks ending with the current local week', () => {
    // 2026-11-29 20:00Z is Monday 2026-11-30 04:00 in Shanghai.
    const period = weekPeriod({ now: new Date('2026-11-29T20:00:00Z'), timeZone: TZ });
    expect(period.weeks).toHaveLength(12);
    expect(period.weeks[11]).toBe('2026-11-30');
    expect(period.weeks[0]).toBe('2026-09-14');
  });

  it('refuses malformed, reversed and over-long periods', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    expect(() => weekPeriod({ from: '2026/11/01', now, timeZone: TZ })).toThrow(/from must be a date/);
    expect(() => weekPeriod({ from: '2026-11-10', to: '2026-11-01', now, timeZone: TZ })).toThrow(/must not be after/);
    expect(() => weekPeriod({ from: '2020-01-01', to: '2026-11-01', now, timeZone: TZ })).toThrow(/at most/);
  });

  it('puts an instant in the week of its local date', () => {
    const period = weekPeriod({ from: '2026-11-02', to: '2026-11-15', now: new Date(), timeZone: TZ });
    expect(weekIndexOf(period, new Date('2026-11-08T15:59:00Z'), TZ)).toBe(0); // Sunday 23:59 local
    expect(weekIndexOf(period, new Date('2026-11-08T16:00:00Z'), TZ)).toBe(1); // Monday 00:00 local
  });

  it('a local day and its month', () => {
    const { start, end } = dayBounds(new Date('2026-11-29T17:00:00Z'), TZ);
    expect(start.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(monthOf('2026-11-30')).toBe('2026-11');
  });
});

describe('urgency', () => {
  it('is breached below zero, at risk within half a working day', () => {
    expect(urgencyOf(-1)).toBe('breached');
    expect(urgencyOf(0)).toBe('at-risk');
    expect(urgencyOf(4 * 3600_000)).toBe('at-risk');
    expect(urgencyOf(4 * 3600_000 + 1)).toBe('on-track');
  });

  it('the most pressing running clock is the one with least time left', () => {
    expect(
      mostPressing([
        { clock: 'a', remainingWorkingMs: 10 },
        { clock: 'b', remainingWorkingMs: -5, paused: true },
        { clock: 'c', remainingWorkingMs: 3 },
      ])?.clock
    ).toBe('c');
    expect(mostPressing([])).toBeNull();
  });
});
