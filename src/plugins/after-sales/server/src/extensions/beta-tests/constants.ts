import { CONTENT_TYPES } from '../../extension-api';

/** The beta-tests extension's names. */
export const INVITATION_TEMPLATE = 'beta.invitation';
export const CUSTOMER = CONTENT_TYPES.customer;
export const IMPROVEMENT_RECORD = CONTENT_TYPES.improvementRecord;
export const ANALYSIS_REPORT = 'api::analysis-report.analysis-report';
export const INVITE_PERMISSION = 'beta-tests.invite';
export const VERIFY_PERMISSION = 'beta-tests.verify';
/** A beta test starts once the plan is approved (the fix exists), and before the customers' verification is recorded. */
export const BETA_STATES = ['approved', 'internally-verified'];
