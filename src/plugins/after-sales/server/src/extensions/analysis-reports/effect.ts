import type { Core } from '@strapi/strapi';
import { dbTime, fromDbTime, queryOf, TABLES, type AfterSalesApiV1, type ReportSectionData, type ReportSectionQuery } from '../../extension-api';
import { addMonths, effectWindows, fixEffect } from '../../domain/improvement/fix-effect';
import { issueGroupingOf, issueKeyOf, type IssueFacts } from '../../domain/improvement/issue-grouping';
import { instantAt } from '../../domain/sla/zoned-time';
import { monthIn } from '../../domain/loyalty/nps';
import { IMPROVEMENT_RECORD } from './constants';

const NOTE = {
  en: 'Rate: feedback items of the issue registered per month — the items with the record’s facts under the “same issue” setting (model, batch, cause category from their analysis report, type), plus the items linked to the record by hand. Before: the whole months before the month of the release (the setting effectWindowMonths, 3 by default); after: the whole months after it up to this report’s month (at most as many). The month of the release counts in neither. Per month, not per 1,000 units sold: no sales volumes per model are recorded.',
  'zh-Hans':
    '比率：该问题每月登记的反馈数——按“同一问题”设置与改进记录相同要素（型号、批次、问题分析报告的原因类别、类型）的反馈，加上手动关联到该记录的反馈。改进前：发布当月之前的整月（设置 effectWindowMonths，默认 3 个月）；改进后：发布当月之后到本报告月份的整月（最多同样月数）。发布当月不计入两者。按月计，而非每千台销量：系统未记录各型号的销量。',
};

/**
 * The monthly report's section "did the fix work" (004 二(五) 改进方案有效性): each improvement
 * record released in this month or the `effectWindowMonths` months before it, with the issue's
 * feedback per month before and after the release.
 */
export const fixEffectSection =
  (strapi: Core.Strapi, api: AfterSalesApiV1) =>
  async ({ month }: ReportSectionQuery): Promise<ReportSectionData> => {
    const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
    const window = Number(await api.configuration.get('effectWindowMonths')) || 3;
    const grouping = issueGroupingOf(await api.configuration.get('issueGrouping'));
    const startOf = (m: string) => instantAt(timeZone, `${m}-01`);
    const releases = (await strapi.db
      .connection(TABLES.fixReleases)
      .where('released_at', '>=', startOf(addMonths(month, -window)).toISOString())
      .andWhere('released_at', '<', startOf(addMonths(month, 1)).toISOString())
      .orderBy('released_at', 'asc')
      .limit(500)) as { improvement_document_id: string; reference: string | null; released_at: string }[];
    const rows = [];
    for (const release of releases) {
      const record = (await queryOf(strapi, IMPROVEMENT_RECORD).findOne({
        where: { documentId: release.improvement_document_id },
        populate: { product: { select: ['modelCode'] }, feedbacks: { select: ['id'] } },
      })) as {
        reference?: string | null;
        product?: { modelCode?: string | null } | null;
        batch?: string | null;
        causeCategory?: string | null;
        groupedBy?: string | null;
        issue?: string | null;
        feedbacks?: { id: number }[] | null;
      } | null;
      if (!record) continue;
      const releaseMonth = monthIn(new Date(release.released_at), timeZone);
      const windows = effectWindows(releaseMonth, month, window);
      const facts: IssueFacts = {
        productModel: record.product?.modelCode ?? null,
        batch: record.batch ?? null,
        causeCategory: record.causeCategory ?? null,
        type: record.groupedBy === 'type' ? (record.issue ?? null) : null,
      };
      const key = issueKeyOf(facts, grouping);
      const linked = new Set<number>((record.feedbacks ?? []).map((f: { id: number }) => Number(f.id)));
      const from = startOf(windows.before.from);
      const to = startOf(addMonths(windows.after?.to ?? releaseMonth, 1));
      // The issue's facts narrow the search to the model when the grouping has it; the items linked by hand count whatever their facts.
      const candidates =
        key === null && !linked.size
          ? []
          : await strapi.db
              .connection('feedbacks as f')
              .leftJoin('feedbacks_product_lnk as fp', 'fp.feedback_id', 'f.id')
              .leftJoin('products as p', 'p.id', 'fp.product_id')
              .leftJoin('analysis_reports_feedbacks_lnk as af', 'af.feedback_id', 'f.id')
              .leftJoin('analysis_reports as a', 'a.id', 'af.analysis_report_id')
              .where('f.created_at', '>=', dbTime(strapi, from))
              .andWhere('f.created_at', '<', dbTime(strapi, to))
              .andWhere((q) => {
                if (key === null) q.whereIn('f.id', [...linked]);
                else if (facts.productModel && grouping.includes('productModel')) {
                  q.where('p.model_code', facts.productModel);
                  if (linked.size) q.orWhereIn('f.id', [...linked]);
                } else q.whereNotNull('f.id');
              })
              .select({ id: 'f.id', createdAt: 'f.created_at', productModel: 'p.model_code', batch: 'f.batch', type: 'f.type', causeCategory: 'a.cause_category' });
      const months = new Map<number, string>();
      for (const item of candidates as (IssueFacts & { id: number; createdAt: unknown })[]) {
        const id = Number(item.id);
        if (months.has(id)) continue;
        if (!linked.has(id) && (key === null || issueKeyOf(item, grouping) !== key)) continue;
        const created = fromDbTime(item.createdAt);
        if (created) months.set(id, monthIn(created, timeZone));
      }
      const effect = fixEffect([...months.values()], windows);
      rows.push({
        record: record.reference ?? release.reference,
        issue: key === null ? '—' : grouping.map((d) => facts[d] ?? '—').join(' / '),
        released: new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(release.released_at)),
        beforeMonths: `${windows.before.from} – ${windows.before.to}`,
        beforeItems: effect.before.items,
        beforePerMonth: effect.before.perMonth,
        afterMonths: windows.after ? `${windows.after.from} – ${windows.after.to}` : null,
        afterItems: effect.after?.items ?? null,
        afterPerMonth: effect.after?.perMonth ?? null,
        changePercent: effect.changePercent,
      });
    }
    return {
      columns: [
        { key: 'record', title: { en: 'Improvement record', 'zh-Hans': '改进记录' } },
        { key: 'issue', title: { en: 'Issue', 'zh-Hans': '问题' } },
        { key: 'released', title: { en: 'Released', 'zh-Hans': '发布日期' } },
        { key: 'beforeMonths', title: { en: 'Before: months', 'zh-Hans': '改进前月份' } },
        { key: 'beforeItems', title: { en: 'Before: items', 'zh-Hans': '改进前反馈数' } },
        { key: 'beforePerMonth', title: { en: 'Before: per month', 'zh-Hans': '改进前每月' } },
        { key: 'afterMonths', title: { en: 'After: months', 'zh-Hans': '改进后月份' } },
        { key: 'afterItems', title: { en: 'After: items', 'zh-Hans': '改进后反馈数' } },
        { key: 'afterPerMonth', title: { en: 'After: per month', 'zh-Hans': '改进后每月' } },
        { key: 'changePercent', title: { en: 'Change %', 'zh-Hans': '变化 %' } },
      ],
      rows,
      note: NOTE,
    };
  };
