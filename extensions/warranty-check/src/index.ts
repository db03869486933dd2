import { checkWarranty } from './warranty';

/**
 * The minimal slice of the after-sales extension API this example uses. A published extension
 * would import these types from the plugin (server/src/extension-api.ts).
 */
interface GuardInvocation {
  strapi: { db: { query(uid: string): { findOne(params: unknown): Promise<any> } } };
  record: Record<string, any>;
  now: Date;
  configuration: Record<string, unknown>;
}
interface Context {
  subscriptions: { dispose(): void }[];
  actions: { registerGuard(id: string, handler: (invocation: GuardInvocation) => Promise<void | { field: string; message: string }>): { dispose(): void } };
}

export const activate = (context: Context) => {
  context.subscriptions.push(
    context.actions.registerGuard('example.warranty-check.in-warranty', async ({ strapi, record, now, configuration }) => {
      const productId = record.product?.id;
      const product = productId ? await strapi.db.query('api::product.product').findOne({ where: { id: productId }, select: ['warrantyMonths'] }) : null;
      if (!product) return { field: 'product', message: 'is needed to check the warranty' };
      const verdict = checkWarranty({
        purchaseDate: record.purchaseDate,
        warrantyMonths: product.warrantyMonths,
        graceDays: Number(configuration.graceDays ?? 0),
        today: now,
      });
      if (!verdict.covered) return { field: verdict.field, message: verdict.reason };
    })
  );
};
