import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { monthRange, type MonthRange } from '../domain/reports/month-range';
import { TABLES } from '../constants';
import { HttpError } from '../utils/http-errors';

export interface ReportScope {
  month: string;
  product?: string;
  department?: string;
}

export interface Count {
  key: string | null;
  count: number;
}

export interface HighFrequencyIssue {
  productModel: string;
  batch: string | null;
  groupedBy: 'type' | 'knowledge-article';
  key: string;
  count: number;
  references: string[];
}

export interface MonthlyReport {
  month: string;
  scope: { product: string | null; department: string | null };
  period: { start: string; end: string; timeZone: string };
  volume: { total: number; byType: Count[]; bySeverity: Count[]; byChannel: Count[] };
  satisfaction: { responses: number; average: number | null; distribution: { score: number; count: number }[] };
  reopen: { items: number; reopened: number; rate: number | null };
  complaints: { total: number; byCause: Count[]; rateByDepartment: { department: string; complaints: number; itemsHandled: number; rate: number | null }[] };
  topRootCauses: Count[];
  highFrequencyIssues: HighFrequencyIssue[];
  highFrequencyThreshold: number;
  sla: unknown;
}

const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * The monthly feedback analysis report (月度反馈分析报告). Every figure is grouped and counted in
 * SQL; JavaScript only shapes the rows. Cohorts: volume, reopen rate and complaints count items
 * created in the month; satisfaction counts scores of items closed in the month; root causes count
 * items resolved in the month.
 */
