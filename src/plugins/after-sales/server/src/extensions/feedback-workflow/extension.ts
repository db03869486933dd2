import type { ExtensionContext } from '../../extension-api';

/** A duplicate must point at an existing feedback item other than itself. */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  context.subscriptions.push(
    api.actions.registerGuard('after-sales.feedback.original-exists', async ({ strapi, data, record }) => {
      const reference = String(data.duplicateOf ?? record.duplicateOf ?? '');
      if (reference === record.reference) return { field: 'duplicateOf', message: 'cannot be the item itself' };
      const original = await strapi.db.query('api::feedback.feedback').findOne({ where: { reference }, select: ['id'] });
      if (!original) return { field: 'duplicateOf', message: `no feedback with reference ${reference}` };
    })
  );
};
