import type { BusinessCalendar } from '../calendar';
import { DEFAULT_CALENDAR } from '../default-calendar';
import { addCalendarDays, addCalendarTime, dueAt, measureOf, targetBudgetMs, validateTarget } from '../target';

const H = 3_600_000;
const cn = DEFAULT_CALENDAR;
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
const berlin: BusinessCalendar = { ...cn, id: 'de', timeZone: 'Europe/Berlin', holidays: [], workingDays: [] };

describe('dueAt', () => {
  it('hours and minutes are elapsed time, nights and weekends included', () => {
    expect(iso(dueAt(cn, sh('2026-03-13T17:00:00'), { amount: 24, unit: 'hours' }))).toBe(iso(sh('2026-03-14T17:00:00')));
    expect(iso(dueAt(cn, sh('2026-03-13T17:00:00'), { amount: 48, unit: 'hours' }))).toBe(iso(sh('2026-03-15T17:00:00')));
    expect(iso(dueAt(cn, sh('2026-03-13T17:00:00'), { amount: 90, unit: 'minutes' }))).toBe(iso(sh('2026-03-13T18:30:00')));
  });

  it('business hours are working time', () => {
    expect(iso(dueAt(cn, sh('2026-03-13T17:00:00'), { amount: 2, unit: 'businessHours' }))).toBe(iso(sh('2026-03-16T09:30:00')));
  });

  it('one business day is the standard day length (8 h), counted in working time', () => {
    expect(iso(dueAt(cn, sh('2026-03-10T10:00:00'), { amount: 1, unit: 'businessDays' }))).toBe(iso(sh('2026-03-11T10:00:00')));
    expect(iso(dueAt(cn, sh('2026-03-10T10:00:00'), { amount: 0.5, unit: 'businessDays' }))).toBe(iso(sh('2026-03-10T15:30:00')));
    // Friday 19:00 is after hours: the three days are Monday, Tuesday, Wednesday in full.
    expect(iso(dueAt(cn, sh('2026-03-13T19:00:00'), { amount: 3, unit: 'businessDays' }))).toBe(iso(sh('2026-03-18T18:30:00')));
  });

  it('chains: resolved at X → callback due 3 working days after X', () => {
    const resolvedAt = sh('2026-03-12T16:00:00'); // Thursday
    expect(iso(dueAt(cn, resolvedAt, { amount: 3, unit: 'businessDays' }))).toBe(iso(sh('2026-03-17T16:00:00')));
    // Resolved Friday 9 October 2026, 10:00: Friday 7 h, make-up Saturday 10 October 8 h, Monday 8 h, Tuesday 1 h.
    expect(iso(dueAt(cn, sh('2026-10-09T10:00:00'), { amount: 3, unit: 'businessDays' }))).toBe(iso(sh('2026-10-13T10:00:00')));
    // Resolved the day before National Day: Wednesday 7 h, the seven holidays skipped, Thursday 8 and
    // Friday 9 October 8 h each, then 1 h on the make-up Saturday 10 October.
    expect(iso(dueAt(cn, sh('2026-09-30T10:00:00'), { amount: 3, unit: 'businessDays' }))).toBe(iso(sh('2026-10-10T10:00:00')));
  });

  it('days are calendar days: the same wall-clock time, even across a DST change', () => {
    // Saturday 28 March 2026 10:00 CET → Sunday 29 March 10:00 CEST: 23 h elapsed.
    expect(iso(dueAt(berlin, new Date('2026-03-28T09:00:00Z'), { amount: 1, unit: 'days' }))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(dueAt(berlin, new Date('2026-03-28T09:00:00Z'), { amount: 24, unit: 'hours' }))).toBe('2026-03-29T09:00:00.000Z');
    expect(targetBudgetMs(berlin, new Date('2026-03-28T09:00:00Z'), { amount: 1, unit: 'days' })).toBe(23 * H);
    expect(iso(dueAt(cn, sh('2026-03-13T17:00:00'), { amount: 5, unit: 'days' }))).toBe(iso(sh('2026-03-18T17:00:00')));
  });

  it('a zero target is due at once', () => {
    const start = sh('2026-03-14T10:00:00');
    for (const unit of ['minutes', 'hours', 'days', 'businessHours', 'businessDays'] as const) {
      expect(iso(dueAt(cn, start, { amount: 0, unit }))).toBe(iso(start));
    }
  });

  it('refuses a negative, non-numeric or unknown target', () => {
    expect(() => dueAt(cn, sh('2026-03-10T10:00:00'), { amount: -1, unit: 'hours' })).toThrow(/amount: must be a number ≥ 0/);
    expect(() => dueAt(cn, sh('2026-03-10T10:00:00'), { amount: 1, unit: 'weeks' as never })).toThrow(/unit: must be one of/);
  });
});

describe('validateTarget and measures', () => {
  it('names the field at fault', () => {
    expect(validateTarget({ amount: 3, unit: 'businessDays' })).toEqual({ ok: true, target: { amount: 3, unit: 'businessDays' } });
    expect(validateTarget({ amount: 1.5, unit: 'days' })).toEqual({ ok: false, errors: [{ path: 'amount', message: expect.stringContaining('whole') }] });
    expect(validateTarget({ amount: Number.NaN, unit: 'fortnights' })).toEqual({
      ok: false,
      errors: [
        { path: 'unit', message: expect.any(String) },
        { path: 'amount', message: expect.any(String) },
      ],
    });
    expect(validateTarget('3 days')).toEqual({ ok: false, errors: [{ path: '', message: 'a target must be { amount, unit }' }] });
  });

  it('business units count working time, the others elapsed time', () => {
    expect(measureOf({ amount: 1, unit: 'businessHours' })).toBe('business');
    expect(measureOf({ amount: 1, unit: 'businessDays' })).toBe('business');
    expect(measureOf({ amount: 1, unit: 'hours' })).toBe('elapsed');
    expect(measureOf({ amount: 1, unit: 'days' })).toBe('elapsed');
    expect(targetBudgetMs(cn, sh('2026-03-10T10:00:00'), { amount: 3, unit: 'businessDays' })).toBe(24 * H);
  });
});

describe('calendar time', () => {
  it('addCalendarTime adds elapsed milliseconds', () => {
    expect(iso(addCalendarTime(new Date('2026-03-10T00:00:00Z'), 90 * 60_000))).toBe('2026-03-10T01:30:00.000Z');
    expect(iso(addCalendarTime(new Date('2026-03-10T00:00:00Z'), -H))).toBe('2026-03-09T23:00:00.000Z');
    expect(() => addCalendarTime(new Date('x'), H)).toThrow(RangeError);
  });

  it('addCalendarDays keeps the wall clock in the zone (autumn: 25 h)', () => {
    expect(iso(addCalendarDays('Europe/Berlin', new Date('2026-10-24T08:00:00Z'), 1))).toBe('2026-10-25T09:00:00.000Z');
    expect(iso(addCalendarDays('Europe/Berlin', new Date('2026-10-25T09:00:00Z'), -1))).toBe('2026-10-24T08:00:00.000Z');
    expect(() => addCalendarDays('Europe/Berlin', new Date(), 0.5)).toThrow(RangeError);
  });
});
