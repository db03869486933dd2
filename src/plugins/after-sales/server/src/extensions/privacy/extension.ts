import type { ExtensionContext } from '../../extension-api';

/**
 * Customer privacy. Erasure is the `erase` action of the `customer-privacy` workflow, so it has its
 * own RBAC permission, the version check and an audit event like every other action; these hooks
 * do the anonymisation inside its transaction. The bytes of the customer's files are removed from
 * storage once it has committed.
 */
export const activate = (context: ExtensionContext) => {
  const privacy = context.strapi.plugin('after-sales').service('privacy');
  context.subscriptions.push(
    context.actions.registerGuard('after-sales.privacy.reason-without-personal-data', ({ record, note }) => privacy.refuseReasonQuotingCustomer(record, note)),
    context.actions.registerEffect('after-sales.privacy.anonymise-profile', ({ record }) => privacy.anonymisedProfile(record)),
    context.actions.registerAfter('after-sales.privacy.anonymise-everywhere', ({ record, actor, note, now }) => privacy.anonymiseEverywhere(record, actor, note, now))
  );
};