const reports = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  /** Datetimes as the database stores them: epoch milliseconds on SQLite, timestamps on PostgreSQL. */
  const at = (date: Date) => (isSqlite() ? date.getTime() : date.toISOString());
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const threshold = () => strapi.config.get<number>('plugin::after-sales.highFrequencyThreshold', 5);

  /** Feedback with its product and department joined, filtered by scope (not by time). */
  const feedback = (scope: ReportScope) => {
    const query = knex()
      .from('feedbacks as f')
      .leftJoin('feedbacks_product_lnk as fp', 'fp.feedback_id', 'f.id')
      .leftJoin('products as p', 'p.id', 'fp.product_id')
      .leftJoin('feedbacks_department_lnk as fd', 'fd.feedback_id', 'f.id')
      .leftJoin('departments as d', 'd.id', 'fd.department_id');
    if (scope.product) query.where('p.model_code', scope.product);
    if (scope.department) query.where('d.code', scope.department);
    return query;
  };
  const within = (query: Knex.QueryBuilder, column: string, range: MonthRange) => query.where(column, '>=', at(range.start)).andWhere(column, '<', at(range.end));

  const countBy = async (query: Knex.QueryBuilder, column: string): Promise<Count[]> => {
    const rows = await query.select({ key: column }).count({ count: '*' }).groupBy(column).orderBy([{ column: 'count', order: 'desc' }, { column: 'key', order: 'asc' }]);
    return rows.map((r: any) => ({ key: r.key ?? null, count: Number(r.count) }));
  };

  return {
    async monthly(scope: ReportScope): Promise<MonthlyReport> {
      let range: MonthRange;
      try {
        range = monthRange(scope.month, timeZone());
      } catch {
        throw HttpError.invalid([{ path: ['month'], message: 'must be YYYY-MM' }]);
      }
      const created = () => within(feedback(scope), 'f.created_at', range);
      const [byType, bySeverity, byChannel] = await Promise.all([countBy(created(), 'f.type'), countBy(created(), 'f.severity'), countBy(created(), 'f.channel')]);
      const total = byChannel.reduce((sum, c) => sum + c.count, 0);

      const scores = await within(feedback(scope), 'f.closed_at', range)
        .whereNotNull('f.satisfaction_score')
        .select({ score: 'f.satisfaction_score' })
        .count({ count: '*' })
        .groupBy('f.satisfaction_score')
        .orderBy('f.satisfaction_score');
      const distribution = [1, 2, 3, 4, 5].map((score) => ({ score, count: Number(scores.find((s: any) => Number(s.score) === score)?.count ?? 0) }));
      const responses = distribution.reduce((sum, d) => sum + d.count, 0);
      const average = responses ? distribution.reduce((sum, d) => sum + d.score * d.count, 0) / responses : null;

      const [reopenRow] = await created().select(knex().raw('COUNT(*) AS items'), knex().raw('SUM(CASE WHEN f.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened'));
      const reopenItems = Number(reopenRow.items);
      const reopened = Number(reopenRow.reopened ?? 0);

      const complaints = () => {
        const query = knex()
          .from('complaints as c')
          .leftJoin('complaints_responsible_department_lnk as cr', 'cr.complaint_id', 'c.id')
          .leftJoin('departments as rd', 'rd.id', 'cr.department_id');
        if (scope.product) query.join('complaints_product_lnk as cp', 'cp.complaint_id', 'c.id').join('products as p', 'p.id', 'cp.product_id').where('p.model_code', scope.product);
        if (scope.department) query.where('rd.code', scope.department);
        return within(query, 'c.created_at', range);
      };
      const byCause = await countBy(complaints(), 'c.cause');
      const attributed = await complaints().whereNotNull('rd.code').select({ department: 'rd.code' }).count({ count: '*' }).groupBy('rd.code');
      const handled = await created().whereNotNull('d.code').select({ department: 'd.code' }).count({ count: '*' }).groupBy('d.code');
      const departments = [...new Set([...attributed, ...handled].map((r: any) => r.department as string))].sort();
      const rateByDepartment = departments.map((department) => {
        const complaintsCount = Number(attributed.find((r: any) => r.department === department)?.count ?? 0);
        const itemsHandled = Number(handled.find((r: any) => r.department === department)?.count ?? 0);
        return { department, complaints: complaintsCount, itemsHandled, rate: itemsHandled ? round(complaintsCount / itemsHandled) : null };
      });

      const topRootCauses = (await countBy(within(feedback(scope), 'f.resolved_at', range).whereNotNull('f.root_cause').andWhere('f.root_cause', '<>', ''), 'f.root_cause')).slice(0, 10);

      const limit = threshold();
      const frequent = async (groupedBy: 'type' | 'knowledge-article') => {
        const query = created().whereNotNull('p.model_code');
        if (groupedBy === 'type') query.whereNotNull('f.type');
        else query.join('feedbacks_knowledge_article_lnk as fk', 'fk.feedback_id', 'f.id').join('knowledge_articles as k', 'k.id', 'fk.knowledge_article_id');
        const keyColumn = groupedBy === 'type' ? 'f.type' : 'k.document_id';
        // The group's references come with its count (one query, not one more query per group).
        const references = isSqlite() ? knex().raw('GROUP_CONCAT(f.reference) AS refs') : knex().raw("STRING_AGG(f.reference, ',') AS refs");
        const rows = await query
          .select({ productModel: 'p.model_code', batch: 'f.batch', key: keyColumn }, references)
          .count({ count: '*' })
          .groupBy('p.model_code', 'f.batch', keyColumn)
          .having(knex().raw('COUNT(*) > ?', [limit]))
          .orderBy([{ column: 'count', order: 'desc' }, { column: 'productModel' }]);
        const issues: HighFrequencyIssue[] = rows.map((row: any) => ({
          productModel: row.productModel,
          batch: row.batch ?? null,
          groupedBy,
          key: row.key,
          count: Number(row.count),
          references: [...new Set<string>(String(row.refs ?? '').split(',').filter(Boolean))].sort(),
        }));
        return issues;
      };
      const highFrequencyIssues = [...(await frequent('type')), ...(await frequent('knowledge-article'))];

      return {
        month: scope.month,
        scope: { product: scope.product ?? null, department: scope.department ?? null },
        period: { start: range.start.toISOString(), end: range.end.toISOString(), timeZone: timeZone() },
        volume: { total, byType, bySeverity, byChannel },
        satisfaction: { responses, average: round(average, 2), distribution },
        reopen: { items: reopenItems, reopened, rate: reopenItems ? round(reopened / reopenItems) : null },
        complaints: { total: byCause.reduce((sum, c) => sum + c.count, 0), byCause, rateByDepartment },
        topRootCauses,
        highFrequencyIssues,
        highFrequencyThreshold: limit,
        sla: null,
      };
    },

    scopeKey(scope: ReportScope) {
      return `product:${scope.product ?? '*'}|department:${scope.department ?? '*'}`;
    },

    /** Stores the month's figures as they are now; later edits of items do not change them. */
    async archive(scope: ReportScope, by: { id: number | string | null; name: string }) {
      const figures = await this.monthly(scope);
      const key = this.scopeKey(scope);
      const existing = await knex()(TABLES.reportSnapshots).where({ month: scope.month, scope: key }).first('id');
      if (existing) throw new HttpError(409, `The ${scope.month} report for this scope is already archived`, { snapshotId: Number(existing.id) });
      const generatedAt = new Date().toISOString();
      const [row] = await knex()(TABLES.reportSnapshots)
        .insert({ month: scope.month, scope: key, figures: JSON.stringify(figures), generated_at: generatedAt, generated_by_id: by.id === null ? null : String(by.id), generated_by_name: by.name })
        .returning('id');
      return { id: Number(typeof row === 'object' ? row.id : row), month: scope.month, scope: key, generatedAt, generatedBy: by.name, figures };
    },

    async archives(month?: string) {
      const query = knex()(TABLES.reportSnapshots).select('id', 'month', 'scope', 'generated_at', 'generated_by_name').orderBy('month', 'desc').orderBy('id', 'desc');
      if (month) query.where({ month });
      return (await query).map((r: any) => ({ id: Number(r.id), month: r.month, scope: r.scope, generatedAt: r.generated_at, generatedBy: r.generated_by_name }));
    },

    async snapshot(id: number) {
      const row = await knex()(TABLES.reportSnapshots).where({ id }).first();
      if (!row) return null;
      return { id: Number(row.id), month: row.month, scope: row.scope, generatedAt: row.generated_at, generatedBy: row.generated_by_name, figures: JSON.parse(row.figures) as MonthlyReport };
    },
  };
};

export default reports;
