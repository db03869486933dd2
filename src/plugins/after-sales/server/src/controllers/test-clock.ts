import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { invalidInput } from '../utils/http-errors';
import { requireSuperAdmin } from '../utils/admin-permissions';
import { answer } from './answer';
import { figuresConfig } from '../utils/kept-figures';
import type { RouteContext } from '../utils/route-context';

/**
 * The test hooks: the business clock (set the one clock, or let it run again with `null`) and the figures kept a
 * little while (`dashboardFigures`: a browser test shows a kept report without waiting for a slow one).
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
  async figures(ctx: RouteContext) {
    await answer(ctx, async () => {
      requireSuperAdmin(ctx, 'the test hooks');
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const names = ['cacheFromMs', 'freshSeconds', 'staleSeconds'] as const;
      const problems = [
        ...Object.keys(body)
          .filter((name) => !(names as readonly string[]).includes(name))
          .map((name) => ({ path: [name], message: 'is not a known setting' })),
        ...names.filter((name) => !Number.isInteger(body[name]) || (body[name] as number) < 0).map((name) => ({ path: [name], message: 'must be a whole number from 0' })),
      ];
      if (problems.length) throw invalidInput(problems);
      const figures = { cacheFromMs: body.cacheFromMs as number, freshSeconds: body.freshSeconds as number, staleSeconds: body.staleSeconds as number };
      // The settings before, for the test to put back.
      const previous = { ...figuresConfig(strapi) };
      strapi.config.set('plugin::after-sales.dashboardFigures', figures);
      return { body: { data: figures, meta: { previous } } };
    });
  },
});

export default testClockController;
