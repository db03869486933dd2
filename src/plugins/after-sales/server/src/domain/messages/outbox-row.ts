/**
 * A row of `after_sales_outbox` (one message to a customer, queued in the transaction that caused it and delivered by
 * the dispatcher) as raw knex returns it, for the outbox service that writes and reads it. Datetimes are ISO text;
 * `next_attempt_at` and `lease_until` are epoch milliseconds, bigints that PostgreSQL returns as text. `variables`,
 * `attachments` and `fallback_message` are JSON, as text.
 */
export interface OutboxRow {
  id: number | string;
  dedupe_key: string;
  content_type: string | null;
  document_id: string | null;
  reference: string | null;
  template_key: string;
  channel: string;
  locale: string | null;
  recipient: string | null;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  status: string;
  attempts: number | string;
  next_attempt_at: number | string;
  lease_until: number | string | null;
  lease_owner: string | null;
  last_error: string | null;
  /** Nullable in the schema; the outbox always writes it (an `OutboxMessage`'s `trigger`). */
  trigger: string;
  created_at: string;
  sent_at: string | null;
  requested_channel: string | null;
  fallback_reason: string | null;
  provider_message_id: string | null;
  delivery_status: string | null;
  delivered_at: string | null;
  fallback_message: string | null;
  variables: string | null;
  attachments: string | null;
}

/** A row the dispatcher has claimed (status `sending`, leased to it until `lease_until`). */
export type ClaimedOutboxRow = OutboxRow & { lease_until: number | string };
