import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { CHALLENGE_LIFETIME_SECONDS, counterRange, readCaptchaPayload } from '../../domain/portal/captcha';
import { TABLES, oncePerStrapi } from '../../extension-api';

/** PBKDF2 in WebCrypto: every browser has it natively, so phones inside WeChat solve it without WebAssembly. */
const ALGORITHM = 'PBKDF2/SHA-256';

export type CaptchaVerdict = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' | 'replayed' | 'unavailable' };

/**
 * The self-hosted proof-of-work CAPTCHA (ALTCHA): challenges signed with the configured HMAC key,
 * solved in the browser by the `altcha` widget, verified here, and each solved challenge accepted
 * once. The claim is an insert under the challenge's signed nonce (primary key), so two instances
 * receiving the same solution at the same moment cannot both accept it.
 */
const captcha = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => strapi.config.get('plugin::after-sales.altcha', { hmacKey: '', cost: 2000, maxCounter: 5000 }) as { hmacKey: string; cost: number; maxCounter: number };
  /** A second key, derived from the first, signs the hidden key so a solution is checked with one HMAC instead of a PBKDF2 run. */
  const keys = () => {
    const { hmacKey } = settings();
    if (!hmacKey) return null;
    return { signature: hmacKey, keySignature: crypto.createHmac('sha256', hmacKey).update('after-sales altcha key signature').digest('hex') };
  };

  /** Marks a solved challenge as used until it expires; false when it already was. */
  const claim = async (challengeId: string, expiresAtSeconds: number): Promise<boolean> => {
    const knex = strapi.db.connection;
    await knex(TABLES.captchaClaims).where('expires_at', '<', Date.now()).del();
    const inserted = await knex(TABLES.captchaClaims)
      .insert({ challenge_id: challengeId, expires_at: Math.ceil(expiresAtSeconds * 1000) })
      .onConflict('challenge_id')
      .ignore()
      .returning('challenge_id');
    return inserted.length > 0;
  };

  return {
    /** Whether challenges can be issued (a key is configured). */
    available: () => keys() !== null,

    /** A new challenge, as the widget fetches it (`{ parameters, signature }`). */
    async challenge() {
      const secrets = keys();
      if (!secrets) return null;
      const { cost, maxCounter } = settings();
      const { min, max } = counterRange(maxCounter);
      return createChallenge({
        algorithm: ALGORITHM,
        cost,
        counter: crypto.randomInt(min, max + 1),
        deriveKey,
        expiresAt: new Date(Date.now() + CHALLENGE_LIFETIME_SECONDS * 1000),
        hmacSignatureSecret: secrets.signature,
        hmacKeySignatureSecret: secrets.keySignature,
      });
    },

    /** Checks a widget payload and claims it: accepted once, never a forged, expired or replayed one. */
    async verify(raw: unknown): Promise<CaptchaVerdict> {
      const secrets = keys();
      if (!secrets) return { ok: false, reason: 'unavailable' };
      const read = readCaptchaPayload(raw);
      if (!read.ok) return { ok: false, reason: read.reason };
      const { challenge, solution } = read.payload;
      if (challenge.parameters.algorithm !== ALGORITHM) return { ok: false, reason: 'forged' };
      let result;
      try {
        result = await verifySolution({ challenge: challenge as never, solution, deriveKey, hmacSignatureSecret: secrets.signature, hmacKeySignatureSecret: secrets.keySignature });
      } catch {
        return { ok: false, reason: 'forged' };
      }
      if (result.expired) return { ok: false, reason: 'expired' };
      if (!result.verified) return { ok: false, reason: 'forged' };
      return (await claim(read.challengeId, challenge.parameters.expiresAt)) ? { ok: true } : { ok: false, reason: 'replayed' };
    },
  };
};

/** The CAPTCHA service of this Strapi (one instance for its route and the plugin's service list). */
export const captchaOf = oncePerStrapi((strapi) => captcha({ strapi }));

export default ({ strapi }: { strapi: Core.Strapi }) => captchaOf(strapi);
export type CaptchaService = ReturnType<typeof captcha>;
