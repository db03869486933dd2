import { addMonths, effectWindows, fixEffect, monthsBetween, noticeStatus } from '../fix-effect';

describe('the fix effect: the issue per month before and after the release', () => {
  it('counts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError);
  });

  it('leaves the release month out; the after window grows with the report month, up to the window', () => {
    expect(effectWindows('2026-03', '2026-03', 3)).toEqual({ before: { from: '2025-12', to: '2026-02', months: 3 }, after: null });
    expect(effectWindows('2026-03', '2026-04', 3).after).toEqual({ from: '2026-04', to: '2026-04', months: 1 });
    expect(effectWindows('2026-03', '2026-09', 3).after).toEqual({ from: '2026-04', to: '2026-06', months: 3 });
  });

  it('gives items per month in each window and the change in %', () => {
    const months = ['2025-11', '2025-12', '2026-01', '2026-01', '2026-02', '2026-02', '2026-03', '2026-03', '2026-04'];
    const effect = fixEffect(months, effectWindows('2026-03', '2026-04', 3));
    // Before: Dec 1 + Jan 2 + Feb 2 = 5 in 3 months; the release month (2) is in neither; after: April 1 in 1 month.
    expect(effect).toEqual({ before: { items: 5, months: 3, perMonth: 1.7 }, after: { items: 1, months: 1, perMonth: 1 }, changePercent: -40 });
    expect(fixEffect([], effectWindows('2026-03', '2026-05', 3))).toEqual({ before: { items: 0, months: 3, perMonth: 0 }, after: { items: 0, months: 2, perMonth: 0 }, changePercent: null });
    expect(fixEffect(months, effectWindows('2026-03', '2026-03', 3)).after).toBeNull();
  });

  it("says where an item's inform clock stands", () => {
    const now = new Date('2026-03-10T10:00:00Z');
    expect(noticeStatus({ dueAt: '2026-03-10T09:00:00Z', sentAt: '2026-03-10T09:30:00Z', unreachable: null }, now)).toBe('told');
    expect(noticeStatus({ dueAt: '2026-03-10T09:00:00Z', sentAt: null, unreachable: 'email: the customer has no address' }, now)).toBe('unreachable');
    expect(noticeStatus({ dueAt: '2026-03-10T09:00:00Z', sentAt: null, unreachable: null }, now)).toBe('overdue');
    expect(noticeStatus({ dueAt: '2026-03-11T09:00:00Z', sentAt: null, unreachable: null }, now)).toBe('waiting');
  });
});
