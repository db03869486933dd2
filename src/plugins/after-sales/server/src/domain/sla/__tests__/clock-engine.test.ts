import { BUILTIN_VOCABULARY } from './builtin-vocabulary';
import slaManifest from '../../../extensions/sla/package.json';
import { applyClockEvent, outcomeOf, type ClockTrigger, type TrackedClock } from '../clock-engine';
import { escalationLevelsOf, nextEscalationOf } from '../escalation-levels';
import { DEFAULT_CALENDAR } from '../default-calendar';
import { validatePolicy, type ItemFacts, type SlaPolicy } from '../policies';

const H = 3_600_000;
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => sh(local).toISOString();
const policyOf = (id: string): SlaPolicy => {
  const result = validatePolicy(
    slaManifest.afterSales.contributes.slaPolicies.find((p) => p.id === id),
    undefined,
    BUILTIN_VOCABULARY
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
};
const feedback = policyOf('feedback.default');

/** Runs events one after the other, as the workflow would. */
const run = (policy: SlaPolicy, facts: ItemFacts, steps: { trigger: ClockTrigger; at: string; state: string; item?: Record<string, unknown>; facts?: ItemFacts; filled?: string[] }[]) => {
  let clocks: Record<string, TrackedClock> = {};
  const history = [];
  for (const step of steps) {
    const result = applyClockEvent({
      policy,
      calendar: DEFAULT_CALENDAR,
      facts: step.facts ?? facts,
      item: step.item ?? {},
      state: step.state,
      clocks,
      trigger: step.trigger,
      at: sh(step.at),
      filled: step.filled,
    });
    clocks = result.clocks;
    history.push(result);
  }
  return { clocks, history };
};
const move = (action: string, from: string, to: string, set: string[] = []): ClockTrigger => ({ kind: 'transition', action, from, to, set });
const intake: ClockTrigger = { kind: 'intake' };

describe('the clock engine on the built-in feedback policy', () => {
  it('intake starts the acknowledge, record, promise, judgement and resolve clocks, not the chained ones', () => {
    const { history } = run(feedback, { severity: 'general' }, [{ trigger: intake, at: '2026-03-13T17:00:00', state: 'received' }]);
    expect(history[0].dueDates).toEqual({
      acknowledgeBy: iso('2026-03-16T17:00:00'),
      recordBy: iso('2026-03-16T17:00:00'),
      // 24 working hours from Friday 17:00: 1.5 h Friday, 8 h Monday and Tuesday, 6.5 h Wednesday.
      respondBy: iso('2026-03-18T17:00:00'),
      judgeBy: iso('2026-03-16T17:00:00'),
      resolveBy: iso('2026-03-20T17:00:00'),
    });
    expect(Object.keys(history[0].clocks)).toEqual(['acknowledgeBy', 'recordBy', 'respondBy', 'judgeBy', 'resolveBy']);
  });

  it('pauses the resolve clock while waiting across a holiday and moves its due date by the working time paused', () => {
    // 5 working days from Tue 29 Sep 2026 09:00: Tue, Wed, then National Day (1–7 Oct), Thu 8,
    // Fri 9 and the make-up Saturday 10 Oct → due Sat 10 Oct 18:30.
    const { clocks, history } = run(feedback, { severity: 'general' }, [
      { trigger: intake, at: '2026-09-29T09:00:00', state: 'received' },
      { trigger: move('acknowledge', 'received', 'acknowledged'), at: '2026-09-29T09:30:00', state: 'acknowledged' },
      { trigger: move('triage', 'acknowledged', 'triaged'), at: '2026-09-29T10:00:00', state: 'triaged', item: { createdAt: iso('2026-09-29T09:00:00') } },
      { trigger: move('start', 'triaged', 'in-progress'), at: '2026-09-29T11:00:00', state: 'in-progress' },
      { trigger: move('wait', 'in-progress', 'waiting'), at: '2026-09-30T17:30:00', state: 'waiting' },
      { trigger: move('resume', 'waiting', 'in-progress'), at: '2026-10-08T10:30:00', state: 'in-progress' },
    ]);
    expect(history[0].dueDates.resolveBy).toBe(iso('2026-10-10T18:30:00'));
    expect(history[4].changes).toEqual({ resolveBy: ['pause'] });
    expect(history[4].dueDates).toEqual({});
    // Paused Wed 30 Sep 17:30 → Thu 8 Oct 10:30: 1 h on Wed + 1.5 h on Thu = 2.5 working hours.
    expect(history[5].changes).toEqual({ resolveBy: ['resume'] });
    expect(clocks.resolveBy.accumulatedPauseMs).toBe(2.5 * H);
    // Sat 10 Oct 18:30 + 2.5 working hours (Sunday off) → Mon 12 Oct 11:30.
    expect(history[5].dueDates).toEqual({ resolveBy: iso('2026-10-12T11:30:00') });
  });

  it('chains resolution → inform and callback, the survey → the survey answer, and restarts the resolve clock on reopen', () => {
    const { clocks, history } = run(feedback, { severity: 'general' }, [
      { trigger: intake, at: '2026-03-16T09:00:00', state: 'received' },
      { trigger: move('acknowledge', 'received', 'acknowledged'), at: '2026-03-16T10:00:00', state: 'acknowledged' },
      { trigger: move('triage', 'acknowledged', 'triaged'), at: '2026-03-16T11:00:00', state: 'triaged', item: { createdAt: iso('2026-03-16T09:00:00') } },
      { trigger: move('start', 'triaged', 'in-progress'), at: '2026-03-16T12:00:00', state: 'in-progress' },
      { trigger: move('resolve', 'in-progress', 'resolved', ['resolutionSummary']), at: '2026-03-19T16:00:00', state: 'resolved' },
      { trigger: move('start-callback', 'resolved', 'callback'), at: '2026-03-20T09:00:00', state: 'callback' },
      { trigger: move('reopen', 'callback', 'in-progress'), at: '2026-03-20T10:00:00', state: 'in-progress' },
    ]);
    // Acknowledging sends the customer nothing: the promise keeps running.
    expect(history[1].changes).toEqual({ acknowledgeBy: ['stop'] });
    // The resolution message meets the promise; informing and the callback start.
    expect(history[4].changes).toEqual({ respondBy: ['stop'], resolveBy: ['stop'], informBy: ['start'], callbackBy: ['start'] });
    expect(history[4].dueDates).toEqual({ informBy: iso('2026-03-20T16:00:00'), callbackBy: iso('2026-03-24T16:00:00') });
    expect(outcomeOf(DEFAULT_CALENDAR, history[4].clocks.resolveBy)).toEqual({ usedMs: 3 * 8 * H + 5.5 * H, met: true });
    // The survey sent is the callback (by questionnaire); its answer is awaited.
    expect(history[5].changes).toEqual({ callbackBy: ['stop'], surveyReplyBy: ['start'] });
    expect(outcomeOf(DEFAULT_CALENDAR, history[5].clocks.callbackBy)).toEqual({ usedMs: 2.5 * H, met: true });
    expect(history[6].changes).toEqual({ resolveBy: ['restart'], informBy: ['cancel'], surveyReplyBy: ['cancel'] });
    expect(history[6].dueDates).toEqual({ resolveBy: iso('2026-03-27T10:00:00'), informBy: null, surveyReplyBy: null });
    expect(clocks.resolveBy.stoppedAt).toBeNull();
    expect(outcomeOf(DEFAULT_CALENDAR, clocks.informBy)).toBeNull();
  });

  it('triage restarts the resolve clock from intake on the new severity', () => {
    const { history } = run(feedback, { severity: 'general' }, [
      { trigger: intake, at: '2026-03-10T09:00:00', state: 'received' },
      { trigger: move('triage', 'acknowledged', 'triaged'), at: '2026-03-10T10:00:00', state: 'triaged', item: { createdAt: iso('2026-03-10T09:00:00') }, facts: { severity: 'important' } },
    ]);
    expect(history[0].dueDates.resolveBy).toBe(iso('2026-03-16T18:30:00'));
    expect(history[1].dueDates).toEqual({ resolveBy: iso('2026-03-12T18:30:00') });
  });

  it('the root cause clock starts only when R&D is needed, and stops when the root cause is recorded', () => {
    const steps = [
      { trigger: intake, at: '2026-03-16T09:00:00', state: 'received' },
      { trigger: move('triage', 'acknowledged', 'triaged'), at: '2026-03-16T11:00:00', state: 'triaged' },
    ];
    expect(run(feedback, { severity: 'general', needsRnd: false }, steps).clocks.rootCauseBy).toBeUndefined();
    const withRnd = run(feedback, { severity: 'general', needsRnd: true }, [
      ...steps,
      { trigger: move('resolve', 'in-progress', 'resolved', ['rootCause', 'resolutionSummary']), at: '2026-03-18T11:00:00', state: 'resolved', filled: ['rootCause'] },
    ]);
    expect(withRnd.history[1].dueDates.rootCauseBy).toBe(iso('2026-03-19T11:00:00'));
    expect(withRnd.history[2].changes.rootCauseBy).toEqual(['stop']);
    expect(outcomeOf(DEFAULT_CALENDAR, withRnd.clocks.rootCauseBy)).toEqual({ usedMs: 16 * H, met: true });
  });

  it('a rejected item cancels its running clocks', () => {
    const { history } = run(feedback, { severity: 'general' }, [
      { trigger: intake, at: '2026-03-16T09:00:00', state: 'received' },
      { trigger: move('reject', 'received', 'rejected'), at: '2026-03-16T10:00:00', state: 'rejected' },
    ]);
    expect(history[1].dueDates).toEqual({ acknowledgeBy: null, recordBy: null, respondBy: null, judgeBy: null, resolveBy: null });
  });

  it('escalation levels follow the clock: at risk at 80 % of the budget, none while paused', () => {
    const { clocks } = run(feedback, { severity: 'important' }, [{ trigger: intake, at: '2026-03-10T09:00:00', state: 'received' }]);
    const levels = escalationLevelsOf(feedback, DEFAULT_CALENDAR, clocks.resolveBy);
    expect(levels.map((l) => `${l.level}@${new Date(l.at).toISOString()}`)).toEqual([
      `at-risk@${iso('2026-03-12T13:42:00')}`,
      `breached@${iso('2026-03-12T18:30:00')}`,
      `overdue@${iso('2026-03-16T14:30:00')}`,
    ]);
    expect(nextEscalationOf(levels, new Set(['resolveBy:at-risk:notify-assignee']))).toBe(sh('2026-03-12T18:30:00').getTime());
    const paused = { ...clocks.resolveBy, pausedAt: iso('2026-03-11T09:00:00') };
    expect(escalationLevelsOf(feedback, DEFAULT_CALENDAR, paused)).toEqual([]);
  });
});

describe('the clock engine on complaints and service records', () => {
  it('a complaint is answered when it is verified or recorded', () => {
    const { history } = run(policyOf('complaint.default'), { severity: 'serious' }, [
      { trigger: intake, at: '2026-03-16T09:00:00', state: 'registered' },
      { trigger: move('verify', 'registered', 'verified'), at: '2026-03-16T19:00:00', state: 'verified' },
    ]);
    expect(history[0].dueDates).toEqual({ respondBy: iso('2026-03-16T17:00:00'), resolveBy: iso('2026-03-20T18:30:00') });
    expect(outcomeOf(DEFAULT_CALENDAR, history[1].clocks.respondBy)).toEqual({ usedMs: 10 * H, met: false });
  });

  it('a service record is archived within 5 working days of the technician’s return (001 二.5(4)), holidays honoured', () => {
    const policy = policyOf('service-record.default');
    const { history } = run(policy, {}, [
      { trigger: move('start', 'scheduled', 'in-progress'), at: '2026-05-04T09:00:00', state: 'in-progress' },
      { trigger: move('complete', 'in-progress', 'completed'), at: '2026-05-06T09:00:00', state: 'completed', item: { returnedAt: '2026-05-04T10:00:00.000Z' } },
      { trigger: move('sign', 'completed', 'signed'), at: '2026-05-07T09:00:00', state: 'signed' },
      { trigger: move('archive', 'signed', 'archived'), at: '2026-05-08T09:00:00', state: 'archived' },
    ]);
    expect(history[0].changes).toEqual({});
    // Returned Mon 4 May 18:00 during the Labour Day holiday (1–5 May): working days from Wed 6
    // May: 6, 7, 8, the make-up Saturday 9 May and Mon 11 May → due Mon 11 May 18:30.
    expect(history[1].dueDates).toEqual({ archiveBy: iso('2026-05-11T18:30:00') });
    expect(history[3].changes).toEqual({ archiveBy: ['stop'] });
    expect(outcomeOf(DEFAULT_CALENDAR, history[3].clocks.archiveBy)?.met).toBe(true);
  });
});

describe('lifecycle validation', () => {
  const vocabulary = { feedback: { states: ['received', 'resolved', 'waiting'], actions: ['triage', 'resolve'], clocks: BUILTIN_VOCABULARY.feedback.clocks } };
  it('names the event at fault and checks states and actions against the workflow', () => {
    const input = JSON.parse(JSON.stringify(feedback));
    input.clocks[2].stop[0] = { enter: 'done' };
    input.clocks[3].pause = ['asleep'];
    input.clocks[0].start = [{ action: 'fly' }];
    input.clocks[1].stop = [{}];
    const result = validatePolicy(input, undefined, vocabulary);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['clocks[0].start[0].action', 'clocks[1].stop[0]', 'clocks[2].stop[0].enter', 'clocks[3].pause[0]']));
  });
});
