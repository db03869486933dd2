/**
 * Merging duplicate cases (a bulk action of the work queues): which selected items may merge into the
 * surviving case (the target) and why the others are refused. Pure: the caller reads the items, the
 * target and the workflows, runs each planned step through the workflow engine and moves the item's
 * conversation, links and tags in one transaction per item.
 */
import type { FieldProblem } from './views';

/** The workflow action that closes an item as a duplicate of another (`mark-duplicate` of the feedback, complaint and service-record workflows). */
export const MERGE_ACTION = 'mark-duplicate';
/** The field of that action naming the original by its reference. */
export const DUPLICATE_OF_FIELD = 'duplicateOf';

/** What the planner needs of a workflow. */
export interface MergeWorkflowLike {
  id: string;
  states: { id: string; category: string }[];
  transitions: { id: string; from: string[]; to?: string; fields?: string[]; requiredFields?: string[] }[];
}

/** The action that marks an item of this workflow a duplicate: its id, the states it starts from, where it leads, and whether it takes the original's reference. */
export interface MergeAction {
  id: string;
  from: string[];
  to: string;
  takesReference: boolean;
}

/** The workflow's duplicate-closing action (`mark-duplicate` leading to one state), or null when it has none. */
export const mergeActionOf = (workflow: MergeWorkflowLike | null | undefined): MergeAction | null => {
  const transitions = (workflow?.transitions ?? []).filter((t) => t.id === MERGE_ACTION && t.to);
  if (!transitions.length) return null;
  const to = transitions[0].to!;
  if (transitions.some((t) => t.to !== to)) return null;
  return {
    id: MERGE_ACTION,
    from: [...new Set(transitions.flatMap((t) => t.from))],
    to,
    takesReference: transitions.some((t) => [...(t.fields ?? []), ...(t.requiredFields ?? [])].includes(DUPLICATE_OF_FIELD)),
  };
};

/** An item of the selection (or the target) as read. */
export interface MergeItem {
  contentType: string;
  documentId: string;
  reference: string | null;
  state: string;
  /** The customer's document id, when the kind has a customer and the item one. */
  customer?: string | null;
}

export type MergeStep = { ok: true; item: MergeItem; action: string; data: Record<string, unknown>; note: string } | { ok: false; item: MergeItem; status: number; code: string; message: string };

/** The target as a request names it: one of the selection (content type and document id) or a reference. */
export type MergeTargetInput = { contentType: string; documentId: string } | { reference: string };

const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const REFERENCE = /^[A-Za-z0-9-]{1,32}$/;

/** Reads `target`: `{ contentType, documentId }` or `{ reference }`; problems name the field. */
export const parseMergeTarget = (value: unknown): { ok: true; value: MergeTargetInput } | { ok: false; problems: FieldProblem[] } => {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, problems: [{ path: ['target'], message: 'must name the surviving case: { contentType, documentId } or { reference }' }] };
  const input = value as Record<string, unknown>;
  if (input.reference !== undefined) {
    if (typeof input.reference !== 'string' || !REFERENCE.test(input.reference.trim())) return { ok: false, problems: [{ path: ['target', 'reference'], message: 'must be a case reference' }] };
    return { ok: true, value: { reference: input.reference.trim() } };
  }
  const problems: FieldProblem[] = [];
  if (typeof input.contentType !== 'string' || !input.contentType.includes('::')) problems.push({ path: ['target', 'contentType'], message: 'must be the content type of the surviving case' });
  if (typeof input.documentId !== 'string' || !DOCUMENT_ID.test(input.documentId)) problems.push({ path: ['target', 'documentId'], message: 'must be a document id' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { contentType: input.contentType as string, documentId: input.documentId as string } };
};

