import type { ExtensionContext } from '../../extension-api';
import { createBetaTests, type BetaTests } from './beta';

let active: BetaTests | null = null;
/** The running extension's service (null while it is disabled): for its controller. */
export const activeBetaTests = () => active;

/**
 * Beta tests of a fix (004 二(四)): invitations from an improvement record, the customers' answers
 * through the portal's page (`api.betaTests`, provided here), the customer verification report, and
 * the internal verification of the analysis reports' test cases.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  const service = createBetaTests(context.strapi, api);
  active = service;
  context.subscriptions.push(
    {
      dispose: () => {
        if (active === service) active = null;
      },
    },
    api.betaTests.provide({ lookup: (token) => service.lookup(token), answer: (token, form) => service.answer(token, form) })
  );
};
