import { describeEscalationNote } from '../escalation-note';

describe('escalation notes', () => {
  it('reads the clock, level, step and its values back from the note', () => {
    expect(describeEscalationNote('resolveBy breached: notified department head Wang Manager')).toEqual({
      code: 'notified-head',
      values: { clock: 'resolveBy', level: 'breached', person: 'Wang Manager' },
    });
    expect(describeEscalationNote('resolveBy breached: severity raised from general to important')).toEqual({
      code: 'severity-raised',
      values: { clock: 'resolveBy', level: 'breached', field: 'severity', from: 'general', to: 'important' },
    });
    expect(describeEscalationNote('resolveBy overdue: reassigned from Li Agent to department head Wang Manager')).toEqual({
      code: 'reassigned',
      values: { clock: 'resolveBy', level: 'overdue', from: 'Li Agent', to: 'Wang Manager' },
    });
    expect(describeEscalationNote('acknowledgeBy at-risk: notified assignee Li Agent')?.code).toBe('notified-assignee');
    expect(describeEscalationNote('respondBy breached: notified after-sales head Wang Manager')).toEqual({
      code: 'notified-after-sales-head',
      values: { clock: 'respondBy', level: 'breached', person: 'Wang Manager' },
    });
    // Notes of the former raise-severity step stay readable in old timelines (above); a recount:
    expect(describeEscalationNote('acknowledgeBy recomputed: due 2027-02-11T09:00:00.000Z → 2027-02-05T09:00:00.000Z (calendar "cn-mainland" changed)')).toEqual({
      code: 'due-recomputed',
      values: { clock: 'acknowledgeBy', level: 'recomputed', from: '2027-02-11T09:00:00.000Z', to: '2027-02-05T09:00:00.000Z', calendar: 'cn-mainland' },
    });
    expect(describeEscalationNote('a note someone typed')).toBeNull();
    expect(describeEscalationNote(null)).toBeNull();
  });
});
