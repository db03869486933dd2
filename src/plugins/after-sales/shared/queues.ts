/** The work queues' rows, shared by the server (`staffQueue.page`, extension after-sales.queues) and the admin's queue page. */

/** One row of a work queue; `customer` as stored (guard it with `contactData.guard` before answering). */
export interface QueueRow {
  kind: string;
  contentType: string;
  id: number;
  documentId: string;
  reference: string | null;
  state: string;
  stateTitle: string;
  summary: string | null;
  severity: string | null;
  department: { code: string; name: string } | null;
  assignee: { id: number; name: string } | null;
  customer: Record<string, unknown> | null;
  nextDue: { clock: string; dueAt: string; remainingWorkingMs: number; breached: boolean; measure: 'business' | 'elapsed'; workingDayMs: number | null } | null;
  escalationLevel: string | null;
  version: number | null;
  updatedAt: string | null;
}
