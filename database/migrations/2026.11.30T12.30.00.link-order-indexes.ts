import type { Knex } from 'knex';

/**
 * When an item is linked to a customer or a product, Strapi's query layer places it last in the
 * customer's (product's) list of items: `SELECT MAX(feedback_ord) FROM feedbacks_product_lnk WHERE
 * product_id = ?`. With only single-column indexes that reads every link row of the product: 50 ms
 * per create for a product with 200,000 items in the benchmark, on intake and on the core create
 * alike. An index on (owner, order) answers it from one index page. See bench/README.md.
 */
const INDEXES: { table: string; columns: [string, string]; name: string }[] = [
  { table: 'feedbacks_product_lnk', columns: ['product_id', 'feedback_ord'], name: 'feedbacks_product_lnk_product_ord_idx' },
  { table: 'feedbacks_customer_lnk', columns: ['customer_id', 'feedback_ord'], name: 'feedbacks_customer_lnk_customer_ord_idx' },
  { table: 'complaints_customer_lnk', columns: ['customer_id', 'complaint_ord'], name: 'complaints_customer_lnk_customer_ord_idx' },
  { table: 'service_records_customer_lnk', columns: ['customer_id', 'service_record_ord'], name: 'service_records_customer_lnk_customer_ord_idx' },
];

export async function up(knex: Knex): Promise<void> {
  for (const { table, columns, name } of INDEXES) {
    await knex.schema.alterTable(table, (t) => {
      t.index(columns, name);
    });
  }
}
