/**
 * The proof-of-work CAPTCHA's payload as the ALTCHA widget sends it (the hidden `altcha` field, or
 * the `X-Altcha` header of the public intake): base64 of `{ challenge, solution }`. Pure checks of its
 * shape before any cryptography runs; the signature and the work are checked by altcha-lib.
 */

/** Longest payload accepted (a real one is about 600 characters). */
export const MAX_PAYLOAD_LENGTH = 4000;

/** How long a challenge may be solved and sent (the widget fetches a new one when it expires). */
export const CHALLENGE_LIFETIME_SECONDS = 20 * 60;

export interface CaptchaPayload {
  challenge: { parameters: Record<string, unknown> & { nonce: string; expiresAt: number }; signature: string };
  solution: { counter: number; derivedKey: string; time?: number };
}

export type PayloadReading = { ok: true; payload: CaptchaPayload; challengeId: string } | { ok: false; reason: 'missing' | 'malformed' };

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Reads a payload; `challengeId` is the challenge's signed nonce, the key a solved challenge is claimed under. */
export const readCaptchaPayload = (raw: unknown): PayloadReading => {
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'missing' };
  if (typeof raw !== 'string' || raw.length > MAX_PAYLOAD_LENGTH || !/^[A-Za-z0-9+/=_-]+$/.test(raw)) return { ok: false, reason: 'malformed' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isRecord(decoded) || !isRecord(decoded.challenge) || !isRecord(decoded.solution)) return { ok: false, reason: 'malformed' };
  const { challenge, solution } = decoded;
  const parameters = challenge.parameters;
  if (!isRecord(parameters) || typeof challenge.signature !== 'string') return { ok: false, reason: 'malformed' };
  if (typeof parameters.nonce !== 'string' || !/^[0-9a-f]{16,64}$/.test(parameters.nonce)) return { ok: false, reason: 'malformed' };
  // A challenge without an expiry would be claimable forever: ours always carry one.
  if (typeof parameters.expiresAt !== 'number' || !Number.isFinite(parameters.expiresAt)) return { ok: false, reason: 'malformed' };
  if (!Number.isInteger(solution.counter) || (solution.counter as number) < 0 || typeof solution.derivedKey !== 'string' || !/^[0-9a-f]{2,256}$/.test(solution.derivedKey))
    return { ok: false, reason: 'malformed' };
  return { ok: true, payload: decoded as unknown as CaptchaPayload, challengeId: parameters.nonce };
};

/** The counter a new challenge hides: drawn between half of `maxCounter` and `maxCounter`, so every challenge costs real work. */
export const counterRange = (maxCounter: number): { min: number; max: number } => ({ min: Math.max(1, Math.floor(maxCounter / 2)), max: Math.max(2, maxCounter) });
