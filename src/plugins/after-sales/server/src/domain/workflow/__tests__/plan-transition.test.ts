import { availableTransitions, planTransition, type TransitionPlan, type TransitionRefusal, type TransitionRequest } from '../plan-transition';
import type { ApprovalEntry, TransitionDefinition, WorkflowActor, WorkflowDefinition, WorkflowRecord } from '../types';
import feedbackPackage from '../../../extensions/feedback-workflow/package.json';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';
import serviceRecordPackage from '../../../extensions/service-record-workflow/package.json';

const feedback = feedbackPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition;
const complaint = complaintPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition;
const serviceRecord = serviceRecordPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition;

const NOW = new Date('2026-03-04T05:06:07.890Z');
const NOW_ISO = '2026-03-04T05:06:07.890Z';

const agent: WorkflowActor = { id: 7, name: 'Li Lei', headOf: [] };
const head = (name: string, ...departments: string[]): WorkflowActor => ({ id: name.length, name, headOf: departments });

type Request = Partial<TransitionRequest> & Pick<TransitionRequest, 'workflow' | 'record' | 'actionId'>;
const plan = (request: Request) => planTransition({ actor: agent, now: NOW, ...request });

/** Asserts a successful plan and returns it typed. */
const ok = (result: TransitionPlan | TransitionRefusal): TransitionPlan => {
  if (!result.ok) throw new Error(`expected a plan, got ${result.status} ${result.code}: ${result.message}`);
  return result;
};

/** Asserts a refusal and returns it typed. */
const refused = (result: TransitionPlan | TransitionRefusal): TransitionRefusal => {
  if (result.ok) throw new Error(`expected a refusal, got a plan ${result.from} → ${result.to}`);
  return result;
};

/** What the service would do with a plan: write the changes and the new state. */
const apply = (workflow: WorkflowDefinition, record: WorkflowRecord, p: TransitionPlan): WorkflowRecord => ({
  ...record,
  ...p.changes,
  [workflow.stateField ?? 'state']: p.to,
});

const stateIds = (workflow: WorkflowDefinition) => workflow.states.map((s) => s.id);

/** The short paths of simple cases (README, Workflows → Short paths). */
const SHORT_PATHS = ['answer-and-close', 'thank-and-close', 'collect-suggestion', 'accept-suggestion', 'decline-suggestion'];
/** Actions that record what the manual's clocks wait for, without changing the state. */
const CLOCK_ACTIONS = ['judge', 'record-root-cause', 'log-callback'];

