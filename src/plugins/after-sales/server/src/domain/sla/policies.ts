import { dueAt, type Target } from './target';
import type { BusinessCalendar } from './calendar';

/**
 * SLA clocks from the after-sales manuals, as data. A target is calendar time (`hours`) or
 * working time (`businessHours`, `businessDays`): see ./target. Urgent and important items get tighter targets.
 *
 * Feedback:
 *  - acknowledgeBy: the record is complete and acknowledged within 1 working day (urgent: 2 working hours).
 *  - respondBy: the promise made to the customer: 24 h for general items, 48 h for complex ones
 *    (suggestions and items that need R&D); urgent 4 h, important 24 h.
 *  - rootCauseBy: a root-cause report within 3 working days of triage, for items that need R&D.
 *  - resolveBy: urgent 1, important 3, general 5, suggestion 20 working days from receipt; paused while waiting.
 *  - callbackBy: the satisfaction callback within 3 working days AFTER resolution (the chained clock).
 * Complaints: respondBy 24 h (serious: 8 h), resolveBy 10 working days (serious: 5).
 */

export interface ClockPolicy {
  field: string;
  /** Severity (feedback) or seriousness (complaint) → target; `*` is the default. */
  targets: Record<string, Target>;
}

export const FEEDBACK_INTAKE_CLOCKS: ClockPolicy[] = [
  { field: 'acknowledgeBy', targets: { urgent: { amount: 2, unit: 'businessHours' }, '*': { amount: 1, unit: 'businessDays' } } },
  { field: 'respondBy', targets: { urgent: { amount: 4, unit: 'hours' }, important: { amount: 24, unit: 'hours' }, general: { amount: 24, unit: 'hours' }, suggestion: { amount: 48, unit: 'hours' }, '*': { amount: 24, unit: 'hours' } } },
  { field: 'resolveBy', targets: { urgent: { amount: 1, unit: 'businessDays' }, important: { amount: 3, unit: 'businessDays' }, general: { amount: 5, unit: 'businessDays' }, suggestion: { amount: 20, unit: 'businessDays' }, '*': { amount: 5, unit: 'businessDays' } } },
];
export const COMPLAINT_INTAKE_CLOCKS: ClockPolicy[] = [
  { field: 'respondBy', targets: { serious: { amount: 8, unit: 'hours' }, '*': { amount: 24, unit: 'hours' } } },
  { field: 'resolveBy', targets: { serious: { amount: 5, unit: 'businessDays' }, '*': { amount: 10, unit: 'businessDays' } } },
];
export const ROOT_CAUSE: Target = { amount: 3, unit: 'businessDays' };
export const CALLBACK_AFTER_RESOLUTION: Target = { amount: 3, unit: 'businessDays' };
export const NEEDS_RND_RESPONSE: Target = { amount: 48, unit: 'hours' };


/** Due dates of the clocks that start when an item is received. */
export const intakeDueDates = (calendar: BusinessCalendar, clocks: ClockPolicy[], level: string | null | undefined, receivedAt: Date) =>
  Object.fromEntries(clocks.map((clock) => [clock.field, dueAt(calendar, receivedAt, clock.targets[level ?? ''] ?? clock.targets['*']).toISOString()]));
