import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dayKey, formatReference } from '../domain/reference';
import { TABLES } from '../constants';

/**
 * Allocates PREFIX-YYYYMMDD-NNNN references from a per-day counter row. The increment runs inside
 * the caller's transaction (or its own), so a rolled-back creation also rolls back its number:
 * references of committed items have no gaps, and the counter row lock serialises concurrent
 * creators on PostgreSQL.
 */
/** The day's counter row taken (created at 1, else incremented): the statement that locks it until the commit. */
const NEXT_VALUE = `INSERT INTO ${TABLES.sequences} (scope, day, value) VALUES (?, ?, 1)
  ON CONFLICT (scope, day) DO UPDATE SET value = ${TABLES.sequences}.value + 1
  RETURNING value`;

const reference = ({ strapi }: { strapi: Core.Strapi }) => {
  const dayOf = (now: Date) => dayKey(now, strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai'));
  const next = async (trx: Knex.Transaction, prefix: string, day: string) => {
    const result = await trx.raw(NEXT_VALUE, [prefix, day]);
    const rows = Array.isArray(result) ? result : result.rows;
    return formatReference(prefix, day, Number(rows[0].value));
  };
  return {
    async allocate(prefix: string, now: Date): Promise<string> {
      const day = dayOf(now);
      return strapi.db.transaction(({ trx }) => next(trx, prefix, day));
    },

    /**
     * Allocates the next reference and writes it on the row `id` of `table` (an item just inserted),
     * in the caller's transaction. On PostgreSQL the increment and the write are one statement, so the
     * day's counter row is held one round trip less; on SQLite (one writer at a time anyway) the
     * increment, then an update.
     */
    async allocateInto(prefix: string, now: Date, table: string, id: number): Promise<string> {
      const day = dayOf(now);
      return strapi.db.transaction(async ({ trx }) => {
        if (strapi.db.dialect.client !== 'postgres') {
          const reference = await next(trx, prefix, day);
          await trx(table).where({ id }).update({ reference });
          return reference;
        }
        // The number formatted in SQL as formatReference does (at least 4 digits), checked against it below.
        const result = await trx.raw(
          `WITH n AS (${NEXT_VALUE})
           UPDATE ?? SET reference = ? || '-' || ? || '-' || lpad(n.value::text, greatest(4, length(n.value::text)), '0')
           FROM n WHERE ??.id = ? RETURNING n.value AS value, ??.reference AS reference`,
          [prefix, day, table, prefix, day, table, id, table]
        );
        const row = result.rows[0];
        if (!row) throw new Error(`No row ${id} in ${table} to give a reference`);
        const reference = formatReference(prefix, day, Number(row.value));
        if (row.reference !== reference) throw new Error(`Reference written as ${row.reference}, expected ${reference}`);
        return reference;
      });
    },
  };
};

export default reference;
