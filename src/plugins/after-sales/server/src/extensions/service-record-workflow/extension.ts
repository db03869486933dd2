import type { ExtensionContext } from '../../extension-api';

const ARCHIVE_WITHIN_MS = 5 * 24 * 3600 * 1000;

/** The signed record is due for archiving 5 days after the technician's return. */
export const activate = (context: ExtensionContext) => {
  context.subscriptions.push(
    context.actions.registerEffect('after-sales.service-record.archive-deadline', ({ data, now }) => {
      const returnedAt = data.returnedAt ? new Date(String(data.returnedAt)) : now;
      if (Number.isNaN(returnedAt.getTime())) return;
      return { returnedAt: returnedAt.toISOString(), archiveBy: new Date(returnedAt.getTime() + ARCHIVE_WITHIN_MS).toISOString() };
    })
  );
};
