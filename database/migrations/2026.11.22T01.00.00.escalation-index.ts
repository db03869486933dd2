import type { Knex } from 'knex';

/**
 * The SLA sweep read only items whose next escalation was due: `WHERE next_escalation_at <= now`.
 * The column has since left the feedback content type (plugin migration 0070 drops it and this
 * index): on a database created after that, there is nothing to index.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('feedbacks', 'next_escalation_at'))) return;
  await knex.schema.alterTable('feedbacks', (t) => {
    t.index(['next_escalation_at'], 'feedbacks_next_escalation_at_idx');
  });
}
