import type { Condition, WorkflowDefinition } from './types';

export interface DefinitionError {
  path: string;
  message: string;
}

const OPERATORS = ['eq', 'ne', 'in', 'nin', 'lt', 'lte', 'gt', 'gte', 'exists'];

/** The shape of a condition: exactly one of field / all / any / not, recursively. */
const conditionProblem = (condition: unknown): string | null => {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return 'a condition must be an object';
  const c = condition as Record<string, unknown>;
  const kinds = ['field', 'all', 'any', 'not'].filter((k) => k in c);
  if (kinds.length === 0) return 'a condition names no field';
  if (kinds.length > 1) return 'a condition needs exactly one of "field", "all", "any" or "not"';
  if ('all' in c || 'any' in c) {
    const list = c.all ?? c.any;
    if (!Array.isArray(list) || list.length === 0) return `"${kinds[0]}" must be a non-empty list of conditions`;
    for (const item of list) {
      const problem = conditionProblem(item);
      if (problem) return problem;
    }
    return null;
  }
  if ('not' in c) return conditionProblem(c.not);
  if (typeof c.field !== 'string' || !c.field) return 'a condition names no field';
  const unknown = Object.keys(c).filter((k) => k !== 'field' && !OPERATORS.includes(k));
  if (unknown.length) return `unknown operator "${unknown[0]}"`;
  if ((c.in !== undefined && !Array.isArray(c.in)) || (c.nin !== undefined && !Array.isArray(c.nin))) return '"in" and "nin" take a list';
  return null;
};

/**
 * Checks what a JSON schema cannot: every state a transition names exists, action ids are
 * unambiguous per state, the initial state exists. `path` is relative to the workflow.
 */
export const validateWorkflowDefinition = (workflow: WorkflowDefinition): DefinitionError[] => {
  const errors: DefinitionError[] = [];
  const states = new Set<string>();
  workflow.states.forEach((state, i) => {
    if (states.has(state.id)) errors.push({ path: `states[${i}].id`, message: `duplicate state "${state.id}"` });
    states.add(state.id);
  });
  if (!states.has(workflow.initialState)) {
    errors.push({ path: 'initialState', message: `unknown state "${workflow.initialState}"` });
  }
  const seen = new Map<string, string>();
  const wildcard = new Map<string, string>();
  workflow.transitions.forEach((transition, i) => {
    if (transition.from.includes('*')) wildcard.set(transition.id, `transitions[${i}]`);
  });
  workflow.transitions.forEach((transition, i) => {
    const other = wildcard.get(transition.id);
    if (other && other !== `transitions[${i}]`) {
      errors.push({ path: `transitions[${i}].from`, message: `action "${transition.id}" is already defined from every state ("*") by ${other}` });
    }
    const at = `transitions[${i}]`;
    transition.from.forEach((state, j) => {
      if (state !== '*' && !states.has(state)) errors.push({ path: `${at}.from[${j}]`, message: `unknown state "${state}"` });
      const key = `${transition.id}@${state}`;
      if (seen.has(key)) errors.push({ path: `${at}.from[${j}]`, message: `action "${transition.id}" is already defined from "${state}" by ${seen.get(key)}` });
      seen.set(key, at);
    });
    if (transition.to !== undefined && !states.has(transition.to)) errors.push({ path: `${at}.to`, message: `unknown state "${transition.to}"` });
    if (transition.to === undefined && !transition.branches && !transition.approval) {
      errors.push({ path: `${at}.to`, message: 'a transition needs "to" or "branches"' });
    }
    transition.branches?.forEach((branch, j) => {
      if (!states.has(branch.to)) errors.push({ path: `${at}.branches[${j}].to`, message: `unknown state "${branch.to}"` });
    });
    const conditions: [string, Condition][] = [
      ...(transition.availableWhen ? ([[`${at}.availableWhen`, transition.availableWhen]] as [string, Condition][]) : []),
      ...(transition.requires ?? []).map((r, j): [string, Condition] => [`${at}.requires[${j}].condition`, r.condition]),
      ...(transition.branches ?? []).filter((b) => b.when !== undefined).map((b, j): [string, Condition] => [`${at}.branches[${j}].when`, b.when!]),
    ];
    for (const [path, condition] of conditions) {
      const problem = conditionProblem(condition);
      if (problem) errors.push({ path, message: problem });
    }
  });
  return errors;
};
