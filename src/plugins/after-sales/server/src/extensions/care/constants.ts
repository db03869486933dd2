/** The care extension's content types, job and permission (its own, not the core's). */
export const CARE_PLAN = 'api::care-plan.care-plan';
export const CARE_CALL = 'api::care-call.care-call';
export const CARE_WORKFLOW = 'care-call';
export const LOG_OUTCOME = 'log-outcome';
/** The system's transition of a call its plan no longer applies to (the generating job takes it). */
export const WITHDRAW = 'withdraw';
export const GENERATE_JOB = 'care.generate-calls';
export const CARE_PERMISSION = 'care.calls';

/** The feedback channel a care call's issue is registered under, by the call's channel. */
export const FEEDBACK_CHANNEL: Record<string, string> = { phone: 'hotline', sms: 'hotline', wechat: 'social', email: 'email', visit: 'field' };
