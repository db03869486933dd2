import { addDays, epochDayOf, isIsoDate, weekdayOf } from '../local-date';
import { instantAt, isValidTimeZone, offsetAt, wallClockAt } from '../zoned-time';

const H = 3_600_000;

describe('wall clock ↔ instant with Intl', () => {
  it('converts in a zone without DST', () => {
    expect(instantAt('Asia/Shanghai', '2026-03-10', '09:00').toISOString()).toBe('2026-03-10T01:00:00.000Z');
    expect(wallClockAt('Asia/Shanghai', new Date('2026-03-09T16:30:00.250Z'))).toEqual({
      date: '2026-03-10',
      year: 2026,
      month: 3,
      day: 10,
      hour: 0,
      minute: 30,
      second: 0,
      millisecond: 250,
    });
    expect(offsetAt('Asia/Shanghai', Date.UTC(2026, 6, 1))).toBe(8 * H);
  });

  it('follows Berlin across both 2026 changes', () => {
    expect(offsetAt('Europe/Berlin', Date.parse('2026-03-29T00:59:59Z'))).toBe(1 * H);
    expect(offsetAt('Europe/Berlin', Date.parse('2026-03-29T01:00:00Z'))).toBe(2 * H);
    expect(offsetAt('Europe/Berlin', Date.parse('2026-10-25T00:59:59Z'))).toBe(2 * H);
    expect(offsetAt('Europe/Berlin', Date.parse('2026-10-25T01:00:00Z'))).toBe(1 * H);
    expect(instantAt('Europe/Berlin', '2026-03-30', '10:00').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(instantAt('Europe/Berlin', '2026-10-26', '10:00').toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('a time in the spring gap moves forward; a repeated autumn time is the earlier one', () => {
    expect(instantAt('Europe/Berlin', '2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(instantAt('Europe/Berlin', '2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(instantAt('Europe/Berlin', '2026-10-25', '24:00').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('works in the southern hemisphere too (Sydney, DST ends 5 April 2026)', () => {
    expect(instantAt('Australia/Sydney', '2026-04-03', '09:00').toISOString()).toBe('2026-04-02T22:00:00.000Z'); // AEDT +11
    expect(instantAt('Australia/Sydney', '2026-04-06', '09:00').toISOString()).toBe('2026-04-05T23:00:00.000Z'); // AEST +10
  });

  it('knows valid time zones and rejects bad input', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(8)).toBe(false);
    expect(() => instantAt('Mars/Olympus', '2026-03-10')).toThrow(RangeError);
    expect(() => instantAt('UTC', '2026-02-30')).toThrow(RangeError);
    expect(() => instantAt('UTC', '2026-03-10', '9am')).toThrow(RangeError);
  });
});

describe('plain dates', () => {
  it('checks, steps and names days', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('2026-03-10')).toBe(Date.UTC(2026, 2, 10) / 86_400_000);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-4-1')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-10-10')).toBe('sat');
    expect(weekdayOf('1970-01-01')).toBe('thu');
  });
});
