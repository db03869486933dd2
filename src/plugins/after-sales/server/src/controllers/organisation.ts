import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';

/** Settings → After-sales → Departments and channels. */
const organisationController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'organisation').overview() } }));
  },
  async saveDepartment(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'organisation').saveDepartment(ctx.params.code, ctx.request.body?.data) } }));
  },
});

export default organisationController;
