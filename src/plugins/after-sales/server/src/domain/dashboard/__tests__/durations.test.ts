import { calendarParts, deadlineView, formatParts, workingParts } from '../../../../../shared/durations';

const H = 3_600_000;
const ZH = { day: '天', workingDay: '个工作日', hour: '小时', minute: '分钟' };
const EN = { day: 'days', workingDay: 'working days', hour: 'h', minute: 'min' };

describe('deadline durations (issue 15 item 8)', () => {
  it('says overdue in calendar days: an item 174 days late is "已超时 174 天", not 520 working days of 8 h', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const dueAt = new Date(now.getTime() - 174 * 24 * H - 5 * H);
    // 174 calendar days hold about 1 042 working hours: the old screen divided them by 8.
    const view = deadlineView({ remainingMs: -1042 * H, dueAt, now, measure: 'business', workingDayMs: 8 * H });
    expect(view).toEqual({ status: 'overdue', measure: 'calendar', parts: [{ value: 174, unit: 'day' }] });
    expect(formatParts(view.parts, ZH)).toBe('174 天');
  });

  it('an elapsed clock 24 years over is said in days, never "217296 h"', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const view = deadlineView({ remainingMs: -217296 * H, dueAt: new Date(now.getTime() - 217296 * H), now, measure: 'elapsed' });
    expect(formatParts(view.parts, EN)).toBe('9054 days');
  });

  it('says time left in working time, labelled with working days', () => {
    const view = deadlineView({ remainingMs: 2 * 8 * H + 3 * H + 20 * 60_000, dueAt: null, now: 0, measure: 'business', workingDayMs: 8 * H });
    expect(view.measure).toBe('working');
    expect(formatParts(view.parts, ZH)).toBe('2 个工作日 3 小时');
    expect(formatParts(workingParts(3 * H + 20 * 60_000, 8 * H), ZH)).toBe('3 小时 20 分钟');
    expect(formatParts(workingParts(0, 8 * H), EN)).toBe('0 min');
  });

  it('uses sensible calendar units: minutes, hours under two days, then days', () => {
    expect(calendarParts(20 * 60_000)).toEqual([{ value: 20, unit: 'minute' }]);
    expect(calendarParts(5 * H + 30 * 60_000)).toEqual([
      { value: 5, unit: 'hour' },
      { value: 30, unit: 'minute' },
    ]);
    expect(calendarParts(47 * H)).toEqual([{ value: 47, unit: 'hour' }]);
    expect(calendarParts(50 * H)).toEqual([{ value: 2, unit: 'day' }]);
    // Just missed: at least one minute overdue, never "0 min".
    expect(deadlineView({ remainingMs: -1, dueAt: new Date(1000), now: 1000, measure: 'business' }).parts).toEqual([{ value: 1, unit: 'minute' }]);
    expect(deadlineView({ remainingMs: 3 * H, dueAt: null, now: 0, measure: 'elapsed' })).toEqual({ status: 'left', measure: 'calendar', parts: [{ value: 3, unit: 'hour' }] });
  });
});
