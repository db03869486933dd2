import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { MonthlyVolume } from '../../domain/reports/complaint-rates';
import { TABLES } from '../../extension-api';

/** Orders and deliveries per unit and month (the complaint rate's base), as imported. */
export const createVolumes = (strapi: Core.Strapi) => {
  const knex = () => strapi.db.connection;
  const toVolume = (row: Record<string, unknown>): MonthlyVolume => ({
    month: String(row.month),
    department: String(row.department_code),
    orders: row.orders === null || row.orders === undefined ? null : Number(row.orders),
    deliveries: row.deliveries === null || row.deliveries === undefined ? null : Number(row.deliveries),
  });
  return {
    /** One month's volumes, every unit. */
    async ofMonth(month: string): Promise<MonthlyVolume[]> {
      return (await knex()(TABLES.monthlyVolumes).where({ month }).orderBy('department_code')).map(toVolume);
    },
    /** The volumes of months `from`..`to` (YYYY-MM, both included), newest first. */
    async list(from: string, to: string): Promise<(MonthlyVolume & { updatedAt: string; updatedBy: string | null })[]> {
      const rows = await knex()(TABLES.monthlyVolumes)
        .where('month', '>=', from)
        .andWhere('month', '<=', to)
        .orderBy([{ column: 'month', order: 'desc' }, 'department_code']);
      return rows.map((row: Record<string, unknown>) => ({ ...toVolume(row), updatedAt: String(row.updated_at), updatedBy: (row.updated_by as string | null) ?? null }));
    },
    /** Writes a whole import in one transaction: each month and unit replaced, the others kept. */
    async replace(volumes: MonthlyVolume[], by: string, trx: Knex): Promise<number> {
      const now = new Date().toISOString();
      for (const v of volumes) {
        const row = { orders: v.orders, deliveries: v.deliveries, updated_at: now, updated_by: by };
        const updated = await trx(TABLES.monthlyVolumes).where({ month: v.month, department_code: v.department }).update(row);
        if (!updated) await trx(TABLES.monthlyVolumes).insert({ month: v.month, department_code: v.department, ...row });
      }
      return volumes.length;
    },
  };
};
export type Volumes = ReturnType<typeof createVolumes>;
