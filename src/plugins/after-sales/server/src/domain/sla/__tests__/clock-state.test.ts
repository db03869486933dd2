import { clockStatus, isAtRisk, isBreached, pauseClock, readClock, remainingTime, resumeClock, SlaClockError, startClock, stopClock, usedFraction, usedTime, type SlaClock } from '../clock-state';
import { DEFAULT_CALENDAR } from '../default-calendar';

const H = 3_600_000;
const cn = DEFAULT_CALENDAR;
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
const freeze = (clock: SlaClock): SlaClock => Object.freeze({ ...clock, target: Object.freeze({ ...clock.target }) });

describe('an SLA clock paused across a holiday (2 business days from Tue 29 Sep 2026 10:00)', () => {
  const started = freeze(startClock(cn, { id: 'resolveBy', target: { amount: 2, unit: 'businessDays' }, at: sh('2026-09-29T10:00:00') }));
  // Wednesday 30 September 14:00: 7 h + 3.5 h used, 5.5 h left.
  const paused = freeze(pauseClock(started, sh('2026-09-30T14:00:00')));

  it('starts running, due after 16 working hours (National Day skipped)', () => {
    expect(started).toEqual({
      id: 'resolveBy',
      target: { amount: 2, unit: 'businessDays' },
      startedAt: iso(sh('2026-09-29T10:00:00')),
      pausedAt: null,
      accumulatedPauseMs: 0,
      stoppedAt: null,
      dueAt: iso(sh('2026-10-08T10:00:00')),
    });
    expect(clockStatus(started)).toBe('running');
  });

  it('is frozen while paused', () => {
    expect(clockStatus(paused)).toBe('paused');
    expect(paused.pausedAt).toBe(iso(sh('2026-09-30T14:00:00')));
    for (const now of [sh('2026-09-30T14:00:00'), sh('2026-10-05T10:00:00'), sh('2026-10-09T10:00:00')]) {
      expect(usedTime(cn, paused, now)).toBe(10.5 * H);
      expect(remainingTime(cn, paused, now)).toBe(5.5 * H);
      expect(usedFraction(cn, paused, now)).toBeCloseTo(10.5 / 16, 10);
      expect(isBreached(paused, now)).toBe(false);
    }
  });

  it('resumed at the first working moment after the holiday: the 4.5 h paused on 30 September are added back', () => {
    const resumed = resumeClock(cn, paused, sh('2026-10-08T09:00:00'));
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.accumulatedPauseMs).toBe(4.5 * H);
    // 5.5 h from Thursday 8 October 09:00: 3 h in the morning, 2.5 h after lunch.
    expect(resumed.dueAt).toBe(iso(sh('2026-10-08T16:00:00')));
    expect(remainingTime(cn, resumed, sh('2026-10-08T09:00:00'))).toBe(5.5 * H);
  });

  it('resumed during the holiday: the holiday costs nothing, same due date', () => {
    const resumed = resumeClock(cn, paused, sh('2026-10-05T10:00:00'));
    expect(resumed.accumulatedPauseMs).toBe(4.5 * H);
    expect(resumed.dueAt).toBe(iso(sh('2026-10-08T16:00:00')));
  });

  it('resumed later: every paused working hour moves the due date', () => {
    const resumed = resumeClock(cn, paused, sh('2026-10-09T11:00:00'));
    expect(resumed.accumulatedPauseMs).toBe(14.5 * H); // 4.5 h + Thursday 8 h + Friday 2 h
    expect(resumed.dueAt).toBe(iso(sh('2026-10-09T18:00:00')));
  });

  it('stopped before the new due date: met, with the time left', () => {
    const resumed = resumeClock(cn, paused, sh('2026-10-08T09:00:00'));
    const stopped = stopClock(cn, resumed, sh('2026-10-08T15:00:00'));
    expect(clockStatus(stopped)).toBe('stopped');
    expect(stopped.stoppedAt).toBe(iso(sh('2026-10-08T15:00:00')));
    expect(isBreached(stopped, sh('2026-12-31T00:00:00'))).toBe(false);
    expect(usedTime(cn, stopped, sh('2026-12-31T00:00:00'))).toBe(15 * H);
    expect(remainingTime(cn, stopped, sh('2026-12-31T00:00:00'))).toBe(1 * H);
  });

  it('left running past the due date: breached, and overdue in working time', () => {
    const resumed = resumeClock(cn, paused, sh('2026-10-08T09:00:00'));
    expect(isBreached(resumed, sh('2026-10-08T16:00:00'))).toBe(false);
    expect(isBreached(resumed, sh('2026-10-08T16:00:01'))).toBe(true);
    expect(remainingTime(cn, resumed, sh('2026-10-09T10:00:00'))).toBe(-3.5 * H);
  });

  it('never changes the clock it is given (pure: the inputs are frozen)', () => {
    expect(() => resumeClock(cn, paused, sh('2026-10-08T09:00:00'))).not.toThrow();
    expect(paused.pausedAt).toBe(iso(sh('2026-09-30T14:00:00')));
  });
});

