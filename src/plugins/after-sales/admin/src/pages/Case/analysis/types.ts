/** Shapes of the analysis-report and improvement-plan routes (extension after-sales.analysis-reports). */
export const ANALYSIS_REPORT_UID = 'api::analysis-report.analysis-report';
export const IMPROVEMENT_UID = 'api::improvement-record.improvement-record';
export const ANALYSIS_SOURCES = ['api::feedback.feedback', 'api::complaint.complaint'];

export interface CauseCategory {
  id: string;
  title: { en: string; 'zh-Hans': string };
}
export interface ReportSummary {
  documentId: string;
  reference: string | null;
  title: string;
  state: string;
  causeCategory: string | null;
  improvementRecord: { documentId: string; reference: string | null } | null;
}
export interface ReportView extends ReportSummary {
  description: string | null;
  evidence: string | null;
  reproductionSteps: string | null;
  affectedModels: string[];
  affectedBatches: string[];
  serialRanges: { from: string; to: string }[];
  testCases: { title: string; expected: string }[];
  items: { uid: string; documentId: string; reference: string }[];
  categories: CauseCategory[];
}
export interface PlanAction {
  id: number;
  term: 'short' | 'long';
  action: string;
  ownerId: number;
  owner: string | null;
  dueDate: string;
  resources: string | null;
  doneAt: string | null;
  overdue: boolean;
}
export interface PlanView {
  state: string;
  editable: boolean;
  today: string;
  owners: { id: number; name: string }[];
  actions: PlanAction[];
  gaps: string[];
}

/** Shapes of the field-action routes (extension after-sales.field-actions). */
export const SERVICE_RECORD_UID = 'api::service-record.service-record';
export type { FieldActionKind, FieldActionProgress } from '../../../../../shared/field-actions';
import type { FieldActionKind, FieldActionProgress } from '../../../../../shared/field-actions';
export interface FieldActionUnit {
  id: number;
  customer: { documentId: string; name: string | null };
  model: string;
  batch: string | null;
  serialNumber: string | null;
  serviceRecord: { documentId: string; reference: string | null; state: string | null };
  notifiedChannel: string | null;
  notifyProblem: string | null;
  outcome: 'done' | 'refused' | 'unreachable' | null;
  outcomeNote: string | null;
}
export interface FieldActionsView {
  record: { documentId: string; reference: string | null; state: string; mayStart: boolean; productModel: string | null; batch: string | null };
  progress: FieldActionProgress;
  fieldActions: { id: number; kind: FieldActionKind; note: string | null; createdBy: string | null; createdAt: string; progress: FieldActionProgress; units: FieldActionUnit[] }[];
}
export interface FieldActionPreview {
  total: number;
  new: number;
  customers: number;
  units: { customer: { documentId: string; name: string | null }; model: string; batch: string | null; serialNumber: string | null; already: boolean }[];
}
type Choice = 'yes' | 'partly' | 'no';
export interface BetaQuestionReport {
  key: string;
  title: { en: string; 'zh-Hans': string };
  kind: 'yes-partly-no' | 'yes-no';
  answered: number;
  counts: Record<Choice, number>;
  percents: Record<Choice, number | null>;
  comments: { choice: Choice; comment: string }[];
}
export interface BetaTestsView {
  state: string;
  mayStart: boolean;
  minCustomers: number;
  maxCustomers: number;
  candidates: { documentId: string; name: string }[];
  tests: { id: number; name: string; createdBy: string | null; createdAt: string; report: { invited: number; answered: number; responseRate: number | null; questions: BetaQuestionReport[] } }[];
}
export interface VerificationView {
  cases: {
    report: string;
    reportReference: string | null;
    testCase: number;
    title: string;
    expected: string;
    result: 'passed' | 'failed' | null;
    note: string | null;
    verifiedBy: string | null;
    verifiedAt: string | null;
  }[];
  summary: { total: number; passed: number; failed: number; open: number; allPassed: boolean };
  mayVerify: boolean;
}
