import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';

const localeOf = (ctx: any) => (String(ctx.query?.locale ?? '').startsWith('zh') ? 'zh-Hans' : 'en');

/** The after-sales dashboard and the homepage widgets, for the signed-in staff member. */
const dashboardController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview(ctx: any) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      const scope = await service.scopeOf(ctx.state.user);
      const filters = await service.filters(ctx.query ?? {});
      return { body: { data: await service.overview(scope, filters, localeOf(ctx)) } };
    });
  },

  async myOverdue(ctx: any) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      return { body: { data: await service.myOverdue(await service.scopeOf(ctx.state.user), localeOf(ctx)) } };
    });
  },

  async todaysCallbacks(ctx: any) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      return { body: { data: await service.todaysCallbacks(await service.scopeOf(ctx.state.user), localeOf(ctx)) } };
    });
  },
});

export default dashboardController;
