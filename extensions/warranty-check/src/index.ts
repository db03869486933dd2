import type { ExtensionContext } from 'strapi-plugin-after-sales/extension-api';
import { checkWarranty } from './warranty';

/** Refuses a return or exchange once the product's warranty (plus the configured grace days) has ended. */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  context.subscriptions.push(
    api.actions.registerGuard('example.warranty-check.in-warranty', async ({ strapi, record, now, configuration }) => {
      const productId = (record.product as { id?: number } | null | undefined)?.id;
      const product = productId ? await strapi.db.query('api::product.product').findOne({ where: { id: productId }, select: ['warrantyMonths'] }) : null;
      if (!product) return { field: 'product', message: 'is needed to check the warranty' };
      const verdict = checkWarranty({
        purchaseDate: record.purchaseDate as string | null | undefined,
        warrantyMonths: product.warrantyMonths,
        graceDays: Number(configuration.graceDays ?? 0),
        today: now,
      });
      if (!verdict.covered) return { field: verdict.field, message: verdict.reason };
    })
  );
};
