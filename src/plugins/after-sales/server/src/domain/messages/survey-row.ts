/**
 * A row of `after_sales_surveys` (a satisfaction survey invitation and its answer) as raw knex returns it, for the
 * services that read the table beside the messages extension (the case screen, the customer page, privacy access).
 * Text datetimes (ISO); `expires_at` is epoch milliseconds, a bigint that PostgreSQL returns as text.
 */
export interface SurveyRow {
  id: number | string;
  token_hash: string;
  content_type: string;
  document_id: string;
  reference: string | null;
  locale: string | null;
  expires_at: number | string;
  answered_at: string | null;
  score: number | null;
  comment: string | null;
  created_at: string;
}

/** A survey row that has its answer (read with `whereNotNull('answered_at')`). */
export type AnsweredSurveyRow = SurveyRow & { answered_at: string };