describe('planTransition: the feedback workflow', () => {
  /** Input that makes each action succeed from any of its from-states (record empty apart from the state). */
  const validInput: Record<string, { data?: Record<string, unknown>; note?: string }> = {
    acknowledge: {},
    triage: { data: { type: 'quality', severity: 'general', department: 'technical', assignee: 3 } },
    start: {},
    wait: { note: 'waiting for the spare part' },
    resume: {},
    resolve: { data: { resolutionSummary: 'Replaced the fan' } },
    'start-callback': {},
    'record-satisfaction': { data: { satisfactionScore: 5 } },
    close: { note: 'customer unreachable' },
    reopen: { note: 'it broke again' },
    'mark-duplicate': { data: { duplicateOf: 'FB-1' } },
    reject: { data: { rejectionReason: 'not our product' } },
  };

  /** The table of the feedback workflow, as the product describes it. */
  const expected: Record<string, { from: string[]; to: string; required: string[]; noteRequired?: boolean }> = {
    acknowledge: { from: ['received'], to: 'acknowledged', required: [] },
    triage: { from: ['acknowledged'], to: 'triaged', required: ['type', 'severity', 'department', 'assignee'] },
    start: { from: ['triaged'], to: 'in-progress', required: [] },
    wait: { from: ['in-progress'], to: 'waiting', required: [], noteRequired: true },
    resume: { from: ['waiting'], to: 'in-progress', required: [] },
    resolve: { from: ['in-progress'], to: 'resolved', required: ['resolutionSummary'] },
    'start-callback': { from: ['resolved'], to: 'callback', required: [] },
    'record-satisfaction': { from: ['callback', 'closed'], to: 'closed', required: ['satisfactionScore'] },
    close: { from: ['callback'], to: 'closed', required: [], noteRequired: true },
    reopen: { from: ['resolved', 'callback', 'closed'], to: 'in-progress', required: [], noteRequired: true },
    'mark-duplicate': { from: ['received', 'acknowledged', 'triaged'], to: 'duplicate', required: ['duplicateOf'] },
    reject: { from: ['received', 'acknowledged', 'triaged'], to: 'rejected', required: ['rejectionReason'] },
  };

  it('defines exactly the expected actions', () => {
    expect(feedback.transitions.map((t) => t.id).sort()).toEqual([...Object.keys(expected), 'add-note', ...SHORT_PATHS, ...CLOCK_ACTIONS].sort());
  });

  it('short paths: a usage question is answered and closed, praise thanked, a suggestion collected, in one action', () => {
    const answered = ok(plan({ workflow: feedback, record: { state: 'received', type: 'usage-question' }, actionId: 'answer-and-close', data: { resolutionSummary: '见说明书第 5 页' } }));
    expect(answered.to).toBe('closed');
    expect(Object.keys(answered.changes)).toEqual(expect.arrayContaining(['acknowledgedAt', 'resolvedAt', 'closedAt']));
    // Already acknowledged: the acknowledgement time is kept.
    const later = ok(
      plan({ workflow: feedback, record: { state: 'triaged', type: 'usage-question', acknowledgedAt: '2026-01-01T00:00:00.000Z' }, actionId: 'answer-and-close', data: { resolutionSummary: 'x' } })
    );
    expect(later.changes).not.toHaveProperty('acknowledgedAt');
    expect(plan({ workflow: feedback, record: { state: 'received', type: 'usage-question' }, actionId: 'answer-and-close' })).toMatchObject({ ok: false });
    expect(plan({ workflow: feedback, record: { state: 'received', type: 'quality' }, actionId: 'answer-and-close', data: { resolutionSummary: 'x' } })).toMatchObject({ ok: false });
    expect(ok(plan({ workflow: feedback, record: { state: 'acknowledged', type: 'praise' }, actionId: 'thank-and-close' })).to).toBe('closed');
    expect(ok(plan({ workflow: feedback, record: { state: 'received', type: 'suggestion' }, actionId: 'collect-suggestion' })).to).toBe('backlog');
    expect(feedback.states.find((s) => s.id === 'backlog')?.category).toBe('done');
    expect(ok(plan({ workflow: feedback, record: { state: 'backlog' }, actionId: 'accept-suggestion', note: '列入规划' })).to).toBe('suggestion-accepted');
    expect(plan({ workflow: feedback, record: { state: 'backlog' }, actionId: 'decline-suggestion' })).toMatchObject({ ok: false });
  });

  it('add-note: from every state, keeps the state, needs a note (the case owner follows a handed-off case)', () => {
    for (const state of stateIds(feedback)) {
      const p = ok(plan({ workflow: feedback, record: { state }, actionId: 'add-note', note: '客户来电询问进度' }));
      expect([state, p.to, p.changedFields]).toEqual([state, state, []]);
      const r = refused(plan({ workflow: feedback, record: { state }, actionId: 'add-note' }));
      expect(r.status).toBe(400);
    }
  });

  it('record-satisfaction: not on a closed item that has a score; still on one closed without a score (a late survey answer)', () => {
    const scored = refused(plan({ workflow: feedback, record: { state: 'closed', satisfactionScore: 5 }, actionId: 'record-satisfaction', data: { satisfactionScore: 4 } }));
    expect(scored.code).toBe('not-available');
    expect(ok(plan({ workflow: feedback, record: { state: 'closed', satisfactionScore: null }, actionId: 'record-satisfaction', data: { satisfactionScore: 4 } })).to).toBe('closed');
    expect(availableTransitions(feedback, { state: 'closed', satisfactionScore: 5 }).map((t) => t.id)).toEqual(['reopen', 'add-note']);
  });

  const cases = Object.entries(expected).flatMap(([actionId, spec]) => stateIds(feedback).map((state) => [actionId, state, spec.from.includes(state)] as const));

  it.each(cases)('%s from %s (allowed: %s)', (actionId, state, allowed) => {
    const result = plan({ workflow: feedback, record: { state }, actionId, ...validInput[actionId] });
    if (allowed) {
      const p = ok(result);
      expect(p.from).toBe(state);
      expect(p.to).toBe(expected[actionId].to);
      expect(p.transition.id).toBe(actionId);
    } else {
      const r = refused(result);
      expect(r).toMatchObject({ ok: false, status: 409, code: 'illegal-state' });
      expect(r.message).toContain(`"${actionId}"`);
      expect(r.message).toContain(`"${state}"`);
      expect(r.message).toContain(`only from: ${expected[actionId].from.join(', ')}`);
    }
  });

  describe.each(Object.entries(expected).filter(([, spec]) => spec.required.length > 0))('%s requires its fields', (actionId, spec) => {
    it.each(spec.required)('refuses without %s with a 400 naming data.<field>', (field) => {
      const data = { ...validInput[actionId].data };
      delete data[field];
      const r = refused(plan({ workflow: feedback, record: { state: spec.from[0] }, actionId, data, note: validInput[actionId].note }));
      expect(r).toMatchObject({ status: 400, code: 'invalid-input' });
      if (r.status !== 400) throw new Error('unreachable');
      expect(r.errors).toContainEqual({ path: `data.${field}`, message: 'is required' });
      expect(r.message).toContain(`data.${field}: is required`);
    });

    it.each(spec.required)('treats an empty string, whitespace, null or empty list for %s as missing', (field) => {
      for (const empty of ['', '   ', null, []]) {
        const data = { ...validInput[actionId].data, [field]: empty };
        const r = refused(plan({ workflow: feedback, record: { state: spec.from[0] }, actionId, data, note: validInput[actionId].note }));
        expect(r.status).toBe(400);
      }
    });

    it('accepts the required values already on the record instead of in data', () => {
      const record = { state: spec.from[0], ...validInput[actionId].data };
      const p = ok(plan({ workflow: feedback, record, actionId, note: validInput[actionId].note }));
      expect(p.to).toBe(spec.to);
    });

    it('lists every missing field at once', () => {
      const r = refused(plan({ workflow: feedback, record: { state: spec.from[0] }, actionId, note: validInput[actionId].note }));
      if (r.status !== 400) throw new Error(`expected 400, got ${r.status}`);
      expect(r.errors.filter((e) => e.message === 'is required').map((e) => e.path)).toEqual(spec.required.map((f) => `data.${f}`));
    });
  });

  describe.each(Object.entries(expected).filter(([, spec]) => spec.noteRequired))('%s requires a note', (actionId, spec) => {
    it.each([undefined, null, '', '   \n\t'])('refuses a missing or blank note (case %#) with a 400 on "note"', (note) => {
      const r = refused(plan({ workflow: feedback, record: { state: spec.from[0] }, actionId, data: validInput[actionId].data, note }));
      expect(r).toMatchObject({ status: 400, code: 'invalid-input', errors: [{ path: 'note', message: 'is required' }] });
      expect(r.message).toBe('note: is required');
    });
  });

  it('does not require a note where the definition does not ask for one', () => {
    for (const [actionId, spec] of Object.entries(expected).filter(([, s]) => !s.noteRequired)) {
      ok(plan({ workflow: feedback, record: { state: spec.from[0] }, actionId, data: validInput[actionId].data }));
    }
  });

  it('refuses an unknown action with a 404, whatever the state', () => {
    for (const state of [...stateIds(feedback), 'nonsense', undefined]) {
      const r = refused(plan({ workflow: feedback, record: { state }, actionId: 'teleport' }));
      expect(r).toEqual({ ok: false, status: 404, code: 'unknown-action', message: 'The feedback workflow has no action "teleport"' });
    }
  });

  it('checks the action before the state: an unknown action in an unknown state is a 404', () => {
    expect(refused(plan({ workflow: feedback, record: {}, actionId: 'nope' })).status).toBe(404);
  });

  it('refuses a known action from an unknown or missing state with a 409', () => {
    expect(refused(plan({ workflow: feedback, record: { state: 'limbo' }, actionId: 'acknowledge' })).status).toBe(409);
    expect(refused(plan({ workflow: feedback, record: {}, actionId: 'acknowledge' })).status).toBe(409);
  });

  it('refuses fields the action does not accept with a 400 naming data.<field>', () => {
    const r = refused(plan({ workflow: feedback, record: { state: 'received' }, actionId: 'acknowledge', data: { state: 'closed', secret: 1 } }));
    expect(r).toMatchObject({
      status: 400,
      code: 'invalid-input',
      errors: [
        { path: 'data.state', message: '"acknowledge" does not accept this field' },
        { path: 'data.secret', message: '"acknowledge" does not accept this field' },
      ],
    });
    expect(r.message).toBe('data.state: "acknowledge" does not accept this field; data.secret: "acknowledge" does not accept this field');
  });

  it('reports unknown fields before missing ones', () => {
    const r = refused(plan({ workflow: feedback, record: { state: 'in-progress' }, actionId: 'resolve', data: { bogus: true } }));
    if (r.status !== 400) throw new Error('expected 400');
    expect(r.errors).toEqual([{ path: 'data.bogus', message: '"resolve" does not accept this field' }]);
  });

  it('accepts both optional and required fields of triage, and returns them as changes', () => {
    const data = { ...validInput.triage.data, isKnownIssue: true, needsRnd: false, knowledgeArticle: 'KB-1', product: 4, batch: 'B-7' };
    const p = ok(plan({ workflow: feedback, record: { state: 'acknowledged' }, actionId: 'triage', data }));
    expect(p.changes).toEqual(data);
    expect(p.changedFields).toEqual(['state', 'type', 'severity', 'department', 'assignee', 'isKnownIssue', 'needsRnd', 'knowledgeArticle', 'product', 'batch']);
  });

  it('acknowledge stamps acknowledgedAt with the current time ($now)', () => {
    const p = ok(plan({ workflow: feedback, record: { state: 'received' }, actionId: 'acknowledge' }));
    expect(p.changes).toEqual({ acknowledgedAt: NOW_ISO });
    expect(p.changedFields).toEqual(['state', 'acknowledgedAt']);
  });

  it('resolve stamps resolvedAt and keeps the optional fields', () => {
    const p = ok(plan({ workflow: feedback, record: { state: 'in-progress' }, actionId: 'resolve', data: { resolutionSummary: 'done', rootCause: 'dust' } }));
    expect(p.changes).toEqual({ resolutionSummary: 'done', rootCause: 'dust', resolvedAt: NOW_ISO });
  });

  it('wait only changes the state (the note is not a field)', () => {
    const p = ok(plan({ workflow: feedback, record: { state: 'in-progress' }, actionId: 'wait', note: '  parts  ' }));
    expect(p.changes).toEqual({});
    expect(p.changedFields).toEqual(['state']);
  });

  it('mark-duplicate and reject close the feedback', () => {
    const dup = ok(plan({ workflow: feedback, record: { state: 'triaged' }, actionId: 'mark-duplicate', data: { duplicateOf: 'FB-9' } }));
    expect(dup.changes).toEqual({ duplicateOf: 'FB-9', closedAt: NOW_ISO });
    const rej = ok(plan({ workflow: feedback, record: { state: 'received' }, actionId: 'reject', data: { rejectionReason: 'spam' } }));
    expect(rej.changes).toEqual({ rejectionReason: 'spam', closedAt: NOW_ISO });
  });

  it('mark-duplicate closes an open complaint before its analysis, and a scheduled service record, naming the original', () => {
    for (const state of ['registered', 'recorded', 'verified']) {
      const dup = ok(plan({ workflow: complaint, record: { state }, actionId: 'mark-duplicate', data: { duplicateOf: 'CP-9' } }));
      expect([dup.to, dup.changes]).toEqual(['duplicate', { duplicateOf: 'CP-9', closedAt: NOW_ISO }]);
    }
    expect(plan({ workflow: complaint, record: { state: 'analysing' }, actionId: 'mark-duplicate', data: { duplicateOf: 'CP-9' } })).toMatchObject({ ok: false, code: 'illegal-state' });
    expect(plan({ workflow: complaint, record: { state: 'registered' }, actionId: 'mark-duplicate', data: {} })).toMatchObject({ ok: false });
    const sr = ok(plan({ workflow: serviceRecord, record: { state: 'scheduled' }, actionId: 'mark-duplicate', data: { duplicateOf: 'SR-9' } }));
    expect([sr.to, sr.changes]).toEqual(['duplicate', { duplicateOf: 'SR-9' }]);
    expect(plan({ workflow: serviceRecord, record: { state: 'in-progress' }, actionId: 'mark-duplicate', data: { duplicateOf: 'SR-9' } })).toMatchObject({ ok: false, code: 'illegal-state' });
    for (const workflow of [complaint, serviceRecord]) {
      expect(workflow.states.find((st) => st.id === 'duplicate')).toMatchObject({ category: 'done', title: { en: 'Duplicate', 'zh-Hans': '重复' } });
      expect(availableTransitions(workflow, { state: 'duplicate' }).map((t) => t.id)).toEqual(['add-note']);
    }
  });

  describe('reopen', () => {
    it('increments reopenCount and clears resolvedAt and closedAt', () => {
      const record = { state: 'closed', reopenCount: 2, resolvedAt: '2026-01-01T00:00:00.000Z', closedAt: '2026-01-02T00:00:00.000Z' };
      const p = ok(plan({ workflow: feedback, record, actionId: 'reopen', note: 'again' }));
      expect(p.to).toBe('in-progress');
      expect(p.changes).toEqual({ reopenCount: 3, resolvedAt: null, closedAt: null });
      expect(p.changedFields).toEqual(['state', 'reopenCount', 'resolvedAt', 'closedAt']);
    });

    it('starts counting from 0 when reopenCount is missing, null or not a number', () => {
      for (const reopenCount of [undefined, null, 'abc', '']) {
        const p = ok(plan({ workflow: feedback, record: { state: 'resolved', reopenCount }, actionId: 'reopen', note: 'x' }));
        expect(p.changes.reopenCount).toBe(1);
      }
    });

    it('reads a numeric string count as a number', () => {
      const p = ok(plan({ workflow: feedback, record: { state: 'callback', reopenCount: '4' }, actionId: 'reopen', note: 'x' }));
      expect(p.changes.reopenCount).toBe(5);
    });

    it('leaves already-empty dates out of changedFields', () => {
      const p = ok(plan({ workflow: feedback, record: { state: 'resolved', reopenCount: 0, resolvedAt: '2026-01-01T00:00:00.000Z' }, actionId: 'reopen', note: 'x' }));
      // closedAt was undefined on the record and becomes null: the same "no value".
      expect(p.changedFields).toEqual(['state', 'reopenCount', 'resolvedAt']);
    });
  });

  describe('record-satisfaction branches', () => {
    const callback = { state: 'callback', reopenCount: 1, resolvedAt: '2026-02-01T00:00:00.000Z', closedAt: null };

    it('a score of 3 reopens: in-progress, reopenCount + 1, dates cleared', () => {
      const p = ok(plan({ workflow: feedback, record: callback, actionId: 'record-satisfaction', data: { satisfactionScore: 3, satisfactionComment: 'meh' } }));
      expect(p.from).toBe('callback');
      expect(p.to).toBe('in-progress');
      expect(p.changes).toEqual({ satisfactionScore: 3, satisfactionComment: 'meh', reopenCount: 2, resolvedAt: null, closedAt: null });
      expect(p.changedFields).toEqual(['state', 'satisfactionScore', 'satisfactionComment', 'reopenCount', 'resolvedAt']);
    });

    it('a score of 5 closes with closedAt = now (ISO)', () => {
      const p = ok(plan({ workflow: feedback, record: callback, actionId: 'record-satisfaction', data: { satisfactionScore: 5 } }));
      expect(p.to).toBe('closed');
      expect(p.changes).toEqual({ satisfactionScore: 5, closedAt: NOW_ISO });
      expect(p.changedFields).toEqual(['state', 'satisfactionScore', 'closedAt']);
    });

    it.each([
      [1, 'in-progress'],
      [2, 'in-progress'],
      [3, 'in-progress'],
      [4, 'closed'],
      [5, 'closed'],
    ])('score %p → %s', (score, to) => {
      expect(ok(plan({ workflow: feedback, record: callback, actionId: 'record-satisfaction', data: { satisfactionScore: score } })).to).toBe(to);
    });

    it.each([0, 6, 4.5, -1, '5', '3', true, { value: 5 }])('refuses the score %p with the requirement message', (score) => {
      const r = refused(plan({ workflow: feedback, record: callback, actionId: 'record-satisfaction', data: { satisfactionScore: score } }));
      expect(r).toMatchObject({ status: 400, code: 'invalid-input', errors: [{ path: 'data.satisfactionScore', message: 'must be a whole number from 1 to 5' }] });
    });

    it('a missing score is reported both as required and as out of range', () => {
      const r = refused(plan({ workflow: feedback, record: callback, actionId: 'record-satisfaction' }));
      if (r.status !== 400) throw new Error('expected 400');
      expect(r.errors).toEqual([
        { path: 'data.satisfactionScore', message: 'is required' },
        { path: 'data.satisfactionScore', message: 'must be a whole number from 1 to 5' },
      ]);
    });

    it('from closed, a good score keeps the state: changedFields has no "state"', () => {
      const record = { state: 'closed', closedAt: '2026-02-02T00:00:00.000Z', satisfactionScore: null };
      const p = ok(plan({ workflow: feedback, record, actionId: 'record-satisfaction', data: { satisfactionScore: 4 } }));
      expect(p.from).toBe('closed');
      expect(p.to).toBe('closed');
      expect(p.changedFields).not.toContain('state');
      expect(p.changedFields).toEqual(['satisfactionScore', 'closedAt']);
    });

    it('from closed, a bad score reopens the feedback', () => {
      const p = ok(plan({ workflow: feedback, record: { state: 'closed', reopenCount: 0 }, actionId: 'record-satisfaction', data: { satisfactionScore: 1 } }));
      expect(p.to).toBe('in-progress');
      expect(p.changes.reopenCount).toBe(1);
      expect(p.changedFields[0]).toBe('state');
    });

    it('uses the score already on the record when none is sent', () => {
      const p = ok(plan({ workflow: feedback, record: { state: 'callback', satisfactionScore: 2 }, actionId: 'record-satisfaction' }));
      expect(p.to).toBe('in-progress');
    });
  });

  it('walks the whole happy path from received to closed', () => {
    let record: WorkflowRecord = { state: 'received', reopenCount: 0 };
    const steps: [string, Record<string, unknown>?, string?][] = [
      ['acknowledge'],
      ['triage', validInput.triage.data],
      ['start'],
      ['wait', undefined, 'parts'],
      ['resume'],
      ['resolve', { resolutionSummary: 'fixed' }],
      ['start-callback'],
      ['record-satisfaction', { satisfactionScore: 2 }],
      ['resolve', { resolutionSummary: 'really fixed' }],
      ['start-callback'],
      ['record-satisfaction', { satisfactionScore: 5 }],
    ];
    const visited: string[] = [];
    for (const [actionId, data, note] of steps) {
      const p = ok(plan({ workflow: feedback, record, actionId, data, note }));
      record = apply(feedback, record, p);
      visited.push(p.to);
    }
    expect(visited).toEqual(['acknowledged', 'triaged', 'in-progress', 'waiting', 'in-progress', 'resolved', 'callback', 'in-progress', 'resolved', 'callback', 'closed']);
    expect(record).toMatchObject({ state: 'closed', reopenCount: 1, resolutionSummary: 'really fixed', satisfactionScore: 5, closedAt: NOW_ISO, resolvedAt: NOW_ISO });
  });
});

