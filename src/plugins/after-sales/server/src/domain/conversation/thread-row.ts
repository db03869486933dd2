/**
 * A row of `after_sales_thread_entries` (one entry of a work item's conversation: a customer message, a reply or an
 * internal note) as raw knex returns it, for the thread service and whatever reads the table beside it. `created_at`
 * is ISO text; `attachments` and `meta` are JSON, as text.
 */
export interface ThreadRow {
  id: number | string;
  content_type: string;
  document_id: string;
  reference: string | null;
  entry_kind: string;
  visibility: string;
  channel: string | null;
  author_kind: string;
  author_id: string | null;
  author_name: string | null;
  body_text: string | null;
  attachments: string | null;
  external_id: string | null;
  outbox_id: number | string | null;
  meta: string | null;
  created_at: string;
}
