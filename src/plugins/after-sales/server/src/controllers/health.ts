import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { RouteContext } from '../utils/route-context';

/** `GET /api/after-sales/health` (liveness) and `/ready` (readiness): public, no personal data. */
const health = ({ strapi }: { strapi: Core.Strapi }) => ({
  async live(ctx: RouteContext) {
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 200;
    ctx.body = { data: { status: 'ok' } };
  },
  async ready(ctx: RouteContext) {
    const readiness = await getService(strapi, 'health').ready();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = readiness.status === 'ready' ? 200 : 503;
    ctx.body = { data: readiness };
  },
});

export default health;
