import { CONTENT_TYPES, documentsOf, type ExtensionContext } from '../../extension-api';
import { staffName, type StaffNameParts } from '../../domain/staff/display-name';

const DEFAULT_LOCALE = 'zh-Hans';

/** What the solution is written from: an improvement record's plan, its owners populated (admin users). */
type ImprovementPlan = {
  shortTermFix?: unknown;
  shortTermOwner?: StaffNameParts | null;
  shortTermDueDate?: unknown;
  longTermPlan?: unknown;
  longTermOwner?: StaffNameParts | null;
  longTermDueDate?: unknown;
};

/** The solution as Markdown: the short-term fix and the long-term plan, each with its owner and date. */
const solutionOf = (record: ImprovementPlan) => {
  const owner = (user: StaffNameParts | null | undefined) => (user ? (staffName({ firstname: user.firstname, lastname: user.lastname }) ?? '') : '');
  const line = (label: string, user: StaffNameParts | null | undefined, date: unknown) => [owner(user) && `${label}: ${owner(user)}`, date && `${String(date)}`].filter(Boolean).join(', ');
  return [
    '## 短期措施 Short-term fix',
    String(record.shortTermFix ?? ''),
    line('负责人 Owner', record.shortTermOwner, record.shortTermDueDate),
    '',
    '## 长期方案 Long-term plan',
    String(record.longTermPlan ?? ''),
    line('负责人 Owner', record.longTermOwner, record.longTermDueDate),
  ]
    .filter((part, i, all) => part !== '' || all[i - 1] !== '')
    .join('\n\n')
    .trim();
};

/**
 * Improvement records: publishing the solution creates a knowledge article draft (in the default
 * locale, linked to the product and to the record), and a failed verification clears the heads'
 * approvals so that the next plan is approved afresh.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  const { strapi } = context;
  context.subscriptions.push(
    api.actions.registerEffect('after-sales.improvement.publish-solution', async ({ record }) => {
      const product = record.product as { id?: number; documentId?: string } | null;
      const article = await documentsOf(strapi, CONTENT_TYPES.knowledgeArticle).create({
        locale: DEFAULT_LOCALE,
        status: 'draft',
        data: {
          title: String(record.title ?? record.reference).slice(0, 250),
          slug: `improvement-${String(record.reference ?? record.documentId).toLowerCase()}`,
          problem: `${record.title ?? ''}${record.occurrences ? ` (${record.occurrences} × ${record.month ?? ''})` : ''}`.trim(),
          cause: (record.rootCause as string) ?? null,
          solution: solutionOf(record as ImprovementPlan),
          category: (record.issue as string) ?? null,
          products: product?.documentId ? [product.documentId] : [],
        },
      });
      return { knowledgeArticle: article.documentId };
    }),
    api.actions.registerEffect('after-sales.improvement.reset-approvals', () => ({ approvals: [] }))
  );
};
