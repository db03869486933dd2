import { validateWorkflowDefinition } from '../validate-definition';
import { planTransition } from '../plan-transition';
import type { Condition, TransitionDefinition, WorkflowDefinition } from '../types';
import feedbackPackage from '../../../extensions/feedback-workflow/package.json';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';
import serviceRecordPackage from '../../../extensions/service-record-workflow/package.json';

const builtIn: [string, WorkflowDefinition][] = [
  ['feedback', feedbackPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition],
  ['complaint', complaintPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition],
  ['service-record', serviceRecordPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition],
];

/** A deep copy to mutate. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const base = (transitions: TransitionDefinition[] = [], overrides: Partial<WorkflowDefinition> = {}): WorkflowDefinition => ({
  id: 'ticket',
  title: 'Ticket',
  contentType: 'api::ticket.ticket',
  initialState: 'open',
  states: [
    { id: 'open', title: 'Open', category: 'new' },
    { id: 'working', title: 'Working', category: 'open' },
    { id: 'done', title: 'Done', category: 'done' },
  ],
  transitions: [{ id: 'work', title: 'Work', from: ['open'], to: 'working' }, ...transitions],
  ...overrides,
});

describe('validateWorkflowDefinition', () => {
  it.each(builtIn)('accepts the built-in %s workflow', (_id, workflow) => {
    expect(validateWorkflowDefinition(workflow)).toEqual([]);
  });

  it('accepts a minimal workflow, a "*" from-state and an approval without "to"', () => {
    expect(validateWorkflowDefinition(base())).toEqual([]);
    expect(
      validateWorkflowDefinition(
        base([
          { id: 'note', title: 'Note', from: ['*'], to: 'done' },
          { id: 'sign', title: 'Sign', from: ['working'], approval: { field: 'signatures', departments: ['a'], decision: 'approved' } },
          { id: 'split', title: 'Split', from: ['working'], branches: [{ when: { field: 'x', eq: 1 }, to: 'done' }, { to: 'open' }] },
        ])
      )
    ).toEqual([]);
  });

  it('reports an unknown initial state', () => {
    expect(validateWorkflowDefinition(base([], { initialState: 'nowhere' }))).toEqual([{ path: 'initialState', message: 'unknown state "nowhere"' }]);
  });

  it('reports a duplicate state at its index', () => {
    const workflow = base();
    workflow.states.push({ id: 'working', title: 'Again', category: 'paused' });
    expect(validateWorkflowDefinition(workflow)).toEqual([{ path: 'states[3].id', message: 'duplicate state "working"' }]);
  });

  it('reports an unknown from-state with its index', () => {
    expect(validateWorkflowDefinition(base([{ id: 'finish', title: 'Finish', from: ['working', 'limbo'], to: 'done' }]))).toEqual([
      { path: 'transitions[1].from[1]', message: 'unknown state "limbo"' },
    ]);
  });

  it('reports an unknown "to" state', () => {
    expect(validateWorkflowDefinition(base([{ id: 'finish', title: 'Finish', from: ['working'], to: 'limbo' }]))).toEqual([{ path: 'transitions[1].to', message: 'unknown state "limbo"' }]);
  });

  it('reports an unknown branch target', () => {
    const workflow = base([{ id: 'split', title: 'Split', from: ['working'], branches: [{ when: { field: 'x', eq: 1 }, to: 'done' }, { to: 'limbo' }] }]);
    expect(validateWorkflowDefinition(workflow)).toEqual([{ path: 'transitions[1].branches[1].to', message: 'unknown state "limbo"' }]);
  });

  it('requires "to", branches or an approval', () => {
    expect(validateWorkflowDefinition(base([{ id: 'stay', title: 'Stay', from: ['working'] }]))).toEqual([{ path: 'transitions[1].to', message: 'a transition needs "to" or "branches"' }]);
  });

  it('reports the same action id twice from the same state, naming the first definition', () => {
    const workflow = base([
      { id: 'finish', title: 'Finish', from: ['open', 'working'], to: 'done' },
      { id: 'finish', title: 'Finish again', from: ['done', 'working'], to: 'done' },
    ]);
    expect(validateWorkflowDefinition(workflow)).toEqual([{ path: 'transitions[2].from[1]', message: 'action "finish" is already defined from "working" by transitions[1]' }]);
  });

  it('allows shared action ids with disjoint from-states (complaint close)', () => {
    const complaint = copy(builtIn[1][1]);
    const closes = complaint.transitions.filter((t) => t.id === 'close');
    expect(closes).toHaveLength(2);
    expect(closes[0].from.filter((s) => closes[1].from.includes(s))).toEqual([]);
    expect(validateWorkflowDefinition(complaint)).toEqual([]);
    // Overlap them and the definition becomes ambiguous.
    closes[1].from.push('customer-confirmed');
    expect(validateWorkflowDefinition(complaint)).toEqual([{ path: 'transitions[10].from[2]', message: 'action "close" is already defined from "customer-confirmed" by transitions[9]' }]);
  });

  it('allows different action ids from the same state', () => {
    expect(validateWorkflowDefinition(base([{ id: 'skip', title: 'Skip', from: ['open'], to: 'done' }]))).toEqual([]);
  });

  it('reports a condition leaf without a field in availableWhen and requires', () => {
    const noField = {} as Condition;
    const workflow = base([
      { id: 'a', title: 'A', from: ['open'], to: 'done', availableWhen: { all: [{ field: 'kind', eq: 'x' }, noField] } },
      {
        id: 'b',
        title: 'B',
        from: ['open'],
        to: 'done',
        requires: [
          { condition: { field: 'ok', eq: true }, field: 'ok', message: 'm' },
          { condition: { not: { field: '' } }, field: 'x', message: 'm' },
        ],
      },
    ]);
    expect(validateWorkflowDefinition(workflow)).toEqual([
      { path: 'transitions[1].availableWhen', message: 'a condition names no field' },
      { path: 'transitions[2].requires[1].condition', message: 'a condition names no field' },
    ]);
  });

  it('reports every problem, in definition order', () => {
    const workflow = base(
      [
        { id: 'x', title: 'X', from: ['nowhere'], to: 'elsewhere' },
        { id: 'y', title: 'Y', from: ['open'] },
      ],
      { initialState: 'start' }
    );
    expect(validateWorkflowDefinition(workflow).map((e) => e.path)).toEqual(['initialState', 'transitions[1].from[0]', 'transitions[1].to', 'transitions[2].to']);
  });

  it.each(builtIn)('catches a typo in a built-in %s workflow transition target', (_id, workflow) => {
    const broken = copy(workflow);
    const index = broken.transitions.findIndex((t) => t.to !== undefined);
    broken.transitions[index].to = 'typo-state';
    expect(validateWorkflowDefinition(broken)).toEqual([{ path: `transitions[${index}].to`, message: 'unknown state "typo-state"' }]);
  });

  it('does not modify the definition', () => {
    const workflow = copy(builtIn[0][1]);
    const snapshot = JSON.stringify(workflow);
    validateWorkflowDefinition(workflow);
    expect(JSON.stringify(workflow)).toBe(snapshot);
  });

  // The module promises that "action ids are unambiguous per state". A "*" transition and a specific
  // transition with the same id both apply to that specific state; planTransition silently takes
  // whichever comes first, and availableTransitions offers the action twice.
  it('reports an action id defined both from "*" and from a specific state (ambiguous)', () => {
    const workflow = base([
      { id: 'finish', title: 'Finish anywhere', from: ['*'], to: 'done' },
      { id: 'finish', title: 'Finish from working', from: ['working'], to: 'open' },
    ]);
    expect(validateWorkflowDefinition(workflow)).not.toEqual([]);
  });

  // Conditions in availableWhen and requires are checked for a missing field, but branch conditions
  // are not: such a definition validates, and then planTransition throws a TypeError at runtime.
  it('reports a branch "when" condition without a field', () => {
    const workflow = base([{ id: 'split', title: 'Split', from: ['working'], branches: [{ when: {} as Condition, to: 'done' }, { to: 'open' }] }]);
    expect(() => planTransition({ workflow, record: { state: 'working' }, actionId: 'split', actor: { id: 1, name: 'x', headOf: [] }, now: new Date() })).toThrow(TypeError);
    expect(validateWorkflowDefinition(workflow)).toEqual([{ path: 'transitions[1].branches[0].when', message: 'a condition names no field' }]);
  });
});
