import type { Core } from '@strapi/strapi';

/** A datetime as the database stores it, for raw knex: epoch milliseconds on SQLite, ISO text on PostgreSQL. */
export const dbTime = (strapi: Core.Strapi, date: Date): number | string => (strapi.db.dialect.client === 'sqlite' ? date.getTime() : date.toISOString());
