import type { Core } from '@strapi/strapi';

const TABLES = ['feedbacks', 'complaints', 'service_records', 'customers', 'after_sales_audit_events', 'knowledge_articles'];

/** Row counts of the tables a request could write to, to prove a refused request changed nothing. */
export const rowCounts = async (strapi: Core.Strapi) => {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ count }] = await strapi.db.connection(table).count({ count: '*' });
    counts[table] = Number(count);
  }
  return counts;
};
