/**
 * A row of `after_sales_audit_events` (one event of an item's audit trail, written by the audit service) as raw knex
 * returns it, for the services that read the trail (the workflow's timeline). `created_at` is a timestamp: a Date or
 * text on PostgreSQL, epoch milliseconds on SQLite; `changed_fields` is a JSON array of field names, as text.
 */
export interface AuditEventRow {
  id: number | string;
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
  created_at: string | number | Date;
}
