import type { ExtensionContext } from '../../extension-api';

/**
 * The technician's return is recorded when the service is completed (now, unless given). The SLA
 * policy of the workflow starts the archive clock from it (`after-sales.sla`, archiveBy). A service
 * record marked as a duplicate (`mark-duplicate`, as merging duplicate cases does) must name another
 * existing service record.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  context.subscriptions.push(
    api.actions.registerEffect('after-sales.service-record.archive-deadline', ({ data, now }) => {
      const returnedAt = data.returnedAt ? new Date(String(data.returnedAt)) : now;
      if (Number.isNaN(returnedAt.getTime())) return;
      return { returnedAt: returnedAt.toISOString() };
    }),
    api.actions.registerGuard('after-sales.service-record.original-exists', async ({ strapi, data, record }) => {
      const reference = String(data.duplicateOf ?? record.duplicateOf ?? '');
      if (reference === record.reference) return { field: 'duplicateOf', message: 'cannot be the item itself' };
      const original = await strapi.db.query('api::service-record.service-record').findOne({ where: { reference }, select: ['id'] });
      if (!original) return { field: 'duplicateOf', message: `no service record with reference ${reference}` };
    })
  );
};
