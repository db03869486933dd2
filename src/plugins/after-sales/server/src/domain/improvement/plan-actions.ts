/**
 * The improvement plan (改进方案实施表, 004 二(三)): short-term and long-term actions, each with an
 * owner, a due date and the resources it needs. An open action past its due date is overdue
 * (shown and escalated once).
 */

export const ACTION_TERMS = ['short', 'long'] as const;
export type ActionTerm = (typeof ACTION_TERMS)[number];

export interface PlanActionInput {
  term: ActionTerm;
  action: string;
  ownerId: number;
  dueDate: string;
  resources: string | null;
}

export interface PlanAction extends PlanActionInput {
  id: number;
  doneAt: string | null;
  escalatedAt: string | null;
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const MAX_ACTIONS = 50;

/**
 * Checks a whole plan (`actions: [...]`), naming each bad field (`actions.2.dueDate`). Due dates
 * before `today` (YYYY-MM-DD in the business time zone) are refused for new actions.
 */
export const parsePlanActions = (body: unknown, today: string): { ok: true; actions: (PlanActionInput & { id?: number; done?: boolean })[] } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(input)
    .filter((k) => k !== 'actions')
    .map((k) => ({ path: [k], message: 'is not a known field' }));
  if (!Array.isArray(input.actions) || input.actions.length > MAX_ACTIONS) {
    problems.push({ path: ['actions'], message: `must be a list of at most ${MAX_ACTIONS} actions { term, action, ownerId, dueDate, resources? }` });
    return { ok: false, problems };
  }
  const actions: (PlanActionInput & { id?: number; done?: boolean })[] = [];
  input.actions.forEach((raw, i) => {
    const a = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const at = (field: string, message: string) => problems.push({ path: ['actions', i, field], message });
    const before = problems.length;
    for (const key of Object.keys(a)) if (!['id', 'term', 'action', 'ownerId', 'dueDate', 'resources', 'done'].includes(key)) at(key, 'is not a known field');
    if (!ACTION_TERMS.includes(a.term as ActionTerm)) at('term', 'must be short or long');
    if (typeof a.action !== 'string' || !a.action.trim() || a.action.length > 2000) at('action', 'is required (at most 2000 characters)');
    if (!Number.isInteger(a.ownerId) || (a.ownerId as number) <= 0) at('ownerId', 'must be the id of an admin user');
    if (typeof a.dueDate !== 'string' || !validDate(a.dueDate)) at('dueDate', 'must be a date YYYY-MM-DD');
    else if (a.id === undefined && a.dueDate < today) at('dueDate', `must not be before today (${today})`);
    if (a.resources !== undefined && a.resources !== null && (typeof a.resources !== 'string' || a.resources.length > 2000)) at('resources', 'must be text (at most 2000 characters)');
    if (a.id !== undefined && (!Number.isInteger(a.id) || (a.id as number) <= 0)) at('id', 'must be the id of an action of this plan');
    if (a.done !== undefined && typeof a.done !== 'boolean') at('done', 'must be true or false');
    if (problems.length > before) return;
    actions.push({
      ...(a.id !== undefined ? { id: a.id as number } : {}),
      ...(a.done !== undefined ? { done: a.done as boolean } : {}),
      term: a.term as ActionTerm,
      action: (a.action as string).trim(),
      ownerId: a.ownerId as number,
      dueDate: a.dueDate as string,
      resources: typeof a.resources === 'string' && a.resources.trim() ? a.resources.trim() : null,
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, actions };
};

/** An open action whose due date has passed (`today` in the business time zone). */
export const isOverdue = (action: Pick<PlanAction, 'dueDate' | 'doneAt'>, today: string) => !action.doneAt && action.dueDate < today;

/** The overdue actions not escalated yet: the sweep escalates each once. */
export const actionsToEscalate = <T extends Pick<PlanAction, 'dueDate' | 'doneAt' | 'escalatedAt'>>(actions: readonly T[], today: string) =>
  actions.filter((a) => isOverdue(a, today) && !a.escalatedAt);

/** What a plan still lacks before it is proposed: at least one short-term and one long-term action. */
export const planGaps = (actions: readonly Pick<PlanAction, 'term'>[]): FieldProblem[] =>
  ACTION_TERMS.filter((term) => !actions.some((a) => a.term === term)).map((term) => ({
    path: ['actions'],
    message: term === 'short' ? 'needs a short-term action (e.g. a patch or part replacement)' : 'needs a long-term action (e.g. a design or supply-chain change)',
  }));
