export interface FieldDescriptor {
  type: string;
  enum?: string[];
  multiple?: boolean;
  choices?: { value: string | number; label: string }[];
}

export interface WorkflowAction {
  id: string;
  title: string;
  to: string | null;
  outcomes: string[] | null;
  fields: string[];
  requiredFields: string[];
  noteRequired: boolean;
  approval: { departments: string[]; decision: string } | null;
}

export interface WorkflowActions {
  workflow: string;
  reference: string | null;
  state: string;
  stateTitle: string;
  stateCategory: 'new' | 'open' | 'paused' | 'done' | null;
  version: number;
  actions: WorkflowAction[];
  fields: Record<string, FieldDescriptor>;
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note?: string | null;
  /** An escalation note read back into a code and its values, to say it in the user's language. */
  noteCode?: { code: string; values: Record<string, string> } | null;
  actor?: { kind: string; name: string };
  changedFields: string[];
}

/**
 * Content types the built-in workflows run: what the admin assumes until `GET /after-sales/item-kinds`
 * has answered (utils/itemKinds.ts `useWorkflowContentTypes`), which lists every item kind.
 */
export const WORKFLOW_CONTENT_TYPES = ['api::feedback.feedback', 'api::complaint.complaint', 'api::service-record.service-record', 'api::improvement-record.improvement-record'];

export interface MessageSummary {
  id: number;
  templateKey: string;
  subject: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'held';
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
