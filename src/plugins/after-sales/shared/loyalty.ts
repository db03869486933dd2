/** Loyalty (NPS) survey shapes shared by the server (the extension API) and the admin (the customer page). */

/** One of a customer's loyalty survey invitations, as the staff customer page lists it. */
export interface CustomerLoyaltyInvitation {
  campaign: string;
  /** `open`: sent, not answered, its link still open; `expired`: not answered and closed. */
  status: 'answered' | 'open' | 'expired';
  /** 0–10 when answered, else null. */
  score: number | null;
  /** promoter 9–10, passive 7–8, detractor 0–6; null when not answered. */
  group: 'promoter' | 'passive' | 'detractor' | null;
  /** The customer's comment, unmasked. */
  comment: string | null;
  sentAt: string;
  answeredAt: string | null;
}
