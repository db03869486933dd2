import { clockFieldsByWorkflow, inClockOrder, itemKindProblems, type ItemKind } from '../item-kind';

const feedback: ItemKind = {
  id: 'feedback',
  contentType: 'api::feedback.feedback',
  referencePrefix: 'FB',
  collection: 'feedback',
  intake: { kind: 'feedback' },
  clocks: [{ field: 'acknowledgeBy' }, { field: 'resolveBy' }],
};
const improvement: ItemKind = { id: 'improvement', contentType: 'api::improvement-record.improvement-record', referencePrefix: 'IR', clocks: [{ field: 'planBy' }] };
const knowledge: ItemKind = { id: 'knowledge', contentType: 'api::knowledge-article.knowledge-article', referencePrefix: 'KA' };

describe('item kinds', () => {
  it('the clock fields SLA policies may run, by workflow: only kinds that declare clocks', () => {
    expect(clockFieldsByWorkflow([feedback, improvement, knowledge])).toEqual({ feedback: ['acknowledgeBy', 'resolveBy'], improvement: ['planBy'] });
  });

  it('orders clocks the way the kind declares them, unknown ones last', () => {
    const rows = [{ clock: 'stray' }, { clock: 'resolveBy' }, { clock: 'acknowledgeBy' }];
    expect(inClockOrder(feedback, rows).map((r) => r.clock)).toEqual(['acknowledgeBy', 'resolveBy', 'stray']);
    expect(inClockOrder(undefined, rows)).toEqual(rows);
  });

  it('names what clashes with a kind loaded before it', () => {
    expect(itemKindProblems(improvement, [feedback, improvement])).toEqual([]);
    const clash: ItemKind = { ...knowledge, contentType: feedback.contentType, referencePrefix: 'FB', collection: 'feedback', intake: { kind: 'feedback' } };
    expect(itemKindProblems(clash, [feedback, clash]).map((p) => p.field)).toEqual(['contentType', 'referencePrefix', 'collection', 'intake.kind']);
    expect(itemKindProblems({ ...improvement, clocks: [{ field: 'planBy' }, { field: 'planBy' }] }, []).map((p) => p.field)).toEqual(['clocks[1].field']);
  });
});
