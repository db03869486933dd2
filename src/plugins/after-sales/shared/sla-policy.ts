/**
 * SLA policies as data (see the README's SLA policy format): what the settings API stores, sends
 * and takes, what the server validates (domain/sla/policies.ts) and the admin's policies page
 * edits. Types only: nothing here exists at run time.
 */

/** Units of a clock's target: elapsed time, or working time on the item's business calendar. */
export type TargetUnit = 'minutes' | 'hours' | 'days' | 'businessHours' | 'businessDays';

export interface Target {
  amount: number;
  unit: TargetUnit;
}

export interface ClockRuleCondition {
  /** Feedback severity or complaint seriousness. */
  severity?: string[];
  /** Feedback type. */
  type?: string[];
  needsRnd?: boolean;
  /** Complex issue (48 h promise instead of 24 h), decided at intake by the classifier or the agent. */
  complex?: boolean;
  /** The customer's segment key (`key`, `regular`, or one the company added): key customers get tighter targets. */
  segment?: string[];
}

export interface ClockRule {
  when?: ClockRuleCondition;
  target: Target;
  /** Where the target comes from: the manual's line it implements, or "our default". Shown in the settings. */
  source?: string;
}

/**
 * Something that happens to an item. Every key given must match: `event: "intake"` (the item is
 * received), `event: "reply"` (a reply to the customer was added to the item's conversation),
 * `complete` (after the event, every field listed is filled: a completeness check; `customer.phone`
 * is a field of the related record, `a|b` is filled when either is), `action` (a workflow action was performed), `enter` (the item entered this state),
 * `set` (this field became non-empty). `when` narrows it to items with these facts; `at` names a
 * datetime field of the item to start the clock from (e.g. `createdAt`, `returnedAt`) instead of
 * the moment of the event (start and restart only).
 */
export interface ClockEvent {
  event?: 'intake' | 'reply';
  complete?: string[];
  action?: string;
  enter?: string;
  set?: string;
  when?: ClockRuleCondition;
  at?: string;
}

export interface ClockPolicy {
  field: string;
  /** The manual's line the clock implements (e.g. "004 二(一) …"), or "our default". Shown in the settings. */
  source?: string;
  /** Starts the clock unless it is running (a stopped or cancelled clock starts a new run). */
  start: ClockEvent[];
  /** Stops it: the obligation is met (or late). */
  stop: ClockEvent[];
  /** States in which it is paused. */
  pause?: string[];
  /** Starts a new run even while it runs (reopened, reclassified). */
  restart?: ClockEvent[];
  /** Drops it: the obligation no longer applies (the due date is cleared, the run not counted). */
  cancel?: ClockEvent[];
  rules: ClockRule[];
}

/** What a policy is checked against: the states and actions of each workflow (from its definition) and the clocks its item kind declares. */
export interface WorkflowVocabulary {
  states: readonly string[];
  actions: readonly string[];
  /** The clock fields a policy may run (the item kind's `clocks`); none: the workflow takes no policy. */
  clocks?: readonly string[];
}

export interface EscalationRule {
  /** Name of the level, recorded with each step (`at-risk`, `breached`, `overdue`…). */
  level: string;
  /** When the level is reached, as a fraction of the clock's budget (0.8 = 80 % used, 1 = due). */
  fraction: number;
  /** The clocks this rule applies to; all escalating clocks when absent. */
  clocks?: string[];
  steps: string[];
  /** The manual's line the rule implements, or "our default". */
  source?: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  workflow: string;
  clocks: ClockPolicy[];
  escalation: EscalationRule[];
}
