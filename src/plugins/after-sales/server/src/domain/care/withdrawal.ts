/**
 * When an open care call opened by a plan no longer applies, and why: its plan was deleted or
 * deactivated; when its customer was erased; for a segment plan also when the customer left the plan's
 * segment (a customer's own plan's call otherwise goes only with the plan). Pure: the caller reads the
 * call, its plan and its customer.
 */
export type WithdrawalReason = 'plan-deleted' | 'plan-deactivated' | 'customer-erased' | 'customer-left-segment';

export interface OpenPlanCall {
  /** The call's plan, or null when the plan was deleted. */
  plan: { active: boolean; segment: string | null; customer: string | null } | null;
  customer: { documentId: string; segment: string | null; privacyState: string | null } | null;
}

export const withdrawalReason = ({ plan, customer }: OpenPlanCall): WithdrawalReason | null => {
  if (!plan) return 'plan-deleted';
  if (!plan.active) return 'plan-deactivated';
  // An erased customer is called by no plan (the job opens no call for them either).
  if (!customer || customer.privacyState === 'erased') return 'customer-erased';
  // A customer's own plan otherwise goes only with the plan.
  if (plan.customer) return null;
  if (plan.segment && (customer.segment ?? null) !== plan.segment) return 'customer-left-segment';
  return null;
};

/** The note of the withdrawal's audit event, in both languages. */
export const WITHDRAWAL_NOTES: Record<WithdrawalReason, string> = {
  'plan-deleted': 'care plan deleted / 关怀计划已删除',
  'plan-deactivated': 'care plan deactivated / 关怀计划已停用',
  'customer-erased': 'customer erased / 客户个人数据已删除',
  'customer-left-segment': 'customer left the plan’s segment / 客户已不属于该计划的客户分级',
};
