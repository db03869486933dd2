import type { Core } from '@strapi/strapi';
import { receiptHandlerOf } from './extension';
import { errors, answer, type RouteContext } from '../../extension-api';

/** Delivery receipts pushed by the SMS provider; the secret in the address is AFTER_SALES_SMS_RECEIPT_SECRET. */
const receiptsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receipts(ctx: RouteContext) {
    await answer(ctx, async () => {
      const handler = receiptHandlerOf(strapi);
      if (!handler) throw new errors.NotFoundError('SMS receipts are not taken here');
      const result = await handler(String(ctx.params.provider), String(ctx.params.secret), ctx.request.body);
      if (result.status === 404) throw new errors.NotFoundError('SMS receipts are not taken here');
      return result;
    });
  },
});

/** What the SMS extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: {},
  controllers: { 'sms-receipts': receiptsController },
  routes: {
    admin: [],
    contentApi: [{ method: 'POST', path: '/sms/receipts/:provider/:secret', handler: 'sms-receipts.receipts', config: { auth: false } }],
  },
};
