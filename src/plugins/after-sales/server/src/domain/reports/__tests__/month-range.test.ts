import { monthRange, previousMonth } from '../month-range';

describe('month ranges in the business time zone', () => {
  it('Asia/Shanghai months start at 16:00 UTC the day before', () => {
    const { start, end } = monthRange('2026-10', 'Asia/Shanghai');
    expect(start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('December rolls into the next year', () => {
    expect(monthRange('2026-12', 'Asia/Shanghai').end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('follows DST in Europe/Berlin', () => {
    const march = monthRange('2026-03', 'Europe/Berlin');
    expect(march.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(march.end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });

  it('refuses malformed months and finds the previous month', () => {
    expect(() => monthRange('2026-13', 'UTC')).toThrow(/YYYY-MM/);
    expect(previousMonth(new Date('2026-11-01T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-10');
    expect(previousMonth(new Date('2026-01-15T00:00:00Z'), 'UTC')).toBe('2025-12');
  });
});
