/**
 * The retention policy (PIPL art. 19 and 47: keep personal data no longer than needed): a
 * customer with no open item and no activity for `months` months is anonymised. Pure functions.
 */
export interface RetentionPolicy {
  enabled: boolean;
  months: number;
  batchSize: number;
}

export interface RetentionCandidate {
  documentId: string;
  /** The latest of the customer's own update time and every one of their items' update times. */
  lastActivityAt: Date;
  openItems: number;
  erased: boolean;
}

/** The instant before which the last activity must lie: `months` calendar months before now (UTC), clamped to the month's end. */
export const retentionCutoff = (now: Date, months: number): Date => {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const target = new Date(Date.UTC(year, month, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
};

export const isEligible = (candidate: RetentionCandidate, cutoff: Date): boolean => !candidate.erased && candidate.openItems === 0 && candidate.lastActivityAt.getTime() < cutoff.getTime();
