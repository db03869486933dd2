import type { ExtensionContext } from '../../extension-api';
import { createBetaTests, type BetaTests } from './beta';

let active: BetaTests | null = null;
const typedText = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
/** What staff typed with the action, then the figures the action checked. */
const withTyped = (typed: unknown, figures: string) => [typedText(typed), figures].filter(Boolean).join('\n\n');
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
    api.betaTests.provide({ lookup: (token) => service.lookup(token), answer: (token, form) => service.answer(token, form) }),
    // The improvement workflow's verification actions need what they claim: the test cases' verdicts, the customers' report.
    api.actions.registerGuard('after-sales.beta.test-cases-verified', async ({ record, actor }) => (await service.internalVerificationCheck(record, actor.id)).gap ?? undefined),
    api.actions.registerEffect('after-sales.beta.record-internal-verification', async ({ record, actor, changes }) => ({
      internalVerification: withTyped(changes.internalVerification, (await service.internalVerificationCheck(record, actor.id)).text),
    })),
    api.actions.registerGuard(
      'after-sales.beta.customers-verified',
      async ({ record, changes }) => (await service.customerVerificationCheck(record, typedText(changes.customerVerification))).gap ?? undefined
    ),
    api.actions.registerEffect('after-sales.beta.record-customer-verification', async ({ record, changes }) => {
      const { text } = await service.customerVerificationCheck(record, typedText(changes.customerVerification));
      return text ? { customerVerification: withTyped(changes.customerVerification, text) } : undefined;
    })
  );
};
