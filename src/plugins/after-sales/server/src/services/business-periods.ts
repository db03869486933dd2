import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { workingIntervalsBetween } from '../domain/sla/business-time';
import type { BusinessCalendar } from '../domain/sla/calendar';
import { TABLES } from '../constants';

/** Business time is counted from here; instants before it count as 0. */
export const PERIODS_ORIGIN_MS = Date.UTC(2020, 0, 1);
const INSERT_BATCH = 200;
const yearStart = (year: number) => Date.UTC(year, 0, 1);

/**
 * The business calendar materialised as rows: each working interval with the working time from
 * the origin to its end (`cumulative_ms`). Business time between two instants is then a difference
 * of two indexed look-ups that any SQL database can compute, so reports aggregate it in the
 * database. Rows are generated a calendar year (UTC) at a time, deterministically, keyed by the
 * calendar's id and a hash of its content: a changed calendar gets fresh rows, and two instances
 * generating at once write identical rows (conflicts are ignored).
 */
const businessPeriods = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const keyOf = (calendar: BusinessCalendar) => `${calendar.id}:${createHash('sha1').update(JSON.stringify(calendar)).digest('hex').slice(0, 12)}`;
  const coverageKey = (key: string) => `${key}#until`;

  return {
    keyOf,

    /** Makes sure the rows cover the calendar up to `untilMs`; returns the calendar key. */
    async ensureCovered(calendar: BusinessCalendar, untilMs: number): Promise<string> {
      const key = keyOf(calendar);
      const coverage = await knex()(TABLES.businessPeriods).where({ calendar_key: coverageKey(key), start_ms: 0 }).first('end_ms', 'cumulative_ms');
      let from = coverage ? Number(coverage.end_ms) : PERIODS_ORIGIN_MS;
      let cumulative = coverage ? Number(coverage.cumulative_ms) : 0;
      if (from > untilMs) return key;
      await strapi.db.transaction(async ({ trx }) => {
        while (from <= untilMs) {
          const to = yearStart(new Date(from).getUTCFullYear() + 1);
          const rows = workingIntervalsBetween(calendar, from, to).map(([start, end]) => {
            cumulative += end - start;
            return { calendar_key: key, start_ms: start, end_ms: end, cumulative_ms: cumulative };
          });
          for (let i = 0; i < rows.length; i += INSERT_BATCH) {
            await trx(TABLES.businessPeriods).insert(rows.slice(i, i + INSERT_BATCH)).onConflict(['calendar_key', 'start_ms']).ignore();
          }
          from = to;
        }
        await trx(TABLES.businessPeriods)
          .insert({ calendar_key: coverageKey(key), start_ms: 0, end_ms: from, cumulative_ms: cumulative })
          .onConflict(['calendar_key', 'start_ms'])
          .merge(['end_ms', 'cumulative_ms']);
      });
      return key;
    },

    /**
     * SQL for the working time from the origin to the instant `msExpression` (an expression giving
     * epoch milliseconds), on the calendar with this key.
     */
    workingMsAt(key: string, msExpression: string): Knex.Raw {
      const table = TABLES.businessPeriods;
      return knex().raw(
        `(COALESCE((SELECT bp.cumulative_ms FROM ${table} bp WHERE bp.calendar_key = ? AND bp.end_ms <= ${msExpression} ORDER BY bp.end_ms DESC LIMIT 1), 0)` +
          ` + COALESCE((SELECT ${msExpression} - bp.start_ms FROM ${table} bp WHERE bp.calendar_key = ? AND bp.start_ms <= ${msExpression} AND bp.end_ms > ${msExpression}), 0))`,
        [key, key]
      );
    },

    /** An expression giving a datetime column as epoch milliseconds (SQLite stores them so already). */
    epochMs(column: string): string {
      return strapi.db.dialect.client === 'postgres' ? `CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS BIGINT)` : column;
    },
  };
};

export default businessPeriods;
