import { supervisorPeriod } from '../period';

const now = new Date('2026-10-15T03:00:00Z');
const TZ = 'Asia/Shanghai';

describe("the supervisor's period", () => {
  it('is local days, both included, as a half-open UTC interval', () => {
    const result = supervisorPeriod({ from: '2026-10-01', to: '2026-10-31', now, timeZone: TZ });
    expect(result).toEqual({ ok: true, period: { from: '2026-10-01', to: '2026-10-31', start: new Date('2026-09-30T16:00:00Z'), end: new Date('2026-10-31T16:00:00Z') } });
  });

  it('defaults to the current month up to today, or the month of `to`', () => {
    expect(supervisorPeriod({ now, timeZone: TZ })).toMatchObject({ ok: true, period: { from: '2026-10-01', to: '2026-10-15' } });
    expect(supervisorPeriod({ to: '2026-08-20', now, timeZone: TZ })).toMatchObject({ ok: true, period: { from: '2026-08-01', to: '2026-08-20' } });
    expect(supervisorPeriod({ from: '2026-10-10', now, timeZone: TZ })).toMatchObject({ ok: true, period: { from: '2026-10-10', to: '2026-10-15' } });
  });

  it('names the bad date', () => {
    expect(supervisorPeriod({ from: '2026-02-30', now, timeZone: TZ })).toEqual({ ok: false, problems: [{ field: 'from', message: 'must be a date (YYYY-MM-DD)' }] });
    expect(supervisorPeriod({ to: '20261001', now, timeZone: TZ })).toEqual({ ok: false, problems: [{ field: 'to', message: 'must be a date (YYYY-MM-DD)' }] });
    expect(supervisorPeriod({ from: '2026-10-02', to: '2026-10-01', now, timeZone: TZ })).toEqual({ ok: false, problems: [{ field: 'from', message: 'must not be after to' }] });
    expect(supervisorPeriod({ from: '2025-01-01', to: '2026-10-01', now, timeZone: TZ })).toMatchObject({ ok: false, problems: [{ field: 'to' }] });
  });
});
