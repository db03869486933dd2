import { dueAt, validateTarget, type Target } from './target';
import type { ClockEvent, ClockPolicy, ClockRule, ClockRuleCondition, EscalationRule, SlaPolicy, WorkflowVocabulary } from '../../../../shared/sla-policy';

export type { ClockEvent, ClockPolicy, ClockRule, ClockRuleCondition, EscalationRule, SlaPolicy, WorkflowVocabulary } from '../../../../shared/sla-policy';
import type { BusinessCalendar } from './calendar';

/**
 * SLA policies as data: per workflow, the clocks it runs and, per clock, its lifecycle (the events
 * that start, stop, restart and cancel it, the states that pause it) and the target that applies to
 * an item (first matching rule on type, severity and needsRnd wins; the last rule has no `when`),
 * plus the escalation chain (levels at a fraction of a clock's budget, each with its steps).
 *
 * The built-in defaults (from the after-sales manuals) are contributed by the `after-sales.sla`
 * extension (`contributes.slaPolicies` in its package.json) and stored in the database, where
 * administrators edit them. The clock engine (clock-engine.ts) applies a policy to an item's events.
 */

/**
 * The vocabulary of each workflow a policy is checked against: its states and actions, and the
 * clocks its item kind declares (`contributes.itemKinds[].clocks`). Only a workflow whose item kind
 * declares clocks takes a policy.
 */
export const vocabulariesOf = (
  workflows: readonly { id: string; states: readonly { id: string }[]; transitions: readonly { id: string }[] }[],
  kinds: readonly { id: string; clocks?: readonly { field: string }[] }[]
): Record<string, WorkflowVocabulary> =>
  Object.fromEntries(
    workflows.map((w) => {
      const clocks = kinds.find((k) => k.id === w.id)?.clocks?.map((c) => c.field);
      return [w.id, { states: w.states.map((st) => st.id), actions: [...new Set(w.transitions.map((t) => t.id))], ...(clocks?.length ? { clocks } : {}) }];
    })
  );

/** The built-in escalation steps; extensions may register more (sla service `registerEscalationStep`). */
/** None changes the item's classification (severity is what the customer reported, and the report counts it). */
/** `queue-phone-callback` is done by the SLA extension (an unanswered survey becomes a phone callback for the agent). */
export const BUILTIN_ESCALATION_STEPS = ['notify-assignee', 'notify-head', 'notify-after-sales-head', 'reassign', 'queue-phone-callback'] as const;

const LIFECYCLE_KEYS = ['start', 'stop', 'pause', 'restart', 'cancel'] as const;

/** What a rule can look at. */
export interface ItemFacts {
  severity?: string | null;
  type?: string | null;
  needsRnd?: boolean | null;
  complex?: boolean | null;
  /** The customer's segment key. */
  segment?: string | null;
}

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: SlaPolicy } | { ok: false; errors: PolicyError[] };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LEVEL = /^[a-z][a-z0-9-]{0,19}$/;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim() !== '');

const validateCondition = (input: unknown, path: string, errors: PolicyError[]): ClockRuleCondition | undefined => {
  if (input === undefined || input === null) return undefined;
  if (!isRecord(input)) {
    errors.push({ path, message: 'must be { severity?: [...], type?: [...], segment?: [...], needsRnd?: true|false, complex?: true|false }' });
    return undefined;
  }
  const condition: ClockRuleCondition = {};
  for (const key of Object.keys(input)) {
    if (!['severity', 'type', 'segment', 'needsRnd', 'complex'].includes(key)) errors.push({ path: `${path}.${key}`, message: 'unknown condition; use severity, type, segment, needsRnd or complex' });
  }
  for (const key of ['severity', 'type', 'segment'] as const) {
    if (input[key] === undefined) continue;
    if (!isStringList(input[key])) errors.push({ path: `${path}.${key}`, message: 'must be a non-empty list of texts' });
    else condition[key] = input[key] as string[];
  }
  for (const key of ['needsRnd', 'complex'] as const) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== 'boolean') errors.push({ path: `${path}.${key}`, message: 'must be true or false' });
    else condition[key] = input[key] as boolean;
  }
  if (!Object.keys(condition).length && !errors.some((e) => e.path.startsWith(path))) errors.push({ path, message: 'names no condition; leave `when` out for the default rule' });
  return condition;
};

