import type { BusinessCalendar } from './calendar';
import { clockBudget } from './clock-state';
import type { TrackedClock } from './clock-engine';
import { escalationFor, type SlaPolicy } from './policies';
import { addTime, measureOf } from './target';

/** One escalation level of a running clock: reached at `at` (epoch ms), with its steps. */
export interface EscalationLevel {
  clock: string;
  level: string;
  at: number;
  steps: string[];
}

/**
 * The escalation levels of one clock: a level is reached when the given fraction of the clock's
 * budget is used (pauses so far excluded); levels before the due time never fall after it, levels at
 * or beyond it never before it. Paused, stopped and cancelled clocks do not escalate.
 */
export const escalationLevelsOf = (policy: SlaPolicy, calendar: BusinessCalendar, clock: TrackedClock): EscalationLevel[] => {
  if (clock.stoppedAt || clock.pausedAt || clock.cancelled) return [];
  const due = Date.parse(clock.dueAt);
  const budget = clockBudget(calendar, clock);
  return escalationFor(policy, clock.id).map((rule) => {
    const reached = rule.fraction === 1 || budget <= 0 ? due : addTime(calendar, measureOf(clock.target), new Date(clock.startedAt), budget * rule.fraction + clock.accumulatedPauseMs).getTime();
    return { clock: clock.id, level: rule.level, at: rule.fraction < 1 ? Math.min(reached, due) : Math.max(reached, due), steps: rule.steps };
  });
};

/** Marker key of one step of one level (as stored in the escalation marker table). */
export const escalationKey = (clock: string, level: string, step: string) => `${clock}:${level}:${step}`;

/** When the clock next needs the sweep: its earliest level with a step not done yet (null: none). */
export const nextEscalationOf = (levels: EscalationLevel[], done: ReadonlySet<string>): number | null =>
  levels
    .filter((level) => !level.steps.every((step) => done.has(escalationKey(level.clock, level.level, step))))
    .reduce<number | null>((min, level) => (min === null || level.at < min ? level.at : min), null);
