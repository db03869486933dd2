import type { BusinessCalendar } from './calendar';
import { fromDbTime } from '../../utils/db-time';
import { pauseClock, resumeClock, startClock, stopClock, usedTime, type SlaClock } from './clock-state';
import { matchesFacts, targetFor, type ClockEvent, type ItemFacts, type SlaPolicy } from './policies';

/**
 * The SLA clock engine: applies a policy's clock lifecycles to one event of one item. Pure: the
 * caller gives the item's facts, its clocks as they are, the event and the instant; the engine
 * returns the clocks as they become and the due-date fields to write on the item.
 *
 * Per clock, in this order: a matching `cancel` drops a running clock; else a matching `restart`
 * starts a new run; else a matching `stop` stops a running clock; else a matching `start` starts a
 * clock that is not running. Then a running clock is paused in its `pause` states and resumed when
 * the item leaves them (the due date moves by the time paused, in the clock's measure).
 */

/**
 * The item was received, a workflow action moved it (`set`: fields that became non-empty), a reply
 * to the customer was added to its conversation, or it was edited outside the workflow (`set` as
 * for an action).
 */
export type ClockTrigger =
  | { kind: 'intake' }
  | { kind: 'transition'; action: string; from: string; to: string; set: readonly string[] }
  | { kind: 'reply' }
  | { kind: 'update'; set: readonly string[] };

/** A clock of an item; `cancelled` runs are stopped and not counted (the obligation fell away). */
export interface TrackedClock extends SlaClock {
  cancelled?: boolean;
}

export type ClockChange = 'start' | 'restart' | 'stop' | 'pause' | 'resume' | 'cancel';

export interface ClockEngineInput {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  facts: ItemFacts;
  /** The item's fields after the event (read by `at`). */
  item: Record<string, unknown>;
  /** The item's state after the event. */
  state: string;
  /** The item's clocks by field (absent: never started). */
  clocks: Readonly<Record<string, TrackedClock>>;
  trigger: ClockTrigger;
  at: Date;
  /** The fields of the item that are filled after the event (read by `complete` events); none given: no record is complete. */
  filled?: readonly string[];
}

export interface ClockEngineResult {
  /** Every clock of the item after the event. */
  clocks: Record<string, TrackedClock>;
  /** What happened to each clock that changed, in order. */
  changes: Record<string, ClockChange[]>;
  /** Due-date fields to write on the item (null: cleared). */
  dueDates: Record<string, string | null>;
}

const happened = (event: ClockEvent, trigger: ClockTrigger, facts: ItemFacts, filled: ReadonlySet<string>): boolean => {
  if (event.when && !matchesFacts(event.when, facts)) return false;
  if (event.complete && !event.complete.every((field) => filled.has(field))) return false;
  if (event.event !== undefined) return event.event === trigger.kind;
  if (event.action === undefined && event.enter === undefined && event.set === undefined) return !!event.complete;
  if (trigger.kind === 'update') return event.action === undefined && event.enter === undefined && trigger.set.includes(event.set!);
  if (trigger.kind !== 'transition') return false;
  if (event.action !== undefined && event.action !== trigger.action) return false;
  if (event.enter !== undefined && (event.enter !== trigger.to || trigger.from === trigger.to)) return false;
  if (event.set !== undefined && !trigger.set.includes(event.set)) return false;
  return true;
};

const later = (a: Date, b: string) => (a.getTime() < Date.parse(b) ? new Date(b) : a);

export const applyClockEvent = (input: ClockEngineInput): ClockEngineResult => {
  const { policy, calendar, facts, item, state, trigger, at } = input;
  const clocks: Record<string, TrackedClock> = { ...input.clocks };
  const changes: Record<string, ClockChange[]> = {};
  const dueDates: Record<string, string | null> = {};
  const filled = new Set(input.filled ?? []);
  const first = (events: ClockEvent[] | undefined) => events?.find((event) => happened(event, trigger, facts, filled));

  for (const lifecycle of policy.clocks) {
    const field = lifecycle.field;
    const before = clocks[field];
    let clock = before;
    const done: ClockChange[] = [];
    const running = !!clock && !clock.stoppedAt;
    const begin = (event: ClockEvent) => {
      const target = targetFor(policy, field, facts);
      if (!target) return;
      const from = (event.at ? fromDbTime(item[event.at]) : null) ?? at;
      clock = startClock(calendar, { id: field, target, at: from });
    };

    if (running && first(lifecycle.cancel)) {
      clock = { ...stopClock(calendar, clock!, later(at, clock!.startedAt)), cancelled: true };
      done.push('cancel');
    } else {
      const restart = first(lifecycle.restart);
      const stop = running ? first(lifecycle.stop) : undefined;
      const start = running ? undefined : first(lifecycle.start);
      if (restart) {
        begin(restart);
        if (clock !== before) done.push('restart');
      } else if (stop) {
        clock = stopClock(calendar, clock!, later(at, clock!.pausedAt ?? clock!.startedAt));
        done.push('stop');
      } else if (start) {
        begin(start);
        if (clock !== before) done.push('start');
      }
      // Started and met by the same event (a record complete at intake, R&D needed and the root
      // cause given at the same triage): the run is stopped at once.
      if ((restart || start) && clock && clock !== before && !clock.stoppedAt && first(lifecycle.stop)) {
        clock = stopClock(calendar, clock, later(at, clock.startedAt));
        done.push('stop');
      }
    }

    if (clock && !clock.stoppedAt) {
      const paused = !!lifecycle.pause?.includes(state);
      if (paused && !clock.pausedAt) {
        clock = pauseClock(clock, later(at, clock.startedAt));
        done.push('pause');
      } else if (!paused && clock.pausedAt) {
        clock = resumeClock(calendar, clock, later(at, clock.pausedAt));
        done.push('resume');
      }
    }

    if (!clock || !done.length) continue;
    clocks[field] = clock;
    changes[field] = done;
    const due = clock.cancelled ? null : clock.dueAt;
    if (!before || before.dueAt !== due || before.cancelled !== clock.cancelled) dueDates[field] = due;
  }
  return { clocks, changes, dueDates };
};

/** The outcome of a stopped run: time used in the clock's measure and whether it met its due time. */
export const outcomeOf = (calendar: BusinessCalendar, clock: TrackedClock): { usedMs: number; met: boolean } | null => {
  if (!clock.stoppedAt || clock.cancelled) return null;
  return { usedMs: usedTime(calendar, clock, new Date(clock.stoppedAt)), met: Date.parse(clock.stoppedAt) <= Date.parse(clock.dueAt) };
};
