/**
 * Win-back (客户挽回): customers who have not bought from us or contacted us for a configured time,
 * or who gave a low satisfaction score at least twice, with the call to make. Pure, no Strapi.
 */

export interface WinBackSettings {
  /** Days without a purchase or a contact after which a customer is lapsed. */
  inactiveDays: number;
  /** A satisfaction score (1–5) below this is low (the manual: under 4 starts a second round). */
  lowScoreBelow: number;
  /** How many low scores put a customer on the list. */
  lowScoreCount: number;
}

export const DEFAULT_WIN_BACK: WinBackSettings = { inactiveDays: 365, lowScoreBelow: 4, lowScoreCount: 2 };

export interface WinBackFacts {
  /** When the customer record was made (ISO): the start of the silence when nothing else is known. */
  since: string;
  /** Latest purchase (YYYY-MM-DD or ISO), from the cases' purchase, order or delivery dates. */
  lastPurchase: string | null;
  /** Latest contact (ISO): a case received from them or a message from them. */
  lastContact: string | null;
  /** Their answered satisfaction scores (1–5). */
  scores: number[];
}

export type WinBackReason = { kind: 'inactive'; lastActivity: string; days: number } | { kind: 'low-scores'; count: number; scores: number[] };

/** The call suggested: an apology call for unhappy customers (it comes first), a check-in call for lapsed ones. */
export type SuggestedCall = 'apology-call' | 'check-in-call';

export interface WinBackEntry {
  reasons: WinBackReason[];
  suggestedCall: SuggestedCall;
}

const DAY = 86_400_000;

const latest = (...values: (string | null)[]) =>
  values
    .filter((v): v is string => !!v)
    .map((v) => new Date(v.length === 10 ? `${v}T00:00:00.000Z` : v))
    .filter((d) => !Number.isNaN(d.getTime()))
    .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;

/** Why this customer should be won back, or null when they need not be. */
export const winBackOf = (facts: WinBackFacts, settings: WinBackSettings, now: Date): WinBackEntry | null => {
  const reasons: WinBackReason[] = [];
  const low = facts.scores.filter((s) => s < settings.lowScoreBelow);
  if (low.length >= settings.lowScoreCount) reasons.push({ kind: 'low-scores', count: low.length, scores: low });
  const last = latest(facts.lastPurchase, facts.lastContact) ?? latest(facts.since);
  if (last) {
    const days = Math.floor((now.getTime() - last.getTime()) / DAY);
    if (days >= settings.inactiveDays) reasons.push({ kind: 'inactive', lastActivity: last.toISOString(), days });
  }
  if (!reasons.length) return null;
  return { reasons, suggestedCall: reasons[0].kind === 'low-scores' ? 'apology-call' : 'check-in-call' };
};

/** Checks the configured settings (the extension's configuration); what is missing or wrong takes its default. */
export const winBackSettings = (input: Partial<Record<keyof WinBackSettings, unknown>>): WinBackSettings => {
  const whole = (value: unknown, min: number, max: number, fallback: number) => (Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : fallback);
  return {
    inactiveDays: whole(input.inactiveDays, 1, 3650, DEFAULT_WIN_BACK.inactiveDays),
    lowScoreBelow: whole(input.lowScoreBelow, 2, 5, DEFAULT_WIN_BACK.lowScoreBelow),
    lowScoreCount: whole(input.lowScoreCount, 1, 20, DEFAULT_WIN_BACK.lowScoreCount),
  };
};
