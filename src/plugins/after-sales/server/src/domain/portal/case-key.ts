import crypto from 'node:crypto';

/**
 * The per-case key of tracking links in messages after the acknowledgement. The intake's tracking
 * token is shown once and only its hash is stored, so a later message (result, reopening…) cannot
 * repeat it; it carries this key instead: an HMAC of the case (content type and documentId) by a
 * server secret, 32 base64url characters (192 bits). Pure: the secret is passed in.
 */
export const CASE_KEY_LENGTH = 32;

export const caseKey = (secret: string, contentType: string, documentId: string): string =>
  crypto.createHmac('sha256', secret).update(`after-sales.tracking\u0000${contentType}\u0000${documentId}`, 'utf8').digest('base64url').slice(0, CASE_KEY_LENGTH);

/** Whether a presented key is the case's key (constant time; an empty secret or key never matches). */
export const caseKeyMatches = (secret: string, contentType: string, documentId: string, presented: string): boolean => {
  if (!secret || typeof presented !== 'string' || presented.length !== CASE_KEY_LENGTH) return false;
  const expected = Buffer.from(caseKey(secret, contentType, documentId), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
};
