import type { ActionInvocation, ExtensionContext } from '../../extension-api';
import type { ErasedCustomer } from './erasure';
import { privacyOf } from './privacy';
import { privacyHandle } from './shared';

/**
 * Customer privacy. Erasure is the `erase` action of the `customer-privacy` workflow, so it has its
 * own RBAC permission, the version check and an audit event like every other action; these hooks
 * do the anonymisation inside its transaction. The bytes of the customer's files are removed from
 * storage once it has committed. The retention policy runs as a scheduled job (one instance per
 * interval), which also retries storage deletions an earlier run did not finish.
 */
export const register = (context: ExtensionContext) => privacyHandle.bind(context);

/** The record of the customer-privacy workflow's actions: a stored customer. */
const customerOf = (record: ActionInvocation['record']) => record as unknown as ErasedCustomer;

export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const privacy = privacyOf(strapi);
  context.subscriptions.push(
    api.actions.registerGuard('after-sales.privacy.reason-without-personal-data', ({ record, note }) => privacy.refuseReasonQuotingCustomer(customerOf(record), note)),
    api.actions.registerEffect('after-sales.privacy.anonymise-profile', ({ record }) => privacy.anonymisedProfile(customerOf(record))),
    api.actions.registerAfter('after-sales.privacy.anonymise-everywhere', ({ record, actor, note, now }) =>
      privacy.anonymiseEverywhere(customerOf(record), actor as Parameters<typeof privacy.anonymiseEverywhere>[1], note, now)
    )
  );

  if (strapi.config.get('plugin::after-sales.retentionJob', true)) {
    const intervalMs = strapi.config.get<number>('plugin::after-sales.retentionIntervalMs', 3_600_000);
    // The timer of the policy; `scheduledRetention` takes the policy's own lease (`privacy.retention`).
    context.subscriptions.push(api.jobs.schedule({ id: 'privacy.retention-timer', intervalMs, run: () => privacy.scheduledRetention(intervalMs) }));
  }

  // Erased files whose storage deletion an earlier run did not finish (it stopped in between).
  privacy.retryFileRemovals().catch((error: Error) => context.log.warn(`retrying erased files' storage deletion failed: ${error.message}`));
};
