import { dueAt, validateTarget, type Target } from './target';
import type { BusinessCalendar } from './calendar';

/**
 * SLA policies as data: per workflow, the clocks it runs and, per clock, the target that applies to
 * an item (first matching rule on type, severity and needsRnd wins; the last rule has no `when`),
 * plus the escalation chain (levels at a fraction of a clock's budget, each with its steps).
 *
 * The built-in defaults (from the after-sales manuals) are contributed by the `after-sales.sla`
 * extension (`contributes.slaPolicies` in its package.json) and stored in the database, where
 * administrators edit them. When each clock starts, stops and pauses is fixed by the workflow
 * (see CLOCK_FIELDS): a policy sets how long a clock runs and what happens when it runs late.
 */

/** The clocks each workflow runs (the due-date field on the record). */
export const CLOCK_FIELDS: Record<string, readonly string[]> = {
  feedback: ['acknowledgeBy', 'respondBy', 'rootCauseBy', 'resolveBy', 'callbackBy'],
  complaint: ['respondBy', 'resolveBy'],
};

/** The built-in escalation steps; extensions may register more (sla service `registerEscalationStep`). */
export const BUILTIN_ESCALATION_STEPS = ['notify-assignee', 'notify-head', 'raise-severity', 'reassign'] as const;

export interface ClockRuleCondition {
  /** Feedback severity or complaint seriousness. */
  severity?: string[];
  /** Feedback type. */
  type?: string[];
  needsRnd?: boolean;
}

export interface ClockRule {
  when?: ClockRuleCondition;
  target: Target;
}

export interface ClockPolicy {
  field: string;
  rules: ClockRule[];
}

export interface EscalationRule {
  /** Name of the level, recorded with each step (`at-risk`, `breached`, `overdue`…). */
  level: string;
  /** When the level is reached, as a fraction of the clock's budget (0.8 = 80 % used, 1 = due). */
  fraction: number;
  /** The clocks this rule applies to; all escalating clocks when absent. */
  clocks?: string[];
  steps: string[];
}

export interface SlaPolicy {
  id: string;
  name: string;
  workflow: string;
  clocks: ClockPolicy[];
  escalation: EscalationRule[];
}

/** What a rule can look at. */
export interface ItemFacts {
  severity?: string | null;
  type?: string | null;
  needsRnd?: boolean | null;
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
    errors.push({ path, message: 'must be { severity?: [...], type?: [...], needsRnd?: true|false }' });
    return undefined;
  }
  const condition: ClockRuleCondition = {};
  for (const key of Object.keys(input)) {
    if (!['severity', 'type', 'needsRnd'].includes(key)) errors.push({ path: `${path}.${key}`, message: 'unknown condition; use severity, type or needsRnd' });
  }
  for (const key of ['severity', 'type'] as const) {
    if (input[key] === undefined) continue;
    if (!isStringList(input[key])) errors.push({ path: `${path}.${key}`, message: 'must be a non-empty list of texts' });
    else condition[key] = input[key] as string[];
  }
  if (input.needsRnd !== undefined) {
    if (typeof input.needsRnd !== 'boolean') errors.push({ path: `${path}.needsRnd`, message: 'must be true or false' });
    else condition.needsRnd = input.needsRnd;
  }
  if (!Object.keys(condition).length && !errors.some((e) => e.path.startsWith(path))) errors.push({ path, message: 'names no condition; leave `when` out for the default rule' });
  return condition;
};

/**
 * Checks a policy from any source (manifest, admin form, JSON import) and returns it normalised.
 * `steps` are the escalation step ids known to this instance. Every problem names its field.
 */
export const validatePolicy = (input: unknown, steps: readonly string[] = BUILTIN_ESCALATION_STEPS): PolicyValidation => {
  const errors: PolicyError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a policy must be an object' }] };
  for (const key of Object.keys(input)) {
    if (!['id', 'name', 'workflow', 'clocks', 'escalation'].includes(key)) errors.push({ path: key, message: 'unknown field' });
  }
  if (typeof input.id !== 'string' || !ID.test(input.id)) errors.push({ path: 'id', message: `must be letters, digits, ".", "_" or "-", got ${JSON.stringify(input.id)}` });
  if (typeof input.name !== 'string' || !input.name.trim()) errors.push({ path: 'name', message: 'must be a non-empty text' });
  const workflow = input.workflow;
  const fields = typeof workflow === 'string' ? CLOCK_FIELDS[workflow] : undefined;
  if (!fields) errors.push({ path: 'workflow', message: `must be one of ${Object.keys(CLOCK_FIELDS).join(', ')}, got ${JSON.stringify(workflow)}` });

  const clocks: ClockPolicy[] = [];
  if (!Array.isArray(input.clocks) || input.clocks.length === 0) {
    errors.push({ path: 'clocks', message: 'must be a non-empty list of { field, rules }' });
  } else {
    const seen = new Map<string, number>();
    input.clocks.forEach((clock, index) => {
      const at = `clocks[${index}]`;
      if (!isRecord(clock)) {
        errors.push({ path: at, message: 'must be { field, rules }' });
        return;
      }
      if (typeof clock.field !== 'string' || (fields && !fields.includes(clock.field))) {
        errors.push({ path: `${at}.field`, message: `must be one of ${(fields ?? []).join(', ')}, got ${JSON.stringify(clock.field)}` });
      } else if (seen.has(clock.field)) {
        errors.push({ path: `${at}.field`, message: `${clock.field} is already set at clocks[${seen.get(clock.field)}]` });
      } else seen.set(clock.field, index);
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
          const when = validateCondition(rule.when, `${ruleAt}.when`, errors);
          const target = validateTarget(rule.target);
          if (!target.ok) for (const e of target.errors) errors.push({ path: `${ruleAt}.target${e.path ? `.${e.path}` : ''}`, message: e.message });
          else rules.push({ ...(when ? { when } : {}), target: target.target });
        });
        const last = clock.rules[clock.rules.length - 1];
        if (isRecord(last) && last.when !== undefined && last.when !== null) {
          errors.push({ path: `${at}.rules[${clock.rules.length - 1}].when`, message: 'the last rule is the default: leave `when` out' });
        }
      }
      clocks.push({ field: clock.field as string, rules });
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
      escalation.push({ level: rule.level as string, fraction: rule.fraction as number, ...(rule.clocks ? { clocks: rule.clocks as string[] } : {}), steps: rule.steps as string[] });
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

const matches = (when: ClockRuleCondition | undefined, facts: ItemFacts) =>
  !when ||
  ((!when.severity || when.severity.includes(facts.severity ?? '')) &&
    (!when.type || when.type.includes(facts.type ?? '')) &&
    (when.needsRnd === undefined || when.needsRnd === !!facts.needsRnd));

/** The target of one clock for an item, or null when the policy does not run that clock. */
export const targetFor = (policy: SlaPolicy, field: string, facts: ItemFacts): Target | null => {
  const clock = policy.clocks.find((c) => c.field === field);
  return clock?.rules.find((rule) => matches(rule.when, facts))?.target ?? null;
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
