import type { Core } from '@strapi/strapi';
import { dayKey, formatReference } from '../domain/reference';
import { TABLES } from '../constants';

/**
 * Allocates PREFIX-YYYYMMDD-NNNN references from a per-day counter row. The increment runs inside
 * the caller's transaction (or its own), so a rolled-back creation also rolls back its number:
 * references of committed items have no gaps, and the counter row lock serialises concurrent
 * creators on PostgreSQL.
 */
const reference = ({ strapi }: { strapi: Core.Strapi }) => ({
  async allocate(prefix: string, now: Date): Promise<string> {
    const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
    const day = dayKey(now, timeZone);
    return strapi.db.transaction(async ({ trx }) => {
      const result = await trx.raw(
        `INSERT INTO ${TABLES.sequences} (scope, day, value) VALUES (?, ?, 1)
         ON CONFLICT (scope, day) DO UPDATE SET value = ${TABLES.sequences}.value + 1
         RETURNING value`,
        [prefix, day]
      );
      const rows = Array.isArray(result) ? result : result.rows;
      return formatReference(prefix, day, Number(rows[0].value));
    });
  },
});

export default reference;