describe('availableTransitions', () => {
  it('offers the feedback actions of each state, in definition order', () => {
    const byState = Object.fromEntries(stateIds(feedback).map((state) => [state, availableTransitions(feedback, { state }).map((t) => t.id)]));
    expect(byState).toEqual({
      received: ['acknowledge', 'judge', 'mark-duplicate', 'reject', 'add-note'],
      acknowledged: ['triage', 'judge', 'mark-duplicate', 'reject', 'add-note'],
      triaged: ['start', 'judge', 'record-root-cause', 'mark-duplicate', 'reject', 'add-note'],
      'in-progress': ['wait', 'resolve', 'judge', 'record-root-cause', 'add-note'],
      waiting: ['resume', 'judge', 'record-root-cause', 'add-note'],
      resolved: ['record-root-cause', 'start-callback', 'log-callback', 'reopen', 'add-note'],
      callback: ['record-root-cause', 'log-callback', 'record-satisfaction', 'close', 'reopen', 'add-note'],
      closed: ['record-satisfaction', 'reopen', 'add-note'],
      duplicate: ['add-note'],
      rejected: ['add-note'],
      backlog: ['accept-suggestion', 'decline-suggestion', 'add-note'],
      'suggestion-accepted': ['add-note'],
      'suggestion-declined': ['add-note'],
    });
  });

  it('offers nothing for an unknown or missing state', () => {
    expect(availableTransitions(feedback, { state: 'limbo' })).toEqual([]);
    expect(availableTransitions(feedback, {})).toEqual([]);
  });

  it('agrees with planTransition: every offered action is not refused for its state', () => {
    for (const workflow of [feedback, complaint, serviceRecord]) {
      for (const state of stateIds(workflow)) {
        const offered = new Set(availableTransitions(workflow, { state, kind: 'return', seriousness: 'minor' }).map((t) => t.id));
        for (const id of new Set(workflow.transitions.map((t) => t.id))) {
          const r = plan({ workflow, record: { state, kind: 'return', seriousness: 'minor' }, actionId: id });
          const stateRefusal = !r.ok && (r.code === 'illegal-state' || r.code === 'not-available');
          expect([workflow.id, state, id, !stateRefusal]).toEqual([workflow.id, state, id, offered.has(id)]);
        }
      }
    }
  });

  it('filters with availableWhen: approve-return only for returns not yet approved', () => {
    const ids = (record: WorkflowRecord) => availableTransitions(serviceRecord, { state: 'scheduled', ...record }).map((t) => t.id);
    expect(ids({ kind: 'return' })).toEqual(['approve-return', 'decline', 'start', 'cancel', 'mark-duplicate', 'add-note']);
    expect(ids({ kind: 'return', eligibility: 'eligible' })).toEqual(['decline', 'start', 'cancel', 'mark-duplicate', 'add-note']);
    expect(ids({ kind: 'exchange' })).toEqual(['approve-exchange', 'decline', 'start', 'cancel', 'mark-duplicate', 'add-note']);
    expect(ids({ kind: 'onsite-repair' })).toEqual(['start', 'cancel', 'mark-duplicate', 'add-note']);
    expect(ids({})).toEqual(['start', 'cancel', 'mark-duplicate', 'add-note']);
  });

  it('offers the complaint "record" only for minor complaints', () => {
    expect(availableTransitions(complaint, { state: 'registered', seriousness: 'minor' }).map((t) => t.id)).toEqual(['record', 'verify', 'mark-duplicate', 'add-note']);
    expect(availableTransitions(complaint, { state: 'registered', seriousness: 'major' }).map((t) => t.id)).toEqual(['verify', 'mark-duplicate', 'add-note']);
  });

  it('offers one "close" per complaint state, the one whose from matches', () => {
    const closeFrom = (state: string) => availableTransitions(complaint, { state }).filter((t) => t.id === 'close');
    expect(closeFrom('customer-confirmed')).toHaveLength(1);
    expect(closeFrom('customer-confirmed')[0].requiredFields).toEqual(['preventionMeasure']);
    expect(closeFrom('recorded')[0].requiredFields).toBeUndefined();
    expect(closeFrom('explained')[0].requiredFields).toBeUndefined();
    expect(closeFrom('analysing')).toEqual([]);
  });

  it('honours a custom stateField and the "*" wildcard', () => {
    const workflow = handMade({ stateField: 'status' });
    expect(availableTransitions(workflow, { status: 'open' }).map((t) => t.id)).toEqual(['work', 'park', 'note-anywhere']);
    expect(availableTransitions(workflow, { status: 'done' }).map((t) => t.id)).toEqual(['note-anywhere']);
    expect(availableTransitions(workflow, { state: 'open' }).map((t) => t.id)).toEqual(['note-anywhere']);
  });
});

