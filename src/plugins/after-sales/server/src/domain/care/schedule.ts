/**
 * The care plan's calendar (重点客户关怀计划): which plan a customer is on, when their next care call
 * falls due, and which calls a run of the generating job opens. Days are calendar days in the
 * business time zone, written `YYYY-MM-DD`; nothing here reads the clock or the database.
 */
import { addDays, isoDateOf } from '../sla/local-date';
import { epochDayAt } from '../sla/zoned-time';
import { addMonths } from '../customers/units';

export type CareUnit = 'weeks' | 'months';
export const CARE_OUTCOMES = ['reached', 'not-reached', 'issue-raised', 'satisfied'] as const;
export type CareOutcome = (typeof CARE_OUTCOMES)[number];

/** A plan as the scheduler needs it: for a segment (by key) or for one customer (an override). */
export interface CarePlanRule {
  documentId: string;
  active: boolean;
  /** A segment key (`key`, `regular`, …); ignored when the plan names a customer. */
  segment: string | null;
  /** The customer's documentId for a per-customer plan: it replaces their segment's plan. */
  customer: string | null;
  every: number;
  unit: CareUnit;
  /** After a call that did not reach the customer, the next try this many days later. */
  retryAfterDays: number;
}

/** The calendar day of `instant` in `timeZone`, `YYYY-MM-DD`. */
export const dayIn = (instant: Date, timeZone: string): string => isoDateOf(epochDayAt(timeZone, instant.getTime()));

/**
 * The day the next care call falls due after a call logged on `calledOn`: a customer not reached is
 * tried again `retryAfterDays` later; every other outcome waits the plan's full interval.
 */
export const nextCallOn = (plan: Pick<CarePlanRule, 'every' | 'unit' | 'retryAfterDays'>, outcome: CareOutcome, calledOn: string): string => {
  if (outcome === 'not-reached') return addDays(calledOn, Math.max(1, plan.retryAfterDays));
  return plan.unit === 'weeks' ? addDays(calledOn, 7 * plan.every) : (addMonths(calledOn, plan.every) as string);
};

/**
 * The plan a customer is on: an active plan naming them wins over their segment's; among several,
 * the first given (the caller orders them, oldest first). Null: no care calls for them.
 */
export const planForCustomer = <P extends CarePlanRule>(customer: { documentId: string; segment: string | null }, plans: P[]): P | null => {
  const active = plans.filter((plan) => plan.active);
  return active.find((plan) => plan.customer === customer.documentId) ?? active.find((plan) => !plan.customer && !!plan.segment && plan.segment === customer.segment) ?? null;
};

/** The key that makes a call the one open call of its customer and plan (stored on the open call, unique). */
export const openCallKey = (customerDocumentId: string, planDocumentId: string) => `${customerDocumentId}:${planDocumentId}`;

export interface CallToOpen<P extends CarePlanRule = CarePlanRule> {
  customer: string;
  plan: P;
  dueOn: string;
}

/**
 * The calls a run opens on `today`: for each customer on a plan with no open call of that plan, one
 * call when the day the last logged call scheduled (or, for a customer never called on it, today)
 * has come. `lastScheduled` maps `openCallKey` to the next day the last logged call set.
 */
export const callsToOpen = <P extends CarePlanRule>(args: {
  today: string;
  plans: P[];
  customers: { documentId: string; segment: string | null }[];
  openKeys: Set<string>;
  lastScheduled: Map<string, string>;
}): CallToOpen<P>[] => {
  const out: CallToOpen<P>[] = [];
  for (const customer of args.customers) {
    const plan = planForCustomer(customer, args.plans);
    if (!plan) continue;
    const key = openCallKey(customer.documentId, plan.documentId);
    if (args.openKeys.has(key)) continue;
    const dueOn = args.lastScheduled.get(key) ?? args.today;
    if (dueOn <= args.today) out.push({ customer: customer.documentId, plan, dueOn });
  }
  return out;
};

/** What is wrong with a plan as a manager entered it, by field (empty: fine). */
export const carePlanProblems = (plan: { segment?: unknown; customer?: unknown; every?: unknown; unit?: unknown; retryAfterDays?: unknown }): Record<string, string> => {
  const problems: Record<string, string> = {};
  if (!plan.customer && !(typeof plan.segment === 'string' && plan.segment.trim())) problems.segment = 'A care plan is for a segment or for one customer: give one of them';
  if (!Number.isInteger(plan.every) || (plan.every as number) < 1 || (plan.every as number) > 52) problems.every = 'every must be a whole number from 1 to 52';
  if (plan.unit !== 'weeks' && plan.unit !== 'months') problems.unit = 'unit must be weeks or months';
  if (plan.retryAfterDays !== undefined && plan.retryAfterDays !== null && (!Number.isInteger(plan.retryAfterDays) || (plan.retryAfterDays as number) < 1 || (plan.retryAfterDays as number) > 60))
    problems.retryAfterDays = 'retryAfterDays must be a whole number from 1 to 60';
  return problems;
};
