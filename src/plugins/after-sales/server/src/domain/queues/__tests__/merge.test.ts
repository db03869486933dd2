import { mergeActionOf, mergeNote, movedEntryMeta, parseMergeTarget, planMerge, targetProblem, type MergeWorkflowLike } from '../merge';

const FEEDBACK = 'api::feedback.feedback';
const COMPLAINT = 'api::complaint.complaint';

const feedback: MergeWorkflowLike = {
  id: 'feedback',
  states: [
    { id: 'received', category: 'new' },
    { id: 'triaged', category: 'open' },
    { id: 'in-progress', category: 'open' },
    { id: 'closed', category: 'done' },
    { id: 'duplicate', category: 'done' },
  ],
  transitions: [
    { id: 'triage', from: ['received'], to: 'triaged' },
    { id: 'mark-duplicate', from: ['received', 'triaged'], to: 'duplicate', requiredFields: ['duplicateOf'] },
  ],
};
const complaint: MergeWorkflowLike = {
  id: 'complaint',
  states: [
    { id: 'registered', category: 'new' },
    { id: 'closed', category: 'done' },
  ],
  transitions: [{ id: 'close', from: ['registered'], to: 'closed' }],
};
const workflowOf = (uid: string) => ({ [FEEDBACK]: feedback, [COMPLAINT]: complaint })[uid] ?? null;
const kindName = (uid: string) => (uid === FEEDBACK ? 'feedback' : 'complaint');
const item = (documentId: string, state: string, contentType = FEEDBACK) => ({ contentType, documentId, reference: `R-${documentId}`, state });

describe('merging duplicate cases: the plan', () => {
  it('finds the duplicate-closing action of a workflow, and none where there is no mark-duplicate', () => {
    expect(mergeActionOf(feedback)).toEqual({ id: 'mark-duplicate', from: ['received', 'triaged'], to: 'duplicate', takesReference: true });
    expect(mergeActionOf(complaint)).toBeNull();
    expect(mergeActionOf(null)).toBeNull();
  });

  it('marks each other item a duplicate of the target, leaves the target out, and refuses the rest item by item with a reason', () => {
    const target = item('a', 'triaged');
    const steps = planMerge({
      target,
      items: [target, item('b', 'received'), item('c', 'received', COMPLAINT), item('d', 'closed'), item('e', 'in-progress')],
      workflowOf,
      kindName,
    });
    expect(steps.map((s) => [s.item.documentId, s.ok ? s.action : s.code])).toEqual([
      ['b', 'mark-duplicate'],
      ['c', 'different-kind'],
      ['d', 'closed'],
      ['e', 'illegal-state'],
    ]);
    expect(steps[0]).toMatchObject({ ok: true, data: { duplicateOf: 'R-a' }, note: 'R-b → R-a' });
    expect(steps[1]).toMatchObject({ ok: false, status: 409, message: 'R-c is of kind "complaint", R-a of kind "feedback": only cases of the same kind merge' });
    expect(steps[2]).toMatchObject({ message: expect.stringContaining('already closed') });
    expect(steps[3]).toMatchObject({ message: expect.stringContaining('only in received, triaged') });
  });

  it("refuses another customer's case; a case without a customer, or a target without one, merges", () => {
    const mine = (documentId: string, customer: string | null) => ({ ...item(documentId, 'received'), customer });
    const steps = planMerge({ target: mine('a', 'c1'), items: [mine('b', 'c1'), mine('c', 'c2'), mine('d', null)], workflowOf, kindName });
    expect(steps.map((s) => [s.item.documentId, s.ok ? s.action : s.code])).toEqual([
      ['b', 'mark-duplicate'],
      ['c', 'different-customer'],
      ['d', 'mark-duplicate'],
    ]);
    expect(steps[1]).toMatchObject({ status: 409, message: expect.stringContaining('only cases of the same customer merge') });
    expect(planMerge({ target: mine('a', null), items: [mine('b', 'c2')], workflowOf, kindName })[0]).toMatchObject({ ok: true });
  });

  it('refuses kinds whose workflow has no mark-duplicate action, naming it', () => {
    const steps = planMerge({ target: item('a', 'registered', COMPLAINT), items: [item('b', 'registered', COMPLAINT)], workflowOf, kindName });
    expect(steps).toEqual([
      {
        ok: false,
        item: item('b', 'registered', COMPLAINT),
        status: 409,
        code: 'no-merge-action',
        message: 'R-b cannot be merged: the workflow of kind "complaint" has no "mark-duplicate" action to close it as a duplicate',
      },
    ]);
  });

  it('a target that is itself a duplicate cannot survive', () => {
    expect(targetProblem(item('a', 'duplicate'), feedback)).toContain('itself marked as a duplicate');
    expect(targetProblem(item('a', 'closed'), feedback)).toBeNull();
    expect(targetProblem(item('a', 'registered', COMPLAINT), complaint)).toBeNull();
  });

  it('reads the target as one of the selection or a reference, naming the bad field', () => {
    expect(parseMergeTarget({ contentType: FEEDBACK, documentId: 'abc' })).toEqual({ ok: true, value: { contentType: FEEDBACK, documentId: 'abc' } });
    expect(parseMergeTarget({ reference: ' FB-20260310-0001 ' })).toEqual({ ok: true, value: { reference: 'FB-20260310-0001' } });
    const paths = (value: unknown) => {
      const parsed = parseMergeTarget(value);
      return parsed.ok ? [] : parsed.problems.map((p) => p.path.join('.'));
    };
    expect(paths(undefined)).toEqual(['target']);
    expect(paths('FB-1')).toEqual(['target']);
    expect(paths({ reference: 'FB 1; drop' })).toEqual(['target.reference']);
    expect(paths({ contentType: 'feedback', documentId: '' })).toEqual(['target.contentType', 'target.documentId']);
  });

  it('a moved entry keeps its meta and says where it came from', () => {
    const from = { contentType: FEEDBACK, documentId: 'b', reference: 'R-b' };
    expect(JSON.parse(movedEntryMeta('{"messageId":"<x@y>"}', from, '2026-03-10T02:00:00.000Z'))).toEqual({ messageId: '<x@y>', mergedFrom: { ...from, at: '2026-03-10T02:00:00.000Z' } });
    expect(JSON.parse(movedEntryMeta('not json', from, 't'))).toEqual({ mergedFrom: { ...from, at: 't' } });
    expect(JSON.parse(movedEntryMeta(null, from, 't')).mergedFrom.reference).toBe('R-b');
  });

  it('notes on both cases what moved, counted', () => {
    expect(mergeNote('FB-2', 'FB-1', { entries: 3, links: 1, tags: 0 })).toBe('FB-2 → FB-1: moved 3 entries, 1 link, 0 tags');
    expect(mergeNote('CP-2', 'CP-1', { entries: 1, links: 2, tags: 1 })).toBe('CP-2 → CP-1: moved 1 entry, 2 links, 1 tag');
  });
});
