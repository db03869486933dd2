import type { Knex } from 'knex';

/**
 * The monthly report counts satisfaction scores of the items closed in the month and root causes
 * of the items resolved in the month: without an index on those instants each figure read the whole
 * feedback table (a million rows in the benchmark). See bench/README.md.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('feedbacks', (t) => {
    t.index(['closed_at'], 'feedbacks_closed_at_idx');
    t.index(['resolved_at'], 'feedbacks_resolved_at_idx');
  });
}