const EVENT_KEYS = ['event', 'complete', 'action', 'enter', 'set', 'when', 'at'];
const EVENTS = ['intake', 'reply'] as const;
const SOURCE_MAX = 300;

/** A clock's, rule's or escalation rule's `source` label: the manual's line, or "our default". */
const validateSource = (value: unknown, path: string, errors: PolicyError[]): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !value.trim() || value.trim().length > SOURCE_MAX) {
    errors.push({ path, message: `must be a text of 1 to ${SOURCE_MAX} characters (the manual's line, or "our default")` });
    return undefined;
  }
  return value.trim();
};
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;
/**
 * One entry of a completeness check (`complete`): a field of the item (`batch`), a field of a related
 * record (`customer.phone`), or alternatives of those, filled when any one is (`customer.phone|customer.email`).
 */
const COMPLETENESS_ENTRY = /^[A-Za-z][A-Za-z0-9_-]{0,79}(\.[A-Za-z][A-Za-z0-9_-]{0,79})?(\|[A-Za-z][A-Za-z0-9_-]{0,79}(\.[A-Za-z][A-Za-z0-9_-]{0,79})?){0,7}$/;

const validateEvents = (input: unknown, path: string, required: boolean, vocabulary: WorkflowVocabulary | undefined, startLike: boolean, errors: PolicyError[]): ClockEvent[] => {
  if (input === undefined || input === null) {
    if (required) errors.push({ path, message: 'must be a non-empty list of events ({ event: "intake" }, { action }, { enter }, { set })' });
    return [];
  }
  if (!Array.isArray(input) || (required && input.length === 0)) {
    errors.push({ path, message: 'must be a list of events ({ event: "intake" }, { action }, { enter }, { set })' });
    return [];
  }
  const events: ClockEvent[] = [];
  input.forEach((raw, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(raw)) {
      errors.push({ path: at, message: 'must be an event such as { "action": "resolve" } or { "enter": "resolved" }' });
      return;
    }
    for (const key of Object.keys(raw)) if (!EVENT_KEYS.includes(key)) errors.push({ path: `${at}.${key}`, message: `unknown key; use ${EVENT_KEYS.join(', ')}` });
    const event: ClockEvent = {};
    if (raw.event !== undefined) {
      if (!EVENTS.includes(raw.event as (typeof EVENTS)[number])) errors.push({ path: `${at}.event`, message: `must be "intake" or "reply", got ${JSON.stringify(raw.event)}` });
      else event.event = raw.event as (typeof EVENTS)[number];
    }
    if (raw.complete !== undefined) {
      if (!isStringList(raw.complete) || raw.complete.some((f) => !COMPLETENESS_ENTRY.test(f)))
        errors.push({
          path: `${at}.complete`,
          message: 'must be a non-empty list of field names (all filled: the record is complete); "relation.field" reads the related record, "a|b" is filled when either is',
        });
      else event.complete = raw.complete;
    }
    if (raw.action !== undefined) {
      if (typeof raw.action !== 'string' || (vocabulary && !vocabulary.actions.includes(raw.action))) {
        errors.push({ path: `${at}.action`, message: `must be an action of the workflow${vocabulary ? ` (${vocabulary.actions.join(', ')})` : ''}, got ${JSON.stringify(raw.action)}` });
      } else event.action = raw.action;
    }
    if (raw.enter !== undefined) {
      if (typeof raw.enter !== 'string' || (vocabulary && !vocabulary.states.includes(raw.enter))) {
        errors.push({ path: `${at}.enter`, message: `must be a state of the workflow${vocabulary ? ` (${vocabulary.states.join(', ')})` : ''}, got ${JSON.stringify(raw.enter)}` });
      } else event.enter = raw.enter;
    }
    for (const key of ['set', 'at'] as const) {
      if (raw[key] === undefined) continue;
      if (typeof raw[key] !== 'string' || !NAME.test(raw[key] as string)) errors.push({ path: `${at}.${key}`, message: `must be a field name, got ${JSON.stringify(raw[key])}` });
      else event[key] = raw[key] as string;
    }
    if (raw.at !== undefined && !startLike) errors.push({ path: `${at}.at`, message: 'only start and restart events can start the clock from a field' });
    if (raw.event !== undefined && (raw.action !== undefined || raw.enter !== undefined || raw.set !== undefined)) {
      errors.push({ path: at, message: `"event": ${JSON.stringify(raw.event)} cannot be combined with action, enter or set` });
    }
    if (raw.event === undefined && raw.complete === undefined && raw.action === undefined && raw.enter === undefined && raw.set === undefined) {
      errors.push({ path: at, message: 'names no event; use event, complete, action, enter or set' });
    }
    const when = validateCondition(raw.when, `${at}.when`, errors);
    if (when) event.when = when;
    events.push(event);
  });
  return events;
};

