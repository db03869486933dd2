import type { ExtensionContext } from '../../extension-api';

/**
 * The technician's return is recorded when the service is completed (now, unless given). The SLA
 * policy of the workflow starts the archive clock from it (`after-sales.sla`, archiveBy).
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  context.subscriptions.push(
    api.actions.registerEffect('after-sales.service-record.archive-deadline', ({ data, now }) => {
      const returnedAt = data.returnedAt ? new Date(String(data.returnedAt)) : now;
      if (Number.isNaN(returnedAt.getTime())) return;
      return { returnedAt: returnedAt.toISOString() };
    })
  );
};
