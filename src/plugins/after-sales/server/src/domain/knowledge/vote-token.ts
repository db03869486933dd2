import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * "Was this helpful" without cookies: the article page carries a short-lived vote token, an HMAC of
 * the article (document and language), the visitor (client address key and browser) and the time
 * window the page was served in. The same visitor reloading the page within the window gets the
 * same token, so a second vote replaces the first instead of counting twice; the server keeps only
 * the token's hash beside the vote, never the address. A token is accepted during its window and
 * the next one, then the page must be reloaded.
 */
export const VOTE_WINDOW_MS = 2 * 60 * 60 * 1000;

export interface VoteSubject {
  documentId: string;
  locale: string;
  /** What tells visitors apart without storing it: the client address key and the User-Agent. */
  visitor: string;
}

const mac = (secret: string, subject: VoteSubject, windowStart: number) =>
  createHmac('sha256', secret).update(`kb-vote\u0000${subject.documentId}\u0000${subject.locale}\u0000${subject.visitor}\u0000${windowStart}`).digest('base64url');

/** The token for the article page served at `now`: `<window start>.<mac>`. */
export const issueVoteToken = (secret: string, subject: VoteSubject, now: number): string => {
  const windowStart = Math.floor(now / VOTE_WINDOW_MS) * VOTE_WINDOW_MS;
  return `${windowStart.toString(36)}.${mac(secret, subject, windowStart)}`;
};

export type VoteTokenCheck = { ok: true; voter: string } | { ok: false; reason: 'malformed' | 'expired' | 'forged' };

/**
 * Checks a token sent back with a vote by the same visitor. `voter` (the dedupe key stored with the
 * vote) is a hash of the token, so the stored row cannot be turned back into an address.
 */
export const checkVoteToken = (secret: string, token: unknown, subject: VoteSubject, now: number): VoteTokenCheck => {
  if (typeof token !== 'string' || token.length > 100) return { ok: false, reason: 'malformed' };
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const windowStart = parseInt(match[1], 36);
  if (windowStart % VOTE_WINDOW_MS !== 0) return { ok: false, reason: 'malformed' };
  const current = Math.floor(now / VOTE_WINDOW_MS) * VOTE_WINDOW_MS;
  if (windowStart > current || windowStart < current - VOTE_WINDOW_MS) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(mac(secret, subject, windowStart));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  return { ok: true, voter: createHmac('sha256', secret).update(`kb-voter\u0000${token}`).digest('hex') };
};

/** What a stored vote change does to the counters: a new vote adds one, a changed vote moves one, a repeated vote nothing. */
export const voteCounterChange = (previous: boolean | null, helpful: boolean): { helpful: number; notHelpful: number } => {
  if (previous === helpful) return { helpful: 0, notHelpful: 0 };
  const add = helpful ? { helpful: 1, notHelpful: 0 } : { helpful: 0, notHelpful: 1 };
  if (previous === null) return add;
  return helpful ? { helpful: 1, notHelpful: -1 } : { helpful: -1, notHelpful: 1 };
};