const validateStates = (input: unknown, path: string, vocabulary: WorkflowVocabulary | undefined, errors: PolicyError[]): string[] | undefined => {
  if (input === undefined || input === null) return undefined;
  if (!Array.isArray(input)) {
    errors.push({ path, message: 'must be a list of states' });
    return undefined;
  }
  input.forEach((state, i) => {
    if (typeof state !== 'string' || (vocabulary && !vocabulary.states.includes(state))) {
      errors.push({ path: `${path}[${i}]`, message: `must be a state of the workflow${vocabulary ? ` (${vocabulary.states.join(', ')})` : ''}, got ${JSON.stringify(state)}` });
    }
  });
  return input as string[];
};

/**
 * A policy stored or written before clocks had lifecycles: each clock without one takes the
 * lifecycle of the same field in `builtin` (the contributed policy of the workflow). Clocks that
 * have a `start` are left alone; what cannot be completed is left for validation to report.
 */
export const withLifecycleFrom = (input: unknown, builtin: SlaPolicy | undefined): unknown => {
  if (!builtin || !isRecord(input) || !Array.isArray(input.clocks)) return input;
  return {
    ...input,
    clocks: input.clocks.map((clock) => {
      if (!isRecord(clock) || clock.start !== undefined) return clock;
      const model = builtin.clocks.find((c) => c.field === clock.field);
      if (!model) return clock;
      const lifecycle = Object.fromEntries(LIFECYCLE_KEYS.filter((key) => model[key] !== undefined).map((key) => [key, model[key]]));
      return { ...clock, ...lifecycle };
    }),
  };
};

/** True when some clock of a stored policy has no lifecycle yet. */
export const lacksLifecycle = (input: unknown): boolean => isRecord(input) && Array.isArray(input.clocks) && input.clocks.some((c) => isRecord(c) && c.start === undefined);

/**
 * Checks a policy from any source (manifest, admin form, JSON import) and returns it normalised.
 * `steps` are the escalation step ids known to this instance; `workflows` the vocabulary of each
 * workflow (`vocabulariesOf`): its states, actions and the clocks its item kind declares. Every
 * problem names its field.
 */
