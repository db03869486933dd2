import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { invalidInput } from '../utils/http-errors';
import { requireSuperAdmin } from '../utils/admin-permissions';
import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';

/**
 * The test hook of the business clock: set the one clock (or let it run again with `null`).
 * Mounted only when AFTER_SALES_TEST_CLOCK=1 outside production, and only for super admins.
 */
const testClockController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async set(ctx: RouteContext) {
    await answer(ctx, async () => {
      requireSuperAdmin(ctx, 'the test clock');
      const value = ctx.request.body?.now;
      if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        throw invalidInput([{ path: ['now'], message: 'must be an ISO time or null' }]);
      }
      const clock = getService(strapi, 'clock');
      clock.set(value === null ? null : new Date(value));
      return { body: { data: { now: clock.now().toISOString(), frozen: clock.isFrozen() } } };
    });
  },
});

export default testClockController;