describe('planTransition: the service-record workflow', () => {
  it('refuses to start an unapproved return with the requirement message on data.eligibility', () => {
    const r = refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'return' }, actionId: 'start' }));
    expect(r).toEqual({
      ok: false,
      status: 400,
      code: 'invalid-input',
      message: 'data.eligibility: a return or exchange must be approved first',
      errors: [{ path: 'data.eligibility', message: 'a return or exchange must be approved first' }],
    });
  });

  it('refuses to start an exchange declared not eligible', () => {
    expect(refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'exchange', eligibility: 'not-eligible' }, actionId: 'start' })).status).toBe(400);
  });

  it('starts a repair without any approval, stamping performedAt', () => {
    const p = ok(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'onsite-repair' }, actionId: 'start', data: { technician: 4 } }));
    expect(p.to).toBe('in-progress');
    expect(p.changes).toEqual({ technician: 4, performedAt: NOW_ISO });
  });

  it('reads a populated kind relation by its code (an unapproved return still cannot start)', () => {
    const p = plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: { id: 3, code: 'return' } }, actionId: 'start' });
    expect(refused(p).status).toBe(400);
  });

  it('approve-return stays in scheduled: changedFields has eligibility but not state; then start works', () => {
    let record: WorkflowRecord = { state: 'scheduled', kind: 'return', eligibility: 'pending' };
    const approve = ok(plan({ workflow: serviceRecord, record, actionId: 'approve-return', data: { eligibilityNote: 'within 7 days' } }));
    expect(approve.from).toBe('scheduled');
    expect(approve.to).toBe('scheduled');
    expect(approve.changes).toEqual({ eligibilityNote: 'within 7 days', eligibility: 'eligible' });
    expect(approve.changedFields).toEqual(['eligibilityNote', 'eligibility']);
    record = apply(serviceRecord, record, approve);

    expect(refused(plan({ workflow: serviceRecord, record, actionId: 'approve-return' }))).toMatchObject({ status: 409, code: 'not-available' });
    const start = ok(plan({ workflow: serviceRecord, record, actionId: 'start' }));
    expect(start.to).toBe('in-progress');
    expect(start.changedFields).toEqual(['state', 'performedAt']);
  });

  it('approve-return is not available for a repair or an exchange (409 not-available)', () => {
    for (const kind of ['onsite-repair', 'exchange', undefined]) {
      const r = refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind }, actionId: 'approve-return' }));
      expect(r).toEqual({ ok: false, status: 409, code: 'not-available', message: '"approve-return" does not apply to this service-record' });
    }
  });

  it('checks the state before availableWhen', () => {
    expect(refused(plan({ workflow: serviceRecord, record: { state: 'in-progress', kind: 'onsite-repair' }, actionId: 'approve-return' })).code).toBe('illegal-state');
  });

  it('checks availableWhen before the input', () => {
    expect(refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'repair' }, actionId: 'decline', data: { junk: 1 } })).code).toBe('not-available');
  });

  it('approve-exchange for exchanges only', () => {
    ok(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'exchange' }, actionId: 'approve-exchange' }));
    expect(refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'return' }, actionId: 'approve-exchange' })).code).toBe('not-available');
  });

  it('decline needs an eligibilityNote and cancels', () => {
    const r = refused(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'return' }, actionId: 'decline' }));
    expect(r).toMatchObject({ status: 400, errors: [{ path: 'data.eligibilityNote', message: 'is required' }] });
    const p = ok(plan({ workflow: serviceRecord, record: { state: 'scheduled', kind: 'exchange' }, actionId: 'decline', data: { eligibilityNote: 'used' } }));
    expect(p.to).toBe('cancelled');
    expect(p.changes).toEqual({ eligibilityNote: 'used', eligibility: 'not-eligible' });
  });

  it('complete, sign and archive', () => {
    let record: WorkflowRecord = { state: 'in-progress' };
    const missing = refused(plan({ workflow: serviceRecord, record, actionId: 'complete', data: { findings: 'dust' } }));
    expect(missing).toMatchObject({ status: 400, errors: [{ path: 'data.result' }] });
    const complete = ok(plan({ workflow: serviceRecord, record, actionId: 'complete', data: { findings: 'dust', result: 'cleaned', partsUsed: [] } }));
    record = apply(serviceRecord, record, complete);
    expect(record.state).toBe('completed');
    const sign = ok(plan({ workflow: serviceRecord, record, actionId: 'sign', data: { customerOpinion: 'good', customerSignature: 'sig.png' } }));
    expect(sign.changes.signedAt).toBe(NOW_ISO);
    record = apply(serviceRecord, record, sign);
    const archive = ok(plan({ workflow: serviceRecord, record, actionId: 'archive' }));
    expect(archive).toMatchObject({ from: 'signed', to: 'archived', changes: { archivedAt: NOW_ISO } });
  });

  it('cancel needs a note', () => {
    expect(refused(plan({ workflow: serviceRecord, record: { state: 'scheduled' }, actionId: 'cancel' })).status).toBe(400);
    expect(ok(plan({ workflow: serviceRecord, record: { state: 'scheduled' }, actionId: 'cancel', note: 'customer moved' })).to).toBe('cancelled');
  });
});

