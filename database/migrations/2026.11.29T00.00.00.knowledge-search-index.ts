import type { Knex } from 'knex';

/**
 * Knowledge-base search on PostgreSQL filters with a GIN full-text index over each article's
 * `search_text` (its words and CJK character pairs, kept by the after-sales plugin, which also fills
 * it for articles stored before the column existed). SQLite has no such index: search there matches
 * substrings.
 */
export async function up(knex: Knex): Promise<void> {
  const client = String(knex.client.config.client);
  if (client !== 'postgres' && client !== 'pg') return;
  await knex.raw(`CREATE INDEX IF NOT EXISTS knowledge_articles_search_text_gin ON knowledge_articles USING GIN (to_tsvector('simple', COALESCE(search_text, '')))`);
}
