import { isOverdueClock, isOverdueItem } from '../overdue';

const now = new Date('2026-03-12T10:00:00Z');

describe('overdue, from the clock rows', () => {
  it('a running clock is overdue once its due time has passed, not at it', () => {
    expect(isOverdueClock({ dueAt: '2026-03-12T09:59:59Z' }, now)).toBe(true);
    expect(isOverdueClock({ dueAt: '2026-03-12T10:00:00Z' }, now)).toBe(false);
    expect(isOverdueClock({ dueAt: '2026-03-13T09:00:00Z' }, now)).toBe(false);
  });

  it('a stopped or cancelled clock is never overdue, however late it stopped', () => {
    expect(isOverdueClock({ dueAt: '2026-03-10T09:00:00Z', stoppedAt: '2026-03-11T09:00:00Z' }, now)).toBe(false);
  });

  it('a paused clock is overdue only when it was paused after its due time', () => {
    expect(isOverdueClock({ dueAt: '2026-03-11T09:00:00Z', pausedAt: '2026-03-10T09:00:00Z' }, now)).toBe(false);
    expect(isOverdueClock({ dueAt: '2026-03-11T09:00:00Z', pausedAt: '2026-03-11T12:00:00Z' }, now)).toBe(true);
  });

  it('an item is overdue when any clock is', () => {
    expect(isOverdueItem([{ dueAt: '2026-03-20T09:00:00Z' }, { dueAt: '2026-03-11T09:00:00Z' }], now)).toBe(true);
    expect(isOverdueItem([{ dueAt: '2026-03-20T09:00:00Z' }, { dueAt: '2026-03-11T09:00:00Z', stoppedAt: '2026-03-11T08:00:00Z' }], now)).toBe(false);
    expect(isOverdueItem([], now)).toBe(false);
  });
});
