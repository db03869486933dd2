import { CONTENT_TYPES } from '../../extension-api';

export const ANALYSIS_REPORT = 'api::analysis-report.analysis-report';
export const IMPROVEMENT_RECORD = CONTENT_TYPES.improvementRecord;
/** The kinds of item an analysis report is opened from, and the relation of the report that links them. */
export const SOURCES: Record<string, { relation: 'feedbacks' | 'complaints' }> = {
  [CONTENT_TYPES.feedback]: { relation: 'feedbacks' },
  [CONTENT_TYPES.complaint]: { relation: 'complaints' },
};
/** The department that leads a root-cause analysis (技术支持团队牵头), when it exists. */
export const LEAD_DEPARTMENT = 'technical';
export const WIDGET_OVERDUE_ACTIONS = 'after-sales.analysis.overdue-plan-actions';
export const SECTION_SAME_ISSUES = 'after-sales.analysis.same-issues';
export const JOB_OVERDUE_ACTIONS = 'after-sales.analysis.overdue-actions';
/** The message telling a customer that the fix of their issue shipped (editable in the template editor). */
export const FIX_RELEASED_TEMPLATE = 'improvement.fix-released';
export const JOB_FIX_NOTICES = 'after-sales.analysis.fix-notices';
export const SECTION_FIX_EFFECT = 'after-sales.analysis.fix-effect';
