import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

const KEY_LIFETIME_MS = 24 * 3600 * 1000;

export type IdempotencyStart = { kind: 'new'; claim: string } | { kind: 'replay'; status: number; body: unknown } | { kind: 'in-flight' } | { kind: 'mismatch' };

export const requestHash = (body: unknown) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');

/** Raised inside the creating transaction when another request took the key over: it rolls back. */
export class IdempotencyClaimLost extends Error {
  constructor() {
    super('the Idempotency-Key was taken over by a retry');
  }
}

/**
 * `Idempotency-Key` bookkeeping in the database (shared by all instances): the first request with
 * a key claims it, a repeat with the same body gets the first answer, a repeat with another body
 * is refused, and a repeat while the first is still running is told so.
 *
 * Surviving crashes: the answer is stored in the transaction that creates the item (`complete`
 * with the caller's `trx`), so an item never exists without its stored answer. A claim left
 * `in-flight` by a killed instance or a lost database connection is taken over by a retry once it
 * is older than `idempotencyInFlightMs` (wall-clock time); the new claim token makes the original
 * request's `complete` fail and its transaction roll back, should it still be running.
 */
const idempotency = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = (trx?: Knex) => (trx ?? strapi.db.connection)(TABLES.idempotencyKeys);
  const staleAfterMs = () => strapi.config.get<number>('plugin::after-sales.idempotencyInFlightMs', 30_000);
  const newClaim = () => crypto.randomBytes(12).toString('hex');
  return {
    async begin(scope: string, key: string, hash: string): Promise<IdempotencyStart> {
      const now = getService(strapi, 'clock').now();
      for (let attempt = 0; attempt < 3; attempt++) {
        const claim = newClaim();
        const inserted = await table()
          .insert({ scope, key, request_hash: hash, status: 'in-flight', created_at: now.toISOString(), claim, claimed_at: Date.now() })
          .onConflict(['scope', 'key'])
          .ignore()
          .returning('key');
        if (inserted.length) return { kind: 'new', claim };
        const row = await table().where({ scope, key }).first();
        if (!row) continue;
        if (new Date(row.created_at).getTime() < now.getTime() - KEY_LIFETIME_MS) {
          await table().where({ scope, key, created_at: row.created_at }).del();
          continue;
        }
        if (row.request_hash !== hash) return { kind: 'mismatch' };
        if (row.status === 'done') return { kind: 'replay', status: Number(row.response_status), body: JSON.parse(row.response_body) };
        const claimedAt = row.claimed_at === null || row.claimed_at === undefined ? new Date(row.created_at).getTime() : Number(row.claimed_at);
        if (Date.now() - claimedAt < staleAfterMs()) return { kind: 'in-flight' };
        // A stale claim (its instance died, or its database connection was lost): take it over.
        const guard = row.claim === null || row.claim === undefined ? { claim: null } : { claim: row.claim };
        const taken = await table().where({ scope, key, status: 'in-flight' }).andWhere(guard).update({ claim, claimed_at: Date.now() });
        if (taken === 1) return { kind: 'new', claim };
      }
      return { kind: 'in-flight' };
    },
    /**
     * Stores the answer. Pass the transaction that created the item: when the claim was taken over
     * meanwhile this throws `IdempotencyClaimLost`, and the creation rolls back.
     */
    async complete(scope: string, key: string, claim: string, status: number, body: unknown, trx?: Knex) {
      const updated = await table(trx)
        .where({ scope, key, claim, status: 'in-flight' })
        .update({ status: 'done', response_status: status, response_body: JSON.stringify(body) });
      if (updated !== 1) throw new IdempotencyClaimLost();
    },
    async abandon(scope: string, key: string, claim: string) {
      await table().where({ scope, key, claim, status: 'in-flight' }).del();
    },
  };
};

export default idempotency;
