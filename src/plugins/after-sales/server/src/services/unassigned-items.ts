import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLES } from '../constants';
import { contentTable } from '../utils/content-table';
import { getService } from '../utils/get-service';

/** An item table whose unassigned items are kept: its assignee link table and, where the kind has one, its department link. */
interface KeptTable {
  item_table: string;
  link_table: string;
  item_column: string;
  target_column: string;
  department_table: string | null;
  department_item_column: string | null;
  department_column: string | null;
}

/** One lock for every instance installing the triggers at start (the functions and triggers are replaced in place). */
const INSTALL_LOCK = 'after_sales_unassigned_items';

/**
 * "Unassigned" kept by the database (PostgreSQL): each item kind's items without an assignee, with their state and
 * department, in `after_sales_unassigned_items`, kept by triggers on the kind's table and its assignee and department
 * link tables (migration 0790). At start, every item kind with a workflow state and an assignee relation gets its
 * triggers, and its set is read once from its rows when they are new or its link tables changed. The work queue's
 * "unassigned" reads a department's open ones from there (`candidates`); a table not kept (SQLite, a kind enabled
 * after the start) is searched for the absence of a link as before.
 */
const unassignedItems = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Item tables whose set this instance may read. */
  const kept = new Set<string>();
  const knex = () => strapi.db.connection;
  const onPostgres = () => strapi.db.dialect.client === 'postgres';

  /** What the triggers of a kind's table need, or null: no state column, no assignee link table. */
  const wanted = (kind: { contentType: string; assigneeField?: string; departmentField?: string }): KeptTable | null => {
    if (!kind.assigneeField) return null;
    const meta = contentTable(strapi, kind.contentType);
    const join = meta?.attributes[kind.assigneeField]?.joinTable;
    if (!meta || !join || join.on || meta.attributes.state?.columnName !== 'state') return null;
    const department = kind.departmentField ? meta.attributes[kind.departmentField]?.joinTable : undefined;
    const withDepartment = department && !department.on ? department : null;
    return {
      item_table: meta.tableName,
      link_table: join.name,
      item_column: join.joinColumn.name,
      target_column: join.inverseJoinColumn.name,
      department_table: withDepartment?.name ?? null,
      department_item_column: withDepartment?.joinColumn.name ?? null,
      department_column: withDepartment?.inverseJoinColumn.name ?? null,
    };
  };
  const sameTable = (a: KeptTable, b: KeptTable) => (Object.keys(a) as (keyof KeptTable)[]).every((key) => (a[key] ?? null) === (b[key] ?? null));

  /** How many of a kept table's triggers are in place (3, and 4 with a department link). */
  const triggersOf = async (trx: Knex.Transaction, table: KeptTable): Promise<number> => {
    const { rows } = await trx.raw<{ rows: { n: number | string }[] }>(
      `SELECT count(*) AS n FROM pg_trigger WHERE NOT tgisinternal AND (
         (tgrelid = to_regclass(?) AND tgname IN ('after_sales_unassigned_item', 'after_sales_unassigned_state'))
         OR (tgrelid = to_regclass(?) AND tgname = 'after_sales_unassigned_link')
         OR (tgrelid = to_regclass(?) AND tgname = 'after_sales_unassigned_department'))`,
      [table.item_table, table.link_table, table.department_table ?? '']
    );
    return Number(rows[0].n);
  };
  const literals = (trx: Knex.Transaction, values: string[]) => values.map((value) => trx.raw('?', [value]).toQuery()).join(', ');

  return {
    /** Installs the triggers of every item kind that has none yet (or whose link table changed) and reads its set once. */
    async install(): Promise<{ installed: string[]; kept: string[] }> {
      kept.clear();
      if (!onPostgres()) return { installed: [], kept: [] };
      const tables = new Map<string, KeptTable>();
      for (const kind of getService(strapi, 'item-kinds').list()) {
        const table = wanted(kind);
        if (table) tables.set(table.item_table, table);
      }
      const installed: string[] = [];
      await knex().transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [INSTALL_LOCK]);
        const stored = new Map<string, KeptTable>((await trx(TABLES.unassignedTables).select('*')).map((row: KeptTable) => [row.item_table, row]));
        for (const table of tables.values()) {
          const before = stored.get(table.item_table);
          if (before && sameTable(before, table) && (await triggersOf(trx, table)) === (table.department_table ? 4 : 3)) continue;
          await trx(TABLES.unassignedTables).insert(table).onConflict('item_table').merge();
          const onItem = literals(trx, [table.item_table]);
          const onLink = literals(trx, [table.item_table, table.item_column]);
          await trx.raw(`CREATE OR REPLACE TRIGGER after_sales_unassigned_item AFTER INSERT OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION after_sales_unassigned_item_changed(${onItem})`, [
            table.item_table,
          ]);
          await trx.raw(
            `CREATE OR REPLACE TRIGGER after_sales_unassigned_state AFTER UPDATE OF state ON ?? FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION after_sales_unassigned_item_changed(${onItem})`,
            [table.item_table]
          );
          await trx.raw(`CREATE OR REPLACE TRIGGER after_sales_unassigned_link AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION after_sales_unassigned_link_changed(${onLink})`, [
            table.link_table,
          ]);
          if (table.department_table) {
            const onDepartment = literals(trx, [table.item_table, table.department_item_column!]);
            await trx.raw(
              `CREATE OR REPLACE TRIGGER after_sales_unassigned_department AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION after_sales_unassigned_link_changed(${onDepartment})`,
              [table.department_table]
            );
          }
          await trx.raw('SELECT after_sales_unassigned_refresh(?)', [table.item_table]);
          installed.push(table.item_table);
        }
      });
      for (const table of tables.keys()) kept.add(table);
      return { installed, kept: [...kept] };
    },

    /**
     * The ids of a table's unassigned items in these states (a subquery), only those of these departments when given,
     * or null when the table's set is not kept: the caller then looks for the absence of an assignee link itself.
     */
    candidates(tableName: string, states: string[], departmentIds?: number[]): Knex.QueryBuilder | null {
      if (!kept.has(tableName)) return null;
      const query = knex()(TABLES.unassignedItems).select('item_id').where('item_table', tableName);
      if (departmentIds) query.whereIn('department_id', departmentIds);
      return query.whereIn('state', states);
    },
  };
};

export default unassignedItems;
