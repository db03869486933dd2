import { withConfiguredApprovers } from '../configured-approvers';
import { planTransition } from '../plan-transition';
import type { WorkflowDefinition } from '../types';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';

const complaint = complaintPackage.afterSales.contributes.workflows[0] as unknown as WorkflowDefinition;
const approvalOf = (workflow: WorkflowDefinition, id: string) => workflow.transitions.find((t) => t.id === id)!.approval!;
const NOW = new Date('2026-03-04T05:06:07.890Z');

describe('withConfiguredApprovers', () => {
  it('keeps the manifest’s four departments when nothing is saved', () => {
    expect(withConfiguredApprovers(complaint, {})).toBe(complaint);
    expect(approvalOf(complaint, 'approve-plan').departments).toEqual(['after-sales', 'sales', 'technical', 'quality']);
  });

  it('takes the saved set for approving and rejecting, trimmed and without repeats, leaving the definition unchanged', () => {
    const configured = withConfiguredApprovers(complaint, { seriousPlanApprovers: [' quality', 'after-sales', 'quality'] });
    expect(approvalOf(configured, 'approve-plan').departments).toEqual(['quality', 'after-sales']);
    expect(approvalOf(configured, 'reject-plan').departments).toEqual(['quality', 'after-sales']);
    expect(approvalOf(complaint, 'approve-plan').departments).toEqual(['after-sales', 'sales', 'technical', 'quality']);
  });

  it.each([[[]], ['quality'], [[1, 2]], [['']], [null]])('ignores an unusable saved value %j', (value) => {
    expect(withConfiguredApprovers(complaint, { seriousPlanApprovers: value })).toBe(complaint);
  });

  it('two approvals complete a plan once the set names two departments; a head outside it is refused', () => {
    const configured = withConfiguredApprovers(complaint, { seriousPlanApprovers: ['after-sales', 'quality'] });
    const record = { state: 'plan-proposed', approvals: [] };
    const sales = planTransition({ workflow: configured, record, actionId: 'approve-plan', actor: { id: 1, name: 'S', headOf: ['sales'] }, now: NOW });
    expect(sales).toMatchObject({ ok: false, status: 403, code: 'not-an-approver' });
    const first = planTransition({ workflow: configured, record, actionId: 'approve-plan', actor: { id: 2, name: 'A', headOf: ['after-sales'] }, now: NOW });
    if (!first.ok) throw new Error(first.message);
    expect(first.to).toBe('plan-proposed');
    const second = planTransition({
      workflow: configured,
      record: { ...record, approvals: first.changes.approvals },
      actionId: 'approve-plan',
      actor: { id: 3, name: 'Q', headOf: ['quality'] },
      now: NOW,
    });
    expect(second).toMatchObject({ ok: true, to: 'approved' });
  });
});