describe('planTransition: the complaint workflow', () => {
  const heads = {
    afterSales: head('Wang', 'after-sales'),
    technical: head('Zhao', 'technical'),
    quality: head('Qian', 'quality'),
    sales: head('Liu', 'sales'),
  };
  const proposed: WorkflowRecord = { state: 'plan-proposed', approvals: [], cause: 'x', responsibleDepartment: 'technical', resolutionPlan: 'refund' };

  const approve = (record: WorkflowRecord, actor: WorkflowActor, note?: string) => plan({ workflow: complaint, record, actionId: 'approve-plan', actor, note });

  it('walks registered → verified → analysing → plan-proposed', () => {
    let record: WorkflowRecord = { state: 'registered', seriousness: 'major' };
    const verify = ok(plan({ workflow: complaint, record, actionId: 'verify', data: { orderNumber: 'SO-1', quantity: 2 } }));
    record = apply(complaint, record, verify);
    record = apply(complaint, record, ok(plan({ workflow: complaint, record, actionId: 'analyse' })));
    expect(record.state).toBe('analysing');

    const incomplete = refused(plan({ workflow: complaint, record, actionId: 'propose-plan', data: { cause: 'bad weld' } }));
    if (incomplete.status !== 400) throw new Error('expected 400');
    expect(incomplete.errors.map((e) => e.path)).toEqual(['data.responsibleDepartment', 'data.resolutionPlan']);

    const propose = ok(plan({ workflow: complaint, record, actionId: 'propose-plan', data: { cause: 'bad weld', responsibleDepartment: 'quality', resolutionPlan: 'replace' } }));
    expect(propose.to).toBe('plan-proposed');
    expect(propose.changes).toEqual({ cause: 'bad weld', responsibleDepartment: 'quality', resolutionPlan: 'replace', ourFault: true });
  });

  it('the first three approvals keep the state plan-proposed; the fourth (after-sales, sales, technical, quality) moves it to approved', () => {
    const first = ok(approve(proposed, heads.afterSales, '  fine  '));
    expect(first.from).toBe('plan-proposed');
    expect(first.to).toBe('plan-proposed');
    expect(first.changedFields).toEqual(['approvals']);
    expect(first.changes.approvals).toEqual([{ departmentCode: 'after-sales', approverId: heads.afterSales.id, approverName: 'Wang', decision: 'approved', decidedAt: NOW_ISO, comment: 'fine' }]);
    let record = apply(complaint, proposed, first);

    const second = ok(approve(record, heads.quality));
    expect(second.to).toBe('plan-proposed');
    expect(second.changedFields).toEqual(['approvals']);
    expect((second.changes.approvals as ApprovalEntry[]).map((a) => a.departmentCode)).toEqual(['after-sales', 'quality']);
    expect((second.changes.approvals as ApprovalEntry[])[1].comment).toBeNull();
    record = apply(complaint, record, second);
    expect(record.state).toBe('plan-proposed');

    const third = ok(approve(record, heads.technical));
    expect(third.to).toBe('plan-proposed');
    record = apply(complaint, record, third);

    const fourth = ok(approve(record, heads.sales));
    expect(fourth.to).toBe('approved');
    expect(fourth.changedFields).toEqual(['state', 'approvals']);
    expect((fourth.changes.approvals as ApprovalEntry[]).map((a) => a.departmentCode)).toEqual(['after-sales', 'quality', 'technical', 'sales']);
    record = apply(complaint, record, fourth);
    expect(record.state).toBe('approved');
  });

  it('treats missing or malformed approvals as none', () => {
    for (const approvals of [undefined, null, 'garbage', {}]) {
      const p = ok(approve({ ...proposed, approvals }, heads.technical));
      expect(p.to).toBe('plan-proposed');
      expect(p.changes.approvals).toHaveLength(1);
    }
  });

  it('the same department approving twice is a 409 already-decided', () => {
    const record = apply(complaint, proposed, ok(approve(proposed, heads.afterSales)));
    const r = refused(approve(record, head('Another after-sales head', 'after-sales')));
    expect(r).toEqual({ ok: false, status: 409, code: 'already-decided', message: 'after-sales has already decided on this' });
  });

  it('a department that approved cannot reject afterwards (409 already-decided)', () => {
    const record = apply(complaint, proposed, ok(approve(proposed, heads.afterSales)));
    const r = refused(plan({ workflow: complaint, record, actionId: 'reject-plan', actor: heads.afterSales, note: 'changed my mind' }));
    expect(r).toMatchObject({ status: 409, code: 'already-decided' });
  });

  it('a non-head is a 403 not-an-approver', () => {
    for (const actor of [agent, head('Sun', 'product'), { id: null, name: 'system', headOf: [] }]) {
      const r = refused(approve(proposed, actor));
      expect(r).toEqual({ ok: false, status: 403, code: 'not-an-approver', message: 'Only the heads of after-sales, sales, technical, quality decide on this' });
    }
    expect(refused(plan({ workflow: complaint, record: proposed, actionId: 'reject-plan', actor: agent, note: 'no' })).status).toBe(403);
  });

  it('a head of several departments approves for all of them at once', () => {
    const both = head('Zhou', 'after-sales', 'technical', 'product');
    const p = ok(approve(proposed, both));
    expect((p.changes.approvals as ApprovalEntry[]).map((a) => a.departmentCode)).toEqual(['after-sales', 'technical']);
    expect(p.to).toBe('plan-proposed');
    const record = apply(complaint, proposed, p);
    expect(ok(approve(record, heads.quality)).to).toBe('plan-proposed');
    expect(ok(approve(apply(complaint, record, ok(approve(record, heads.quality))), heads.sales)).to).toBe('approved');
  });

  it('a head of several departments only adds the departments not yet decided', () => {
    const record = apply(complaint, proposed, ok(approve(proposed, heads.afterSales)));
    const p = ok(approve(record, head('Zhou', 'after-sales', 'sales', 'technical', 'quality')));
    expect((p.changes.approvals as ApprovalEntry[]).map((a) => a.departmentCode)).toEqual(['after-sales', 'sales', 'technical', 'quality']);
    expect(p.to).toBe('approved');
  });

  it('records approverId only when the actor id is a number', () => {
    const p = ok(approve(proposed, { id: 'doc-abc', name: 'API token', headOf: ['quality'] }));
    expect((p.changes.approvals as ApprovalEntry[])[0].approverId).toBeNull();
  });

  it('a rejection needs a note, moves back to analysing and clears the approvals', () => {
    let record = apply(complaint, proposed, ok(approve(proposed, heads.afterSales)));
    record = apply(complaint, record, ok(approve(record, heads.technical)));

    const noNote = refused(plan({ workflow: complaint, record, actionId: 'reject-plan', actor: heads.quality }));
    expect(noNote).toMatchObject({ status: 400, errors: [{ path: 'note', message: 'is required' }] });

    const reject = ok(plan({ workflow: complaint, record, actionId: 'reject-plan', actor: heads.quality, note: 'too expensive' }));
    expect(reject.to).toBe('analysing');
    expect(reject.changes).toEqual({ approvals: [] });
    expect(reject.changedFields).toEqual(['state', 'approvals']);
    record = apply(complaint, record, reject);

    // A new proposal starts the round again: every head can approve again.
    record = apply(complaint, record, ok(plan({ workflow: complaint, record, actionId: 'propose-plan' })));
    expect(record.state).toBe('plan-proposed');
    const again = ok(approve(record, heads.afterSales));
    expect(again.changes.approvals).toHaveLength(1);
  });

  it('approve-plan and reject-plan are refused outside plan-proposed', () => {
    for (const state of ['analysing', 'approved', 'closed']) {
      expect(refused(approve({ ...proposed, state }, heads.quality)).code).toBe('illegal-state');
    }
  });

  it('"record" applies only to minor complaints and requires a responsible department', () => {
    expect(refused(plan({ workflow: complaint, record: { state: 'registered', seriousness: 'major' }, actionId: 'record', data: { responsibleDepartment: 'quality' } }))).toMatchObject({
      status: 409,
      code: 'not-available',
    });
    expect(refused(plan({ workflow: complaint, record: { state: 'registered', seriousness: 'minor' }, actionId: 'record' }))).toMatchObject({
      status: 400,
      errors: [{ path: 'data.responsibleDepartment' }],
    });
    const p = ok(plan({ workflow: complaint, record: { state: 'registered', seriousness: 'minor' }, actionId: 'record', data: { responsibleDepartment: { id: 2, code: 'quality' } } }));
    expect(p.to).toBe('recorded');
  });

  it('explain requires cause, responsible department, explanation and evidence, and sets ourFault false', () => {
    const r = refused(plan({ workflow: complaint, record: { state: 'analysing' }, actionId: 'explain' }));
    if (r.status !== 400) throw new Error('expected 400');
    expect(r.errors.map((e) => e.path)).toEqual(['data.cause', 'data.responsibleDepartment', 'data.explanation', 'data.evidence']);
    const p = ok(
      plan({
        workflow: complaint,
        record: { state: 'analysing', cause: 'misuse', responsibleDepartment: 'after-sales' },
        actionId: 'explain',
        data: { explanation: 'dropped', evidence: ['photo.jpg'] },
      })
    );
    expect(p).toMatchObject({ to: 'explained', changes: { explanation: 'dropped', evidence: ['photo.jpg'], ourFault: false } });
  });

  describe('close: one action id, two transitions with disjoint from-states', () => {
    it('from customer-confirmed it requires a prevention measure', () => {
      const r = refused(plan({ workflow: complaint, record: { state: 'customer-confirmed' }, actionId: 'close' }));
      expect(r).toMatchObject({ status: 400, errors: [{ path: 'data.preventionMeasure', message: 'is required' }] });
      const p = ok(plan({ workflow: complaint, record: { state: 'customer-confirmed' }, actionId: 'close', data: { preventionMeasure: 'check welds' } }));
      expect(p.transition).toBe(complaint.transitions[9]);
      expect(p.changes).toEqual({ preventionMeasure: 'check welds', closedAt: NOW_ISO });
    });

    it.each(['recorded', 'explained'])('from %s it needs nothing and refuses a prevention measure', (state) => {
      const p = ok(plan({ workflow: complaint, record: { state }, actionId: 'close' }));
      expect(p.transition).toBe(complaint.transitions[10]);
      expect(p.to).toBe('closed');
      expect(p.changes).toEqual({ closedAt: NOW_ISO });
      expect(refused(plan({ workflow: complaint, record: { state }, actionId: 'close', data: { preventionMeasure: 'x' } }))).toMatchObject({
        status: 400,
        errors: [{ path: 'data.preventionMeasure' }],
      });
    });

    it('from any other state it is a 409 listing the from-states of both transitions', () => {
      for (const state of ['registered', 'verified', 'analysing', 'plan-proposed', 'approved', 'executing', 'closed']) {
        const r = refused(plan({ workflow: complaint, record: { state }, actionId: 'close' }));
        expect(r).toEqual({ ok: false, status: 409, code: 'illegal-state', message: `"close" is not possible in state "${state}" (only from: customer-confirmed, recorded, explained)` });
      }
    });
  });

  it('walks a full complaint from registration to closing', () => {
    let record: WorkflowRecord = { state: 'registered', seriousness: 'major' };
    const run = (actionId: string, extra: Partial<Request> = {}) => {
      const p = ok(plan({ workflow: complaint, record, actionId, ...extra }));
      record = apply(complaint, record, p);
      return p;
    };
    run('verify');
    run('analyse');
    run('propose-plan', { data: { cause: 'c', responsibleDepartment: 'technical', resolutionPlan: 'p' } });
    run('approve-plan', { actor: heads.technical });
    run('approve-plan', { actor: heads.quality });
    run('approve-plan', { actor: heads.afterSales });
    expect(record.state).toBe('plan-proposed');
    run('approve-plan', { actor: heads.sales });
    expect(record.state).toBe('approved');
    run('execute');
    run('confirm', { data: { agreedBy: 'Ms Zhang', agreedVia: 'phone' } });
    run('close', { data: { preventionMeasure: 'training' } });
    expect(record).toMatchObject({ state: 'closed', closedAt: NOW_ISO, ourFault: true, agreedBy: 'Ms Zhang', agreedAt: NOW_ISO });
    expect(record.approvals).toHaveLength(4);
  });
});

