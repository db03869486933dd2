import type { Knex } from 'knex';

/**
 * One improvement record per high-frequency issue, enforced by the database: two managers starting
 * a record from the same issue at the same moment both pass the service's check, and the second
 * insert must fail (the service answers 409). Null keys (records not started from an issue) are
 * not constrained.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('improvement_records', (t) => {
    t.unique(['issue_key'], { indexName: 'improvement_records_issue_key_unique' });
  });
}
