import crypto from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A Strapi-style document id: 24 lower-case letters and digits, starting with a letter. */
export const newDocumentId = (): string => {
  const bytes = crypto.randomBytes(24);
  let id = ALPHABET[bytes[0] % 26];
  for (let i = 1; i < 24; i++) id += ALPHABET[bytes[i] % 36];
  return id;
};

/** An unguessable token for a customer link (tracking, survey), and the hash we store instead. */
export const newSecretToken = (): string => crypto.randomBytes(24).toString('base64url');
export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

/** Compares a presented token with a stored hash in constant time. */
export const tokenMatches = (token: string, storedHash: string | null | undefined): boolean => {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  return crypto.timingSafeEqual(presented, stored) && !!storedHash;
};