export const validatePolicy = (input: unknown, steps: readonly string[] = BUILTIN_ESCALATION_STEPS, workflows: Record<string, WorkflowVocabulary> = {}): PolicyValidation => {
  const errors: PolicyError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a policy must be an object' }] };
  for (const key of Object.keys(input)) {
    if (!['id', 'name', 'workflow', 'clocks', 'escalation'].includes(key)) errors.push({ path: key, message: 'unknown field' });
  }
  if (typeof input.id !== 'string' || !ID.test(input.id) || input.id.length > 100) errors.push({ path: 'id', message: `must be letters, digits, ".", "_" or "-", got ${JSON.stringify(input.id)}` });
  if (typeof input.name !== 'string' || !input.name.trim()) errors.push({ path: 'name', message: 'must be a non-empty text' });
  else if (input.name.trim().length > 200) errors.push({ path: 'name', message: 'must be at most 200 characters' });
  const workflow = input.workflow;
  const fields = typeof workflow === 'string' && Object.prototype.hasOwnProperty.call(workflows, workflow) ? workflows[workflow].clocks : undefined;
  if (!fields?.length) {
    const known = Object.keys(workflows).filter((id) => workflows[id].clocks?.length);
    errors.push({ path: 'workflow', message: `must be a workflow whose item kind declares clocks (${known.join(', ') || 'none'}), got ${JSON.stringify(workflow)}` });
  }

  const clocks: ClockPolicy[] = [];
  if (!Array.isArray(input.clocks) || input.clocks.length === 0) {
    errors.push({ path: 'clocks', message: 'must be a non-empty list of { field, start, stop, rules }' });
  } else {
    const seen = new Map<string, number>();
    const vocabulary = typeof workflow === 'string' ? workflows[workflow] : undefined;
    input.clocks.forEach((clock, index) => {
      const at = `clocks[${index}]`;
      if (!isRecord(clock)) {
        errors.push({ path: at, message: 'must be { field, start, stop, pause?, restart?, cancel?, rules }' });
        return;
      }
      for (const key of Object.keys(clock)) {
        if (!['field', 'source', 'rules', ...LIFECYCLE_KEYS].includes(key)) errors.push({ path: `${at}.${key}`, message: `unknown field; use field, source, ${LIFECYCLE_KEYS.join(', ')}, rules` });
      }
      if (typeof clock.field !== 'string' || (fields && !fields.includes(clock.field))) {
        errors.push({ path: `${at}.field`, message: `must be one of ${(fields ?? []).join(', ')}, got ${JSON.stringify(clock.field)}` });
      } else if (seen.has(clock.field)) {
        errors.push({ path: `${at}.field`, message: `${clock.field} is already set at clocks[${seen.get(clock.field)}]` });
      } else seen.set(clock.field, index);
      const start = validateEvents(clock.start, `${at}.start`, true, vocabulary, true, errors);
      const stop = validateEvents(clock.stop, `${at}.stop`, true, vocabulary, false, errors);
      const restart = validateEvents(clock.restart, `${at}.restart`, false, vocabulary, true, errors);
      const cancel = validateEvents(clock.cancel, `${at}.cancel`, false, vocabulary, false, errors);
      const pause = validateStates(clock.pause, `${at}.pause`, vocabulary, errors);
      const rules: ClockRule[] = [];
      if (!Array.isArray(clock.rules) || clock.rules.length === 0) {
        errors.push({ path: `${at}.rules`, message: 'must be a non-empty list of { when?, target: { amount, unit } }' });
      } else {
        clock.rules.forEach((rule, r) => {
          const ruleAt = `${at}.rules[${r}]`;
          if (!isRecord(rule)) {
            errors.push({ path: ruleAt, message: 'must be { when?, target }' });
            return;
          }
          for (const key of Object.keys(rule)) if (!['when', 'target', 'source'].includes(key)) errors.push({ path: `${ruleAt}.${key}`, message: 'unknown field; use when, target, source' });
          const when = validateCondition(rule.when, `${ruleAt}.when`, errors);
          const source = validateSource(rule.source, `${ruleAt}.source`, errors);
          const target = validateTarget(rule.target);
          if (!target.ok) for (const e of target.errors) errors.push({ path: `${ruleAt}.target${e.path ? `.${e.path}` : ''}`, message: e.message });
          else rules.push({ ...(when ? { when } : {}), target: target.target, ...(source ? { source } : {}) });
        });
        const last = clock.rules[clock.rules.length - 1];
        if (isRecord(last) && last.when !== undefined && last.when !== null) {
          errors.push({ path: `${at}.rules[${clock.rules.length - 1}].when`, message: 'the last rule is the default: leave `when` out' });
        }
      }
      const source = validateSource(clock.source, `${at}.source`, errors);
      clocks.push({
        field: clock.field as string,
        ...(source ? { source } : {}),
        start,
        stop,
        ...(pause?.length ? { pause } : {}),
        ...(restart.length ? { restart } : {}),
        ...(cancel.length ? { cancel } : {}),
        rules,
      });
    });
  }

  const escalation: EscalationRule[] = [];
  if (input.escalation !== undefined && input.escalation !== null && !Array.isArray(input.escalation)) {
    errors.push({ path: 'escalation', message: 'must be a list of { level, fraction, clocks?, steps }' });
  } else {
    ((input.escalation as unknown[] | undefined) ?? []).forEach((rule, index) => {
      const at = `escalation[${index}]`;
      if (!isRecord(rule)) {
        errors.push({ path: at, message: 'must be { level, fraction, clocks?, steps }' });
        return;
      }
      for (const key of Object.keys(rule))
        if (!['level', 'fraction', 'clocks', 'steps', 'source'].includes(key)) errors.push({ path: `${at}.${key}`, message: 'unknown field; use level, fraction, clocks, steps, source' });
      const source = validateSource(rule.source, `${at}.source`, errors);
      if (typeof rule.level !== 'string' || !LEVEL.test(rule.level)) errors.push({ path: `${at}.level`, message: `must be a lower-case name such as "at-risk", got ${JSON.stringify(rule.level)}` });
      if (typeof rule.fraction !== 'number' || !Number.isFinite(rule.fraction) || rule.fraction <= 0 || rule.fraction > 10) {
        errors.push({ path: `${at}.fraction`, message: `must be a number above 0 and at most 10 (0.8 = 80 % of the budget used, 1 = due), got ${JSON.stringify(rule.fraction)}` });
      }
      if (rule.clocks !== undefined) {
        if (!isStringList(rule.clocks)) errors.push({ path: `${at}.clocks`, message: 'must be a non-empty list of clock fields' });
        else rule.clocks.forEach((c, i) => fields && !fields.includes(c) && errors.push({ path: `${at}.clocks[${i}]`, message: `unknown clock ${JSON.stringify(c)}; use ${fields.join(', ')}` }));
      }
      if (!isStringList(rule.steps)) errors.push({ path: `${at}.steps`, message: `must be a non-empty list of steps (${steps.join(', ')})` });
      else rule.steps.forEach((s, i) => !steps.includes(s) && errors.push({ path: `${at}.steps[${i}]`, message: `unknown step ${JSON.stringify(s)}; use ${steps.join(', ')}` }));
      escalation.push({
        level: rule.level as string,
        fraction: rule.fraction as number,
        ...(rule.clocks ? { clocks: rule.clocks as string[] } : {}),
        steps: rule.steps as string[],
        ...(source ? { source } : {}),
      });
    });
    const keys = new Map<string, number>();
    escalation.forEach((rule, index) => {
      for (const clock of rule.clocks ?? ['*']) {
        for (const step of rule.steps ?? []) {
          const key = `${clock}:${rule.level}:${step}`;
          if (keys.has(key)) errors.push({ path: `escalation[${index}].steps`, message: `${step} at level ${rule.level} is already listed at escalation[${keys.get(key)}]` });
          keys.set(key, index);
        }
      }
    });
  }

  if (errors.length) return { ok: false, errors };
  return { ok: true, policy: { id: input.id as string, name: (input.name as string).trim(), workflow: workflow as string, clocks, escalation } };
};

