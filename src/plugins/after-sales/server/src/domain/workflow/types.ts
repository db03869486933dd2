/**
 * Workflow definitions are data, contributed by extensions (contribution point `workflows`).
 * One engine runs them all: feedback, complaints, service records, improvement records…
 */

export type LocalizedText = string | { en: string; 'zh-Hans'?: string };

/** A declarative test against a record (and the action's input merged over it). */
export type Condition =
  | {
      field: string;
      eq?: unknown;
      ne?: unknown;
      in?: unknown[];
      nin?: unknown[];
      lt?: number;
      lte?: number;
      gt?: number;
      gte?: number;
      exists?: boolean;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** An extra rule an action must satisfy; `field` names what the user must fix. */
export interface Requirement {
  condition: Condition;
  field: string;
  message: string;
}

/** What an action writes by itself: a literal, the current time, or an increment. */
export type SetValue = string | number | boolean | null | { $now: true } | { $increment: number };

export interface TransitionBranch {
  when?: Condition;
  to: string;
  set?: Record<string, SetValue>;
}

/** Several department heads must each approve; one rejection sends the item back. */
export interface ApprovalRule {
  field: string;
  departments: string[];
  /**
   * A setting of the extension that contributes the workflow (its `contributes.configuration`), a
   * list of department codes: when it holds one, that list decides instead of `departments`, which
   * stays the default (the admin chooses who approves a serious complaint's plan).
   */
  departmentsSetting?: string;
  decision: 'approved' | 'rejected';
}

export interface TransitionDefinition {
  /** The action's id, e.g. `acknowledge`. Several transitions may share one id when their `from` states differ. */
  id: string;
  title: LocalizedText;
  from: string[];
  to?: string;
  branches?: TransitionBranch[];
  /** Fields the caller may send in `data`. */
  fields?: string[];
  /** Fields that must hold a value once the action is applied (sent now or already on the record). */
  requiredFields?: string[];
  requires?: Requirement[];
  /** The action is offered only for records matching this (e.g. `approve-return` only for returns). */
  availableWhen?: Condition;
  set?: Record<string, SetValue>;
  noteRequired?: boolean;
  /**
   * A department relation of the record whose head is told when the action is taken (a minor
   * complaint's "record and notify the responsible department"); the notifications extension tells them.
   */
  notifyDepartment?: string;
  approval?: ApprovalRule;
  /** RBAC action suffix; defaults to `<workflow id>.<action id>`. */
  permission?: string;
}

export type StateCategory = 'new' | 'open' | 'paused' | 'done';

export interface StateDefinition {
  id: string;
  title: LocalizedText;
  category: StateCategory;
}

export interface WorkflowDefinition {
  /** Short id, unique across extensions: `feedback`, `complaint`, `service-record`. */
  id: string;
  title: LocalizedText;
  contentType: string;
  stateField?: string;
  initialState: string;
  states: StateDefinition[];
  transitions: TransitionDefinition[];
}

/** Who acts, as far as the rules care. */
export interface WorkflowActor {
  id: number | string | null;
  name: string;
  /** Department codes whose head this actor is. */
  headOf: string[];
}

export interface ApprovalEntry {
  departmentCode: string;
  approverId: number | null;
  approverName: string;
  decision: 'approved' | 'rejected';
  decidedAt: string;
  comment: string | null;
}

export type WorkflowRecord = Record<string, unknown>;

export const stateFieldOf = (workflow: WorkflowDefinition) => workflow.stateField ?? 'state';
export const permissionOf = (workflow: WorkflowDefinition, transition: TransitionDefinition) => transition.permission ?? `${workflow.id}.${transition.id}`;
