import { withdrawalReason } from '../withdrawal';

const segmentPlan = { active: true, segment: 'key', customer: null };
const ownPlan = { active: true, segment: null, customer: 'c1' };
const keyCustomer = { documentId: 'c1', segment: 'key', privacyState: 'active' };

describe('withdrawalReason', () => {
  it('keeps a call whose plan still applies', () => {
    expect(withdrawalReason({ plan: segmentPlan, customer: keyCustomer })).toBeNull();
    expect(withdrawalReason({ plan: ownPlan, customer: { ...keyCustomer, segment: 'regular' } })).toBeNull();
  });
  it('withdraws when the plan is deleted or deactivated, whoever it is for', () => {
    expect(withdrawalReason({ plan: null, customer: keyCustomer })).toBe('plan-deleted');
    expect(withdrawalReason({ plan: { ...ownPlan, active: false }, customer: keyCustomer })).toBe('plan-deactivated');
    expect(withdrawalReason({ plan: { ...segmentPlan, active: false }, customer: keyCustomer })).toBe('plan-deactivated');
  });
  it('withdraws an erased customer’s call, and a segment plan’s call of a customer who left the segment', () => {
    expect(withdrawalReason({ plan: segmentPlan, customer: { ...keyCustomer, privacyState: 'erased' } })).toBe('customer-erased');
    // Also on the customer's own plan: the job opens no call for an erased customer.
    expect(withdrawalReason({ plan: ownPlan, customer: { ...keyCustomer, privacyState: 'erased' } })).toBe('customer-erased');
    expect(withdrawalReason({ plan: ownPlan, customer: null })).toBe('customer-erased');
    expect(withdrawalReason({ plan: segmentPlan, customer: { ...keyCustomer, segment: 'regular' } })).toBe('customer-left-segment');
  });
});
