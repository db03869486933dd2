import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';

/** One lock for every instance installing the triggers at start (they are replaced in place). */
const INSTALL_LOCK = 'after_sales_feedback_facts';

/** The feedback's link tables the facts keep an id of (migration 0800): each has `feedback_id` and the target's id. */
const LINK_TABLES = ['feedbacks_product_lnk', 'feedbacks_department_lnk', 'feedbacks_office_lnk', 'feedbacks_knowledge_article_lnk'] as const;

/** The feedback columns the facts copy: an update that changes none of them leaves the facts row alone. */
const COPIED = ['document_id', 'reference', 'created_at', 'closed_at', 'resolved_at', 'type', 'severity', 'channel', 'satisfaction_score', 'reopen_count', 'root_cause', 'batch'] as const;

/**
 * The monthly figures' feedback facts (PostgreSQL): one narrow row per feedback item, with the fields the monthly report
 * and the dashboard's month count and the ids of its product, department, office and knowledge article, in
 * `after_sales_feedback_facts`, kept by triggers on the feedback table and its four link tables (migration 0800). At
 * start the triggers are installed where any is missing, and the table is then read once from the feedback. The
 * report reads feedback from here when `kept()`; SQLite (and a database without the migration) joins the feedback
 * table to its link tables as before.
 */
const feedbackFacts = ({ strapi }: { strapi: Core.Strapi }) => {
  let kept = false;
  const knex = () => strapi.db.connection;

  return {
    kept: () => kept,

    /** Installs the triggers when any is missing and reads the facts again; returns how many rows were read (0: in place). */
    async install(): Promise<{ refreshed: number | null }> {
      kept = false;
      if (strapi.db.dialect.client !== 'postgres') return { refreshed: null };
      const present = await knex().raw<{ rows: { ok: boolean }[] }>('SELECT to_regclass(?) IS NOT NULL AS ok', [TABLES.feedbackFacts]);
      if (!present.rows[0].ok) return { refreshed: null };
      let refreshed = 0;
      await knex().transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [INSTALL_LOCK]);
        const { rows } = await trx.raw<{ rows: { n: number | string }[] }>(
          `SELECT count(*) AS n FROM pg_trigger WHERE NOT tgisinternal AND (
             (tgrelid = 'feedbacks'::regclass AND tgname IN ('after_sales_feedback_facts_item', 'after_sales_feedback_facts_update'))
             OR (tgrelid IN (${LINK_TABLES.map(() => 'to_regclass(?)').join(', ')}) AND tgname = 'after_sales_feedback_facts_link'))`,
          [...LINK_TABLES]
        );
        if (Number(rows[0].n) === 2 + LINK_TABLES.length) return;
        await trx.raw('CREATE OR REPLACE TRIGGER after_sales_feedback_facts_item AFTER INSERT OR DELETE ON feedbacks FOR EACH ROW EXECUTE FUNCTION after_sales_feedback_facts_item()');
        await trx.raw(
          `CREATE OR REPLACE TRIGGER after_sales_feedback_facts_update AFTER UPDATE ON feedbacks FOR EACH ROW
           WHEN (${COPIED.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ')}) EXECUTE FUNCTION after_sales_feedback_facts_item()`
        );
        for (const table of LINK_TABLES)
          await trx.raw('CREATE OR REPLACE TRIGGER after_sales_feedback_facts_link AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION after_sales_feedback_facts_link()', [table]);
        const result = await trx.raw<{ rows: { n: number | string }[] }>('SELECT after_sales_feedback_facts_refresh() AS n');
        refreshed = Number(result.rows[0].n);
        // The planner's statistics of the rows just written (before autovacuum's next pass).
        await trx.raw('ANALYZE ??', [TABLES.feedbackFacts]);
      });
      kept = true;
      return { refreshed };
    },
  };
};

export default feedbackFacts;
