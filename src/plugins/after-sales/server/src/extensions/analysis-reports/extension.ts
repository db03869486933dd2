import type { Core } from '@strapi/strapi';
import { dbTime, type AfterSalesApiV1, type ExtensionContext, type ReportSectionQuery } from '../../extension-api';
import { missingForSubmission, type AnalysisReportFields } from '../../domain/improvement/analysis-report';
import { frequentIssues, issueGroupingOf, type IssueFacts } from '../../domain/improvement/issue-grouping';
import { createAnalysis, type Analysis } from './analysis';
import { createPlan, type Plan } from './plan';
import { createNotices, type Notices, type ReleasedRecord } from './notices';
import { fixEffectSection } from './effect';
import { ANALYSIS_REPORT, JOB_FIX_NOTICES, JOB_OVERDUE_ACTIONS, SECTION_FIX_EFFECT, SECTION_SAME_ISSUES, WIDGET_OVERDUE_ACTIONS } from './constants';

let active: { analysis: Analysis; plan: Plan; notices: Notices } | null = null;
/** The running extension's services (null while it is disabled): for its controller. */
export const activeAnalysis = () => active;

/** The Reports page section: this month's analysed feedback, grouped as the "same issue" setting says. */
const sameIssues =
  (strapi: Core.Strapi, api: AfterSalesApiV1) =>
  async ({ from, to }: ReportSectionQuery) => {
    const grouping = issueGroupingOf(await api.configuration.get('issueGrouping'));
    const threshold = Number(await api.configuration.get('threshold')) || 5;
    const rows = await strapi.db
      .connection('feedbacks as f')
      .join('analysis_reports_feedbacks_lnk as af', 'af.feedback_id', 'f.id')
      .join('analysis_reports as a', 'a.id', 'af.analysis_report_id')
      .leftJoin('feedbacks_product_lnk as fp', 'fp.feedback_id', 'f.id')
      .leftJoin('products as p', 'p.id', 'fp.product_id')
      .where('f.created_at', '>=', dbTime(strapi, from))
      .andWhere('f.created_at', '<', dbTime(strapi, to))
      .distinct({ reference: 'f.reference', productModel: 'p.model_code', batch: 'f.batch', type: 'f.type', causeCategory: 'a.cause_category' });
    const issues = frequentIssues(rows as (IssueFacts & { reference: string })[], grouping, threshold);
    return {
      columns: [
        { key: 'issue', title: { en: 'Issue', 'zh-Hans': '问题' } },
        { key: 'count', title: { en: 'Items', 'zh-Hans': '数量' } },
        { key: 'references', title: { en: 'References', 'zh-Hans': '编号' } },
      ],
      rows: issues.map((issue) => ({
        issue: grouping.map((d) => issue.facts[d] ?? '—').join(' / '),
        count: new Set(issue.items.map((i) => i.reference)).size,
        references: [...new Set(issue.items.map((i) => i.reference))].sort().join(' '),
      })),
    };
  };

export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const services = { analysis: createAnalysis(strapi, api), plan: createPlan(strapi, api), notices: createNotices(strapi, api) };
  active = services;
  context.subscriptions.push(
    {
      dispose: () => {
        if (active === services) active = null;
      },
    },
    // Every write of a report is checked, whoever makes it (Content Manager, workflow action, these routes).
    api.documents.use(ANALYSIS_REPORT, async (ctx, next) => {
      if (ctx.action !== 'create' && ctx.action !== 'update') return next();
      await services.analysis.checkWrite((ctx.params as { data?: Record<string, unknown> } | undefined)?.data);
      return next();
    }),
    api.actions.registerGuard('after-sales.analysis.complete-before-submit', ({ record }) => {
      const [missing] = missingForSubmission(record as AnalysisReportFields);
      return missing ? { field: String(missing.path[0]), message: missing.message } : undefined;
    }),
    api.actions.registerGuard('after-sales.analysis.plan-has-both-terms', async ({ record, configuration }) => {
      if (configuration.planActionsRequired === false) return undefined;
      const [gap] = await services.plan.gapsOf(String(record.documentId));
      return gap ? { field: 'actions', message: gap.message } : undefined;
    }),
    api.jobs.schedule({ id: JOB_OVERDUE_ACTIONS, intervalMs: 15 * 60_000, run: () => services.plan.escalateOverdue() }),
    api.widgets.registerWidget(WIDGET_OVERDUE_ACTIONS, () => services.plan.overdueWidget()),
    api.reports.registerSection(SECTION_SAME_ISSUES, sameIssues(strapi, api)),
    // The fix shipped (an action of the setting releaseActions, `close` by default): every customer with an item linked to the record is told, once.
    api.actions.registerAfter('after-sales.analysis.fix-released', async ({ transition, record, now, configuration }) => {
      const actions = Array.isArray(configuration.releaseActions) ? (configuration.releaseActions as string[]) : ['close'];
      if (!actions.includes(transition.id)) return;
      await services.notices.release(record as ReleasedRecord, transition.id, now, Number(configuration.informWithinWorkingDays) || 1);
    }),
    // The inform clocks stop when the customer's message was sent (the outbox's delivery, on any instance).
    api.jobs.schedule({ id: JOB_FIX_NOTICES, intervalMs: 60_000, run: () => services.notices.syncSent() }),
    api.reports.registerSection(SECTION_FIX_EFFECT, fixEffectSection(strapi, api))
  );
};
