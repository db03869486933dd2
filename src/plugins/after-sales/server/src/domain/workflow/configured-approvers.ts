import type { WorkflowDefinition } from './types';

/** A saved list of department codes: non-empty, every entry a non-empty text. */
const isDepartmentList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((code) => typeof code === 'string' && code.trim() !== '');

/**
 * The workflow as its approvals apply now: an approval naming a setting (`departmentsSetting`)
 * takes the department codes saved there; without a usable value it keeps its `departments`.
 * Returns the definition itself when nothing changes.
 */
export const withConfiguredApprovers = (workflow: WorkflowDefinition, settings: Record<string, unknown>): WorkflowDefinition => {
  let changed = false;
  const transitions = workflow.transitions.map((transition) => {
    const key = transition.approval?.departmentsSetting;
    if (!key || !isDepartmentList(settings[key])) return transition;
    changed = true;
    return { ...transition, approval: { ...transition.approval!, departments: [...new Set((settings[key] as string[]).map((code) => code.trim()))] } };
  });
  return changed ? { ...workflow, transitions } : workflow;
};

/** The approvals that name a setting, for the manifest check (the setting must be declared as a list). */
export const approvalSettingsOf = (workflow: WorkflowDefinition): { transition: number; key: string }[] =>
  workflow.transitions.flatMap((t, i) => (t.approval?.departmentsSetting ? [{ transition: i, key: t.approval.departmentsSetting }] : []));
