import type { ExtensionContext } from '../../extension-api';
import { loyaltyOf, useLoyaltyApi } from './loyalty';

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
    api.loyaltySurveys.provide({ lookup: (token) => loyalty.lookup(token), answer: (token, answer) => loyalty.answer(token, answer) })
  );
};
