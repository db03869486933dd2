/**
 * A row of `after_sales_nps_invitations` (a loyalty survey invitation and its answer) as raw knex returns it, for the
 * loyalty extension's results and privacy access. Text datetimes (ISO); `expires_at` is epoch milliseconds, a bigint
 * that PostgreSQL returns as text.
 */
export interface NpsInvitationRow {
  id: number;
  campaign_id: number;
  customer_document_id: string;
  segment: string | null;
  token_hash: string;
  locale: string;
  expires_at: number | string;
  created_at: string;
  answered_at: string | null;
  score: number | null;
  comment: string | null;
  care_call_document_id: string | null;
}

/** An invitation that has its answer (read with `whereNotNull('answered_at')`). */
export type AnsweredNpsInvitationRow = NpsInvitationRow & { answered_at: string };
