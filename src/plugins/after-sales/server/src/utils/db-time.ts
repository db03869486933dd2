import type { Core } from '@strapi/strapi';

/** A datetime as the database stores it, for raw knex: epoch milliseconds on SQLite, ISO text on PostgreSQL. */
export const dbTime = (strapi: Core.Strapi, date: Date): number | string => (strapi.db.dialect.client === 'sqlite' ? date.getTime() : date.toISOString());

/**
 * A datetime read back from the database or an item, whatever form it comes in (a Date, epoch
 * milliseconds as a number or digits, ISO text); null when empty or not a time.
 */
export const fromDbTime = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number | Date));
  return Number.isNaN(date.getTime()) ? null : date;
};
