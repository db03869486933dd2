import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

const KEY_LIFETIME_MS = 24 * 3600 * 1000;

export type IdempotencyStart =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in-flight' }
  | { kind: 'mismatch' };

export const requestHash = (body: unknown) => crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/**
 * `Idempotency-Key` bookkeeping in the database (shared by all instances): the first request with
 * a key claims it, a repeat with the same body gets the first answer, a repeat with another body
 * is refused, and a repeat while the first is still running is told so.
 */
const idempotency = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.connection(TABLES.idempotencyKeys);
  return {
    async begin(scope: string, key: string, hash: string): Promise<IdempotencyStart> {
      const now = getService(strapi, 'clock').now();
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await table().insert({ scope, key, request_hash: hash, status: 'in-flight', created_at: now.toISOString() });
          return { kind: 'new' };
        } catch {
          const row = await table().where({ scope, key }).first();
          if (!row) continue;
          if (new Date(row.created_at).getTime() < now.getTime() - KEY_LIFETIME_MS) {
            await table().where({ scope, key, created_at: row.created_at }).del();
            continue;
          }
          if (row.request_hash !== hash) return { kind: 'mismatch' };
          if (row.status !== 'done') return { kind: 'in-flight' };
          return { kind: 'replay', status: Number(row.response_status), body: JSON.parse(row.response_body) };
        }
      }
      return { kind: 'in-flight' };
    },
    async complete(scope: string, key: string, status: number, body: unknown) {
      await table().where({ scope, key }).update({ status: 'done', response_status: status, response_body: JSON.stringify(body) });
    },
    async abandon(scope: string, key: string) {
      await table().where({ scope, key, status: 'in-flight' }).del();
    },
  };
};

export default idempotency;