/** A small workflow exercising what the built-in ones do not. */
function handMade(overrides: Partial<WorkflowDefinition> = {}, transitions: TransitionDefinition[] = []): WorkflowDefinition {
  return {
    id: 'ticket',
    title: 'Ticket',
    contentType: 'api::ticket.ticket',
    initialState: 'open',
    states: [
      { id: 'open', title: 'Open', category: 'new' },
      { id: 'working', title: 'Working', category: 'open' },
      { id: 'parked', title: 'Parked', category: 'paused' },
      { id: 'done', title: 'Done', category: 'done' },
    ],
    transitions: [
      { id: 'work', title: 'Work', from: ['open'], to: 'working', fields: ['owner', 'counter'], set: { counter: 10, flag: true, label: 'set', nothing: null } },
      {
        id: 'park',
        title: 'Park',
        from: ['open', 'working'],
        fields: ['reason', 'priority'],
        branches: [
          { when: { field: 'reason', eq: 'customer' }, to: 'parked', set: { parkedFor: 'customer', visits: { $increment: 2 } } },
          { when: { field: 'priority', gte: 3 }, to: 'working', set: { escalatedAt: { $now: true } } },
        ],
        set: { parkedFor: 'none', touchedAt: { $now: true } },
      },
      { id: 'note-anywhere', title: 'Note', from: ['*'], to: 'done', fields: ['text'] },
      ...transitions,
    ],
    ...overrides,
  };
}

