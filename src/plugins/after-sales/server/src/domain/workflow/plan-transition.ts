import { evaluateCondition, hasValue } from './conditions';
import { stateFieldOf, type ApprovalEntry, type SetValue, type TransitionDefinition, type WorkflowActor, type WorkflowDefinition, type WorkflowRecord } from './types';

export interface TransitionRequest {
  workflow: WorkflowDefinition;
  record: WorkflowRecord;
  actionId: string;
  data?: Record<string, unknown>;
  note?: string | null;
  actor: WorkflowActor;
  now: Date;
}

export interface FieldError {
  path: string;
  message: string;
}

export type TransitionRefusal =
  | { ok: false; status: 404; code: 'unknown-action'; message: string }
  | { ok: false; status: 409; code: 'illegal-state' | 'not-available' | 'already-decided'; message: string }
  | { ok: false; status: 403; code: 'not-an-approver'; message: string }
  | { ok: false; status: 400; code: 'invalid-input'; message: string; errors: FieldError[] };

export interface TransitionPlan {
  ok: true;
  transition: TransitionDefinition;
  from: string;
  to: string;
  /** Field values to write, the state excluded. */
  changes: Record<string, unknown>;
  changedFields: string[];
}

/** The transitions a record in its current state offers, before permissions. */
export const availableTransitions = (workflow: WorkflowDefinition, record: WorkflowRecord): TransitionDefinition[] => {
  const state = record[stateFieldOf(workflow)] as string;
  return workflow.transitions.filter((t) => (t.from.includes(state) || t.from.includes('*')) && (!t.availableWhen || evaluateCondition(t.availableWhen, record)));
};

const resolveSetValue = (value: SetValue, field: string, record: WorkflowRecord, now: Date): unknown => {
  if (value && typeof value === 'object') {
    if ('$now' in value) return now.toISOString();
    if ('$increment' in value) return (Number(record[field]) || 0) + value.$increment;
  }
  return value;
};

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const invalid = (errors: FieldError[]): TransitionRefusal => ({
  ok: false,
  status: 400,
  code: 'invalid-input',
  message: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
  errors,
});

/**
 * Decides what an action does to a record, without touching any storage: which transition applies
 * from the current state, whether the input is complete, which state follows, and which fields change.
 */
export const planTransition = (request: TransitionRequest): TransitionPlan | TransitionRefusal => {
  const { workflow, record, actionId, actor, now } = request;
  const data = request.data ?? {};
  const note = request.note?.trim() ? request.note.trim() : null;
  const from = record[stateFieldOf(workflow)] as string;

  const candidates = workflow.transitions.filter((t) => t.id === actionId);
  if (candidates.length === 0) {
    return { ok: false, status: 404, code: 'unknown-action', message: `The ${workflow.id} workflow has no action "${actionId}"` };
  }
  const transition = candidates.find((t) => t.from.includes(from) || t.from.includes('*'));
  if (!transition) {
    const allowed = [...new Set(candidates.flatMap((t) => t.from))].join(', ');
    return { ok: false, status: 409, code: 'illegal-state', message: `"${actionId}" is not possible in state "${from}" (only from: ${allowed})` };
  }
  if (transition.availableWhen && !evaluateCondition(transition.availableWhen, record)) {
    return { ok: false, status: 409, code: 'not-available', message: `"${actionId}" does not apply to this ${workflow.id}` };
  }

  const accepted = new Set([...(transition.fields ?? []), ...(transition.requiredFields ?? [])]);
  const unknown = Object.keys(data).filter((key) => !accepted.has(key));
  if (unknown.length) {
    return invalid(unknown.map((key) => ({ path: `data.${key}`, message: `"${actionId}" does not accept this field` })));
  }

  const merged: WorkflowRecord = { ...record, ...data };
  const errors: FieldError[] = [];
  for (const field of transition.requiredFields ?? []) {
    if (!hasValue(merged[field])) errors.push({ path: `data.${field}`, message: 'is required' });
  }
  if (transition.noteRequired && !note) errors.push({ path: 'note', message: 'is required' });
  for (const requirement of transition.requires ?? []) {
    if (!evaluateCondition(requirement.condition, merged)) errors.push({ path: `data.${requirement.field}`, message: requirement.message });
  }
  if (errors.length) return invalid(errors);

  const changes: Record<string, unknown> = { ...data };
  let to = transition.to ?? from;

  if (transition.approval) {
    const { field, departments, decision } = transition.approval;
    const previous = (Array.isArray(record[field]) ? record[field] : []) as ApprovalEntry[];
    const decided = new Set(previous.map((a) => a.departmentCode));
    const mine = departments.filter((d) => actor.headOf.includes(d));
    if (mine.length === 0) {
      return { ok: false, status: 403, code: 'not-an-approver', message: `Only the heads of ${departments.join(', ')} decide on this` };
    }
    const open = mine.filter((d) => !decided.has(d));
    if (open.length === 0) {
      return { ok: false, status: 409, code: 'already-decided', message: `${mine.join(', ')} has already decided on this` };
    }
    const entries: ApprovalEntry[] = open.map((departmentCode) => ({
      departmentCode,
      approverId: typeof actor.id === 'number' ? actor.id : null,
      approverName: actor.name,
      decision,
      decidedAt: now.toISOString(),
      comment: note,
    }));
    if (decision === 'rejected') {
      changes[field] = [];
    } else {
      const all = [...previous, ...entries];
      changes[field] = all;
      const approved = new Set(all.filter((a) => a.decision === 'approved').map((a) => a.departmentCode));
      if (!departments.every((d) => approved.has(d))) to = from;
    }
  }

  let set = transition.set ?? {};
  if (transition.branches) {
    const branch = transition.branches.find((b) => !b.when || evaluateCondition(b.when, merged));
    if (!branch) {
      return invalid([{ path: 'data', message: `no outcome of "${actionId}" matches this input` }]);
    }
    to = branch.to;
    set = { ...set, ...(branch.set ?? {}) };
  }
  for (const [field, value] of Object.entries(set)) {
    changes[field] = resolveSetValue(value, field, record, now);
  }

  const changedFields = Object.keys(changes).filter((field) => !sameValue(changes[field], record[field]));
  if (to !== from) changedFields.unshift(stateFieldOf(workflow));
  return { ok: true, transition, from, to, changes, changedFields };
};
