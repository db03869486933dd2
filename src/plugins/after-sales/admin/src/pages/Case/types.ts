import type { WorkflowActions } from '../../components/WorkflowPanel/types';

export interface Delivery {
  status: string;
  channel: string;
  recipient: string | null;
  sentAt: string | null;
  error: string | null;
  /** Sent on another channel than the customer's preferred one (`from`, null without a preference), and why. */
  fallback?: { from: string | null; reason: string } | null;
  /** Why no channel could carry it, when none could. */
  unreachable?: string | null;
  /** The provider's delivery receipt: accepted, delivered, undelivered. */
  deliveryStatus?: string | null;
}
export interface Attachment {
  fileId: number;
  name: string;
  mime: string;
  size: number;
}
export type ThreadItem =
  | {
      type: 'message-in' | 'reply' | 'note';
      key: string;
      at: string;
      channel: string | null;
      author: { kind: string; name: string };
      text: string | null;
      attachments: Attachment[];
      delivery: Delivery | null;
      /** The duplicate case this entry came from, when that case was merged into this one. */
      mergedFrom?: string | null;
    }
  | { type: 'message-out'; key: string; at: string; templateKey: string; subject: string | null; text: string | null; delivery: Delivery }
  | {
      type: 'state-change';
      key: string;
      at: string;
      action: string;
      actionTitle: string | null;
      from: string | null;
      to: string | null;
      toTitle: string | null;
      actor: string | null;
      note: string | null;
    }
  | { type: 'escalation'; key: string; at: string; note: string | null; noteCode?: unknown }
  | { type: 'survey'; key: string; at: string; score: number; comment: string | null };

export interface CaseView {
  kind: string;
  contentType: string;
  documentId: string;
  reference: string | null;
  version: number;
  state: string;
  stateTitle: string;
  stateCategory: string | null;
  severity: string | null;
  escalationLevel: string | null;
  summary: string | null;
  owner: string | null;
  assignee: string | null;
  department: string | null;
  clocks: { clock: string; dueAt: string; paused: boolean; breached: boolean; remainingWorkingMs: number; measure?: 'business' | 'elapsed'; workingDayMs?: number }[];
  customer: { documentId: string; name: string; company: string | null; phone?: string | null; email?: string | null; wechat?: string | null } | null;
  product: { name: string | null; modelCode: string | null } | null;
  batch: string | null;
  thread: ThreadItem[];
  /** The actions this user may take now, with the fields each asks for (the workflow API's answer, as the side panel reads it). */
  actions: WorkflowActions;
  /** Which of those fields the record already has a value for. */
  filled: string[];
  templates: { id: string; subject: string }[];
  reply: { reachable: boolean; channel?: string; reason?: string };
  may: { reply: boolean; note: boolean };
  limits: { maxBytes: number; maxCount: number };
}