export const matchesFacts = (when: ClockRuleCondition | undefined, facts: ItemFacts): boolean =>
  !when ||
  ((!when.severity || when.severity.includes(facts.severity ?? '')) &&
    (!when.type || when.type.includes(facts.type ?? '')) &&
    (!when.segment || when.segment.includes(facts.segment ?? '')) &&
    (when.needsRnd === undefined || when.needsRnd === !!facts.needsRnd) &&
    (when.complex === undefined || when.complex === !!facts.complex));

/** The target of one clock for an item, or null when the policy does not run that clock. */
export const targetFor = (policy: SlaPolicy, field: string, facts: ItemFacts): Target | null => {
  const clock = policy.clocks.find((c) => c.field === field);
  return clock?.rules.find((rule) => matchesFacts(rule.when, facts))?.target ?? null;
};

/** Due dates of the given clocks started at `start` (clocks the policy does not run are left out). */
export const dueDatesFor = (calendar: BusinessCalendar, policy: SlaPolicy, fields: readonly string[], facts: ItemFacts, start: Date): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const field of fields) {
    const target = targetFor(policy, field, facts);
    if (target) result[field] = dueAt(calendar, start, target).toISOString();
  }
  return result;
};

/** The escalation rules that apply to one clock. */
export const escalationFor = (policy: SlaPolicy, clock: string): EscalationRule[] => policy.escalation.filter((rule) => !rule.clocks || rule.clocks.includes(clock));

/**
 * A completeness entry as its alternatives, each a field of the item or of a related record:
 * `customer.phone|customer.email` → [{ field: 'customer', of: 'phone' }, { field: 'customer', of: 'email' }].
 */
export const completenessAlternatives = (entry: string): { field: string; of?: string }[] =>
  entry.split('|').map((alternative) => {
    const [field, of] = alternative.split('.');
    return of ? { field, of } : { field };
  });

/** The entries of a policy's completeness checks (`complete` events), each once. */
export const completenessFieldsOf = (policy: SlaPolicy): string[] => [
  ...new Set(policy.clocks.flatMap((clock) => [...clock.start, ...clock.stop, ...(clock.restart ?? []), ...(clock.cancel ?? [])].flatMap((event) => event.complete ?? []))),
];

/** Empty as a record field: no value, a blank text or an empty list (false and 0 are values). */
export const isBlank = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
