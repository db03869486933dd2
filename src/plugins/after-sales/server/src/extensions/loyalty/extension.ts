import type { ExtensionContext, ReportSectionQuery } from '../../extension-api';
import { loyaltyOf, useLoyaltyApi } from './loyalty';

export const NPS_SECTION = 'after-sales.loyalty.nps-by-segment';

/**
 * Loyalty (NPS) surveys: provides the invitations to the customer portal's NPS page
 * (`api.loyaltySurveys`); its staff routes send campaigns and read results. While disabled, the
 * routes answer 503 and every survey link is unknown.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  const { strapi } = context;
  useLoyaltyApi(strapi, api);
  const loyalty = loyaltyOf(strapi);
  context.subscriptions.push(
    { dispose: () => void useLoyaltyApi(strapi, null) },
    api.loyaltySurveys.provide({
      lookup: (token) => loyalty.lookup(token),
      answer: (token, answer) => loyalty.answer(token, answer),
      // The customer page's loyalty section (the customers extension asks through the API).
      ofCustomer: (customerDocumentId, limit) => loyalty.ofCustomer(customerDocumentId, limit),
    }),
    // The month's answers per segment, beside the monthly report (and archived and exported with it).
    api.reports.registerSection(NPS_SECTION, async ({ month }: ReportSectionQuery) => {
      const { rows, total, followUps } = await loyalty.results({ from: month, to: month });
      const line = (segment: string, r: { answers: number; promoters: number; passives: number; detractors: number; nps: number | null }) => ({
        segment,
        answers: r.answers,
        promoters: r.promoters,
        passives: r.passives,
        detractors: r.detractors,
        nps: r.nps,
      });
      return {
        columns: [
          { key: 'segment', title: { en: 'Segment', 'zh-Hans': '客户分级' } },
          { key: 'answers', title: { en: 'Answers', 'zh-Hans': '回答数' } },
          { key: 'promoters', title: { en: 'Promoters (9–10)', 'zh-Hans': '推荐者（9–10）' } },
          { key: 'passives', title: { en: 'Passives (7–8)', 'zh-Hans': '被动者（7–8）' } },
          { key: 'detractors', title: { en: 'Detractors (0–6)', 'zh-Hans': '贬损者（0–6）' } },
          { key: 'nps', title: { en: 'NPS', 'zh-Hans': 'NPS' } },
        ],
        rows: total.answers ? [...rows.map((r) => line(r.segment ?? '—', r)), line('∑', total)] : [],
        note: { en: `Detractors followed up by a care call: ${followUps}.`, 'zh-Hans': `已安排关怀回访的贬损者：${followUps} 位。` },
      };
    })
  );
};
