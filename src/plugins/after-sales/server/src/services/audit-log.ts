import type { Knex } from 'knex';
import { TABLES } from '../constants';

/**
 * The one writer of the audit table (`after_sales_audit_events`): every workflow step, intake,
 * decision and system event is appended here, in the caller's transaction. Rows are written
 * through `auditRowOf`, the typed mapper of this table.
 */
export interface AuditEvent {
  contentType: string;
  documentId: string;
  reference?: string | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  actor: { kind: string; id?: string | number | null; name?: string | null };
  note?: string | null;
  /** Stored as JSON; omitted: null. */
  changedFields?: string[];
  version?: number | null;
  at: Date;
}

/** A row of the audit table as written. */
export interface AuditRow {
  content_type: string;
  document_id: string;
  reference: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  changed_fields: string | null;
  version: number | null;
  created_at: string;
}

const auditRowOf = (event: AuditEvent): AuditRow => ({
  content_type: event.contentType,
  document_id: event.documentId,
  reference: event.reference ?? null,
  action: event.action,
  from_state: event.fromState ?? null,
  to_state: event.toState ?? null,
  actor_kind: event.actor.kind,
  actor_id: event.actor.id === null || event.actor.id === undefined ? null : String(event.actor.id),
  actor_name: event.actor.name ?? null,
  note: event.note ?? null,
  changed_fields: event.changedFields ? JSON.stringify(event.changedFields) : null,
  version: event.version ?? null,
  created_at: event.at.toISOString(),
});

/** Appends one event (pass the transaction of the change it records). */
export const appendAudit = async (db: Knex | Knex.Transaction, event: AuditEvent): Promise<void> => {
  await db(TABLES.auditEvents).insert(auditRowOf(event));
};

/** Erasure (privacy): the one change an audit row ever takes, its note and actor name scrubbed. */
export const redactAuditEvent = async (db: Knex | Knex.Transaction, id: number, values: { note: string | null; actor_name: string | null }): Promise<void> => {
  await db(TABLES.auditEvents).where({ id }).update(values);
};
