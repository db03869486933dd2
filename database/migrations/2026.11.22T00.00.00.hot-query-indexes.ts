import type { Knex } from 'knex';

/**
 * Indexes for the queries staff and the scheduler run all day: queues by state, department and
 * assignee; due-date sweeps; newest first; high-frequency detection by product model and batch;
 * a customer's history. Unique references are a database constraint, not only a content-type flag.
 * Relations live in Strapi's link tables (<table>_<relation>_lnk), which Strapi already indexes on
 * both foreign keys; we add the reverse composite where a filter starts from the related side.
 *
 * Run by the after-sales plugin after Strapi's schema sync (see its migrations service).
 */
const index = (table: string, columns: string[], options: { unique?: boolean; name?: string } = {}) => ({
  table,
  columns,
  unique: options.unique ?? false,
  name: options.name ?? `${table}_${columns.join('_')}_${options.unique ? 'uq' : 'idx'}`,
});

export const INDEXES = [
  index('feedbacks', ['reference'], { unique: true }),
  index('feedbacks', ['state']),
  index('feedbacks', ['state', 'created_at']),
  index('feedbacks', ['created_at']),
  index('feedbacks', ['acknowledge_by']),
  index('feedbacks', ['respond_by']),
  index('feedbacks', ['root_cause_by']),
  index('feedbacks', ['resolve_by']),
  index('feedbacks', ['callback_by']),
  index('feedbacks', ['batch']),
  index('feedbacks', ['severity', 'state']),
  index('feedbacks_product_lnk', ['product_id', 'feedback_id'], { name: 'feedbacks_product_lnk_product_feedback_idx' }),
  index('feedbacks_department_lnk', ['department_id', 'feedback_id'], { name: 'feedbacks_department_lnk_dept_feedback_idx' }),
  index('feedbacks_assignee_lnk', ['user_id', 'feedback_id'], { name: 'feedbacks_assignee_lnk_user_feedback_idx' }),
  index('feedbacks_customer_lnk', ['customer_id', 'feedback_id'], { name: 'feedbacks_customer_lnk_customer_feedback_idx' }),

  index('complaints', ['reference'], { unique: true }),
  index('complaints', ['state']),
  index('complaints', ['created_at']),
  index('complaints', ['acknowledge_by']),
  index('complaints', ['respond_by']),
  index('complaints', ['resolve_by']),
  index('complaints_department_lnk', ['department_id', 'complaint_id'], { name: 'complaints_department_lnk_dept_complaint_idx' }),
  index('complaints_responsible_department_lnk', ['department_id', 'complaint_id'], { name: 'complaints_resp_dept_lnk_dept_complaint_idx' }),
  index('complaints_customer_lnk', ['customer_id', 'complaint_id'], { name: 'complaints_customer_lnk_customer_complaint_idx' }),

  index('service_records', ['reference'], { unique: true }),
  index('service_records', ['state']),
  index('service_records', ['created_at']),
  index('service_records', ['archive_by']),
  index('service_records', ['scheduled_at']),
  index('service_records_department_lnk', ['department_id', 'service_record_id'], { name: 'service_records_dept_lnk_dept_record_idx' }),
  index('service_records_customer_lnk', ['customer_id', 'service_record_id'], { name: 'service_records_customer_lnk_customer_record_idx' }),

  index('customers', ['phone_normalized']),
  index('customers', ['email_normalized']),
  index('products', ['model_code'], { unique: true }),
  index('departments', ['code'], { unique: true }),
];

export async function up(knex: Knex): Promise<void> {
  for (const { table, columns, unique, name } of INDEXES) {
    await knex.schema.alterTable(table, (t) => {
      if (unique) t.unique(columns, { indexName: name });
      else t.index(columns, name);
    });
  }
}
