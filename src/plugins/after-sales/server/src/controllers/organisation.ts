import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';

/** Settings → After-sales → Departments and channels. */
const organisationController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview(ctx: any) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'organisation').overview() } }));
  },
  async saveDepartment(ctx: any) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'organisation').saveDepartment(ctx.params.code, ctx.request.body?.data) } }));
  },
});

export default organisationController;
