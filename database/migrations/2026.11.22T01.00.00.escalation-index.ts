import type { Knex } from 'knex';

/** The SLA sweep reads only items whose next escalation is due: `WHERE next_escalation_at <= now`. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('feedbacks', (t) => {
    t.index(['next_escalation_at'], 'feedbacks_next_escalation_at_idx');
  });
}