describe('used fraction, at risk and breach (10 business hours from Tue 10 Mar 2026 09:00)', () => {
  const clock = startClock(cn, { id: 'acknowledgeBy', target: { amount: 10, unit: 'businessHours' }, at: sh('2026-03-10T09:00:00') });

  it('is due Wednesday 11:00', () => {
    expect(clock.dueAt).toBe(iso(sh('2026-03-11T11:00:00')));
  });

  it('is at risk from 80 % used', () => {
    expect(usedFraction(cn, clock, sh('2026-03-10T18:00:00'))).toBe(0.75);
    expect(isAtRisk(cn, clock, sh('2026-03-10T18:00:00'))).toBe(false);
    expect(usedFraction(cn, clock, sh('2026-03-11T09:00:00'))).toBe(0.8);
    expect(isAtRisk(cn, clock, sh('2026-03-11T09:00:00'))).toBe(true);
    expect(isAtRisk(cn, clock, sh('2026-03-10T17:00:00'), 0.5)).toBe(true);
  });

  it('is met exactly at the due instant and breached a millisecond later', () => {
    expect(readClock(cn, clock, sh('2026-03-11T11:00:00'))).toEqual({ status: 'running', usedMs: 10 * H, remainingMs: 0, usedFraction: 1, breached: false, atRisk: true });
    expect(readClock(cn, clock, new Date(sh('2026-03-11T11:00:00').getTime() + 1))).toMatchObject({ breached: true, atRisk: false });
    expect(readClock(cn, clock, sh('2026-03-11T12:30:00'))).toEqual({ status: 'running', usedMs: 11 * H, remainingMs: -1 * H, usedFraction: 1.1, breached: true, atRisk: false });
  });

  it('a deadline at the end of the working day is breached that evening, though no working time passed since', () => {
    const endOfDay = startClock(cn, { id: 'x', target: { amount: 8, unit: 'businessHours' }, at: sh('2026-03-10T09:00:00') });
    expect(endOfDay.dueAt).toBe(iso(sh('2026-03-10T18:30:00')));
    expect(remainingTime(cn, endOfDay, sh('2026-03-10T19:00:00'))).toBe(0);
    expect(isBreached(endOfDay, sh('2026-03-10T19:00:00'))).toBe(true);
  });
});

