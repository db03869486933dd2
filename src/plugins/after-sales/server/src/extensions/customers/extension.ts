import type { ExtensionContext } from '../../extension-api';
import { customersService } from './customers';
import { setCustomersContext } from './state';

/** Merge snapshots are looked at once an hour: one is purged at most an hour after its 30 days. */
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * One customer record per person: the duplicates view, merge and undo, the customer page. Its
 * routes act only while it is active; the purge of merge snapshots older than 30 days is a job
 * (one instance per interval; `AFTER_SALES_JOB_CUSTOMERS_PURGE_MERGE_SNAPSHOTS=off` on an instance).
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  setCustomersContext({ api, strapi: context.strapi });
  const customers = customersService(context.strapi, api);
  context.subscriptions.push(
    { dispose: () => setCustomersContext(null) },
    api.jobs.schedule({ id: 'customers.purge-merge-snapshots', intervalMs: PURGE_INTERVAL_MS, run: ({ now }) => customers.purgeSnapshots(now) })
  );
};