/** Why the target cannot survive a merge (it is itself closed as a duplicate), or null. */
export const targetProblem = (target: MergeItem, workflow: MergeWorkflowLike | null): string | null => {
  const action = mergeActionOf(workflow);
  if (action && target.state === action.to) return `${target.reference ?? target.documentId} is itself marked as a duplicate: merge into its original instead`;
  return null;
};

/**
 * The plan for each selected item other than the target (the target itself, when selected, is left out):
 * refused when of another kind than the target (409 `different-kind`), of another customer (409
 * `different-customer`: its conversation would show on the target's tracking page), of a kind whose workflow has no
 * duplicate-closing action (409 `no-merge-action`), already closed (409 `closed`: its state's category is
 * `done`), or in a state the action does not start from (409 `illegal-state`); otherwise the action to run
 * with the original's reference and a note naming it. `kindName` names a kind (its id) in messages.
 */
export const planMerge = (input: { target: MergeItem; items: MergeItem[]; workflowOf: (contentType: string) => MergeWorkflowLike | null; kindName: (contentType: string) => string }): MergeStep[] => {
  const { target } = input;
  const targetName = target.reference ?? target.documentId;
  const steps: MergeStep[] = [];
  for (const item of input.items) {
    if (item.contentType === target.contentType && item.documentId === target.documentId) continue;
    const name = item.reference ?? item.documentId;
    const refuse = (code: string, message: string) => steps.push({ ok: false, item, status: 409, code, message });
    if (item.contentType !== target.contentType) {
      refuse('different-kind', `${name} is of kind "${input.kindName(item.contentType)}", ${targetName} of kind "${input.kindName(target.contentType)}": only cases of the same kind merge`);
      continue;
    }
    if (target.customer && item.customer && target.customer !== item.customer) {
      refuse('different-customer', `${name} is another customer's case than ${targetName}: only cases of the same customer merge (the conversation would show on the other customer's case)`);
      continue;
    }
    const workflow = input.workflowOf(item.contentType);
    const action = mergeActionOf(workflow);
    if (!action) {
      refuse('no-merge-action', `${name} cannot be merged: the workflow of kind "${input.kindName(item.contentType)}" has no "${MERGE_ACTION}" action to close it as a duplicate`);
      continue;
    }
    const category = workflow!.states.find((s) => s.id === item.state)?.category;
    if (category === 'done') {
      refuse('closed', `${name} is already closed (state "${item.state}"): only open cases can be merged`);
      continue;
    }
    if (!action.from.includes(item.state)) {
      refuse('illegal-state', `${name} cannot be marked as a duplicate in state "${item.state}" (only in ${action.from.join(', ')})`);
      continue;
    }
    steps.push({
      ok: true,
      item,
      action: action.id,
      data: action.takesReference && target.reference ? { [DUPLICATE_OF_FIELD]: target.reference } : {},
      note: `${name} → ${targetName}`,
    });
  }
  return steps;
};

/** What a moved conversation entry keeps of where it came from (its `meta`, merged with what it held). */
export const movedEntryMeta = (meta: string | null, from: { contentType: string; documentId: string; reference: string | null }, at: string): string => {
  let held: Record<string, unknown> = {};
  try {
    const parsed = meta ? JSON.parse(meta) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) held = parsed;
  } catch {
    held = {};
  }
  return JSON.stringify({ ...held, mergedFrom: { contentType: from.contentType, documentId: from.documentId, reference: from.reference, at } });
};

/** What a merge handed to the surviving case: conversation entries (with the replies' outbox messages), links of other cases, tags. */
export interface MergeMoved {
  entries: number;
  links: number;
  tags: number;
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The audit note of a merge on both cases: who went into whom and what moved (`FB-2 → FB-1: moved 3 entries, 1 link, 0 tags`). */
export const mergeNote = (from: string, to: string, moved: MergeMoved): string =>
  `${from} → ${to}: moved ${counted(moved.entries, 'entry', 'entries')}, ${counted(moved.links, 'link', 'links')}, ${counted(moved.tags, 'tag', 'tags')}`;