describe('planTransition: engine details on a hand-made workflow', () => {
  it('uses the custom stateField, and reports it in changedFields', () => {
    const workflow = handMade({ stateField: 'status' });
    const p = ok(plan({ workflow, record: { status: 'open', state: 'done' }, actionId: 'work' }));
    expect(p.from).toBe('open');
    expect(p.changedFields[0]).toBe('status');
    expect(p.changedFields).not.toContain('state');
  });

  it('a "*" from-state matches every state, even a missing one', () => {
    const workflow = handMade();
    for (const state of ['open', 'working', 'parked', 'done', 'whatever', undefined]) {
      const p = ok(plan({ workflow, record: { state }, actionId: 'note-anywhere' }));
      expect(p.from).toBe(state);
      expect(p.to).toBe('done');
      expect(p.changedFields.includes('state')).toBe(state !== 'done');
    }
  });

  it('the transition set overrides the same field sent in data', () => {
    const p = ok(plan({ workflow: handMade(), record: { state: 'open' }, actionId: 'work', data: { counter: 99, owner: 'me' } }));
    expect(p.changes).toEqual({ counter: 10, owner: 'me', flag: true, label: 'set', nothing: null });
  });

  it('changedFields lists only values that differ from the record (deep comparison, null ≡ missing)', () => {
    const record = { state: 'open', owner: 'me', counter: 10, flag: true, label: 'old' };
    const p = ok(plan({ workflow: handMade(), record, actionId: 'work', data: { owner: 'me' } }));
    expect(p.changedFields).toEqual(['state', 'label']);
    // Deep equality for objects and lists.
    const deep = ok(plan({ workflow: handMade(), record: { state: 'open', owner: { id: 1, tags: ['a'] } }, actionId: 'work', data: { owner: { id: 1, tags: ['a'] } } }));
    expect(deep.changedFields).not.toContain('owner');
    const differs = ok(plan({ workflow: handMade(), record: { state: 'open', owner: { id: 1, tags: ['a'] } }, actionId: 'work', data: { owner: { id: 1, tags: ['b'] } } }));
    expect(differs.changedFields).toContain('owner');
  });

  it('a branch set merges over the transition set; the first matching branch wins', () => {
    const p = ok(plan({ workflow: handMade(), record: { state: 'working', visits: 1 }, actionId: 'park', data: { reason: 'customer', priority: 5 } }));
    expect(p.to).toBe('parked');
    expect(p.changes).toEqual({ reason: 'customer', priority: 5, parkedFor: 'customer', touchedAt: NOW_ISO, visits: 3 });
  });

  it('a later branch applies when earlier ones do not match', () => {
    const p = ok(plan({ workflow: handMade(), record: { state: 'open' }, actionId: 'park', data: { priority: 3 } }));
    expect(p.to).toBe('working');
    expect(p.changes).toEqual({ priority: 3, parkedFor: 'none', touchedAt: NOW_ISO, escalatedAt: NOW_ISO });
  });

  it('branch conditions see the record merged with the input', () => {
    const p = ok(plan({ workflow: handMade(), record: { state: 'open', reason: 'customer' }, actionId: 'park' }));
    expect(p.to).toBe('parked');
    const overridden = ok(plan({ workflow: handMade(), record: { state: 'open', reason: 'customer' }, actionId: 'park', data: { reason: 'other', priority: 4 } }));
    expect(overridden.to).toBe('working');
  });

  it('no matching branch is a 400 on "data"', () => {
    const r = refused(plan({ workflow: handMade(), record: { state: 'open' }, actionId: 'park', data: { priority: 1 } }));
    expect(r).toEqual({
      ok: false,
      status: 400,
      code: 'invalid-input',
      message: 'data: no outcome of "park" matches this input',
      errors: [{ path: 'data', message: 'no outcome of "park" matches this input' }],
    });
  });

  it('$increment adds its amount (also negative) to the record value, not to the input', () => {
    const workflow = handMade({}, [{ id: 'bump', title: 'Bump', from: ['open'], to: 'open', fields: ['count'], set: { count: { $increment: -3 } } }]);
    expect(ok(plan({ workflow, record: { state: 'open', count: 10 }, actionId: 'bump', data: { count: 100 } })).changes.count).toBe(7);
    expect(ok(plan({ workflow, record: { state: 'open' }, actionId: 'bump' })).changes.count).toBe(-3);
  });

  it('$now uses the given clock, not the system clock', () => {
    const now = new Date('1999-12-31T23:59:59.000Z');
    const p = ok(planTransition({ workflow: handMade(), record: { state: 'open' }, actionId: 'park', data: { priority: 9 }, actor: agent, now }));
    expect(p.changes.touchedAt).toBe('1999-12-31T23:59:59.000Z');
  });

  it('a transition without "to" or branches stays in its state', () => {
    const workflow = handMade({}, [{ id: 'comment', title: 'Comment', from: ['working'], fields: ['text'] }]);
    const p = ok(plan({ workflow, record: { state: 'working' }, actionId: 'comment', data: { text: 'hi' } }));
    expect(p.to).toBe('working');
    expect(p.changedFields).toEqual(['text']);
  });

  it('an action with no data and nothing to set changes nothing but the state', () => {
    const workflow = handMade({}, [{ id: 'noop', title: 'Noop', from: ['open'], to: 'open' }]);
    const p = ok(plan({ workflow, record: { state: 'open' }, actionId: 'noop', data: {} }));
    expect(p.changes).toEqual({});
    expect(p.changedFields).toEqual([]);
  });

  it('collects required fields, the note and the requirements in one 400', () => {
    const workflow = handMade({}, [
      {
        id: 'strict',
        title: 'Strict',
        from: ['open'],
        to: 'done',
        requiredFields: ['a'],
        fields: ['b'],
        noteRequired: true,
        requires: [{ condition: { field: 'b', gt: 10 }, field: 'b', message: 'must be above 10' }],
      },
    ]);
    const r = refused(plan({ workflow, record: { state: 'open' }, actionId: 'strict', data: { b: 3 } }));
    expect(r).toEqual({
      ok: false,
      status: 400,
      code: 'invalid-input',
      message: 'data.a: is required; note: is required; data.b: must be above 10',
      errors: [
        { path: 'data.a', message: 'is required' },
        { path: 'note', message: 'is required' },
        { path: 'data.b', message: 'must be above 10' },
      ],
    });
    ok(plan({ workflow, record: { state: 'open' }, actionId: 'strict', data: { a: 'x', b: 11 }, note: 'ok' }));
  });

  it('takes the first transition whose from-state matches when ids are shared', () => {
    const workflow = handMade({}, [
      { id: 'finish', title: 'Finish', from: ['open'], to: 'done', set: { path: 'short' } },
      { id: 'finish', title: 'Finish', from: ['working', 'parked'], to: 'done', set: { path: 'long' } },
    ]);
    expect(ok(plan({ workflow, record: { state: 'open' }, actionId: 'finish' })).changes).toEqual({ path: 'short' });
    expect(ok(plan({ workflow, record: { state: 'parked' }, actionId: 'finish' })).changes).toEqual({ path: 'long' });
    expect(refused(plan({ workflow, record: { state: 'done' }, actionId: 'finish' })).message).toContain('only from: open, working, parked');
  });

  it('does not modify the record or the input', () => {
    const record = { state: 'callback', reopenCount: 1, approvals: [] };
    const data = { satisfactionScore: 2 };
    const snapshot = JSON.stringify({ record, data });
    ok(plan({ workflow: feedback, record, actionId: 'record-satisfaction', data }));
    expect(JSON.stringify({ record, data })).toBe(snapshot);
  });

  it('an approval transition without "to" stays until every department approved', () => {
    const workflow = handMade({}, [{ id: 'sign-off', title: 'Sign off', from: ['working'], approval: { field: 'signatures', departments: ['a', 'b'], decision: 'approved' } }]);
    const first = ok(plan({ workflow, record: { state: 'working' }, actionId: 'sign-off', actor: head('x', 'a') }));
    expect(first.to).toBe('working');
    expect(first.changedFields).toEqual(['signatures']);
  });
});