describe('other clock cases', () => {
  it('a clock started outside working hours starts counting at the next working moment', () => {
    const clock = startClock(cn, { id: 'x', target: { amount: 2, unit: 'businessHours' }, at: sh('2026-03-14T10:00:00') }); // Saturday
    expect(clock.startedAt).toBe(iso(sh('2026-03-14T10:00:00')));
    expect(clock.dueAt).toBe(iso(sh('2026-03-16T11:00:00')));
    expect(remainingTime(cn, clock, sh('2026-03-15T20:00:00'))).toBe(2 * H);
    expect(usedFraction(cn, clock, sh('2026-03-15T20:00:00'))).toBe(0);
  });

  it('an elapsed-time clock (24 h) pauses in elapsed time', () => {
    const clock = startClock(cn, { id: 'respondBy', target: { amount: 24, unit: 'hours' }, at: sh('2026-03-09T10:00:00') });
    expect(clock.dueAt).toBe(iso(sh('2026-03-10T10:00:00')));
    const resumed = resumeClock(cn, pauseClock(clock, sh('2026-03-09T12:00:00')), sh('2026-03-10T12:00:00'));
    expect(resumed.accumulatedPauseMs).toBe(24 * H);
    expect(resumed.dueAt).toBe(iso(sh('2026-03-11T10:00:00')));
  });

  it('stopping a paused clock ends the pause at the stop', () => {
    const clock = startClock(cn, { id: 'x', target: { amount: 10, unit: 'businessHours' }, at: sh('2026-03-10T09:00:00') });
    const stopped = stopClock(cn, pauseClock(clock, sh('2026-03-10T10:00:00')), sh('2026-03-12T10:00:00'));
    expect(stopped).toMatchObject({ pausedAt: null, stoppedAt: iso(sh('2026-03-12T10:00:00')), accumulatedPauseMs: 16 * H, dueAt: iso(sh('2026-03-13T11:00:00')) });
    expect(usedTime(cn, stopped, sh('2026-04-01T00:00:00'))).toBe(1 * H);
    expect(isBreached(stopped, sh('2026-04-01T00:00:00'))).toBe(false);
  });

  it('a clock paused after its deadline stays breached and keeps its due date on resume', () => {
    const clock = startClock(cn, { id: 'x', target: { amount: 1, unit: 'businessHours' }, at: sh('2026-03-10T09:00:00') });
    const paused = pauseClock(clock, sh('2026-03-10T11:00:00'));
    expect(isBreached(paused, sh('2026-03-20T00:00:00'))).toBe(true);
    const resumed = resumeClock(cn, paused, sh('2026-03-11T09:00:00'));
    expect(resumed.dueAt).toBe(clock.dueAt);
    expect(remainingTime(cn, resumed, sh('2026-03-11T09:00:00'))).toBe(-1 * H);
  });

  it('a zero target is due at the start; stopping at once meets it', () => {
    const clock = startClock(cn, { id: 'x', target: { amount: 0, unit: 'businessHours' }, at: sh('2026-03-10T10:00:00') });
    expect(clock.dueAt).toBe(clock.startedAt);
    expect(usedFraction(cn, clock, sh('2026-03-10T10:00:00'))).toBe(1);
    expect(isBreached(stopClock(cn, clock, sh('2026-03-10T10:00:00')), sh('2026-03-11T00:00:00'))).toBe(false);
  });

  it('refuses impossible transitions and bad targets', () => {
    const clock = startClock(cn, { id: 'x', target: { amount: 1, unit: 'businessDays' }, at: sh('2026-03-10T10:00:00') });
    const paused = pauseClock(clock, sh('2026-03-10T11:00:00'));
    const stopped = stopClock(cn, clock, sh('2026-03-10T12:00:00'));
    expect(() => pauseClock(paused, sh('2026-03-10T11:30:00'))).toThrow(/cannot pause a paused clock/);
    expect(() => resumeClock(cn, clock, sh('2026-03-10T11:30:00'))).toThrow(/cannot resume a running clock/);
    expect(() => stopClock(cn, stopped, sh('2026-03-10T13:00:00'))).toThrow(/cannot stop a stopped clock/);
    expect(() => pauseClock(stopped, sh('2026-03-10T13:00:00'))).toThrow(SlaClockError);
    expect(() => pauseClock(clock, sh('2026-03-10T09:00:00'))).toThrow(/before startedAt/);
    expect(() => resumeClock(cn, paused, sh('2026-03-10T10:30:00'))).toThrow(/before pausedAt/);
    expect(() => stopClock(cn, clock, sh('2026-03-10T09:00:00'))).toThrow(/before startedAt/);
    expect(() => startClock(cn, { id: 'y', target: { amount: -1, unit: 'hours' }, at: sh('2026-03-10T10:00:00') })).toThrow(/invalid target/);
    expect(() => pauseClock(clock, new Date('nope'))).toThrow(SlaClockError);
  });

  it('is plain data: survives a JSON round trip and keeps working', () => {
    const clock = pauseClock(startClock(cn, { id: 'x', target: { amount: 1, unit: 'businessDays' }, at: sh('2026-03-10T10:00:00') }), sh('2026-03-10T11:00:00'));
    const stored = JSON.parse(JSON.stringify(clock)) as SlaClock;
    expect(stored).toEqual(clock);
    expect(resumeClock(cn, stored, sh('2026-03-11T11:00:00'))).toEqual(resumeClock(cn, clock, sh('2026-03-11T11:00:00')));
    // A clock stored without the optional fields (as a database may return it) is read the same way.
    const { pausedAt, stoppedAt, ...minimal } = startClock(cn, { id: 'x', target: { amount: 1, unit: 'businessDays' }, at: sh('2026-03-10T10:00:00') });
    expect([pausedAt, stoppedAt]).toEqual([null, null]);
    expect(clockStatus(minimal)).toBe('running');
    expect(remainingTime(cn, minimal, sh('2026-03-10T11:00:00'))).toBe(7 * H);
  });
});
