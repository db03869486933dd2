import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { errors, invalidInput } from '../../utils/http-errors';
import { answer } from '../../controllers/answer';
import type { RouteContext } from '../../utils/route-context';

/**
 * The SLA test hooks: set the one clock and run one sweep now. Mounted only when
 * AFTER_SALES_TEST_CLOCK=1 outside production, and only for super admins.
 */
const slaController = ({ strapi }: { strapi: Core.Strapi }) => {
  const requireSuperAdmin = (ctx: RouteContext) => {
    if (!ctx.state.user?.roles?.some((r: { code: string }) => r.code === 'strapi-super-admin')) throw new errors.ForbiddenError('Only a super admin may use the test clock');
  };
  return {
    async setClock(ctx: RouteContext) {
      await answer(ctx, async () => {
        requireSuperAdmin(ctx);
        const value = ctx.request.body?.now;
        if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
          throw invalidInput([{ path: ['now'], message: 'must be an ISO time or null' }]);
        }
        const clock = getService(strapi, 'clock');
        clock.set(value === null ? null : new Date(value));
        return { body: { data: { now: clock.now().toISOString(), frozen: clock.isFrozen() } } };
      });
    },
    async sweep(ctx: RouteContext) {
      await answer(ctx, async () => {
        requireSuperAdmin(ctx);
        return { body: { data: await getService(strapi, 'sla').sweep() } };
      });
    },
    async clocks(ctx: RouteContext) {
      await answer(ctx, async () => {
        const workflow = getService(strapi, 'workflow').definitionFor(ctx.params.uid);
        const hasDepartment =
          workflow && (strapi.getModel(workflow.contentType as Parameters<typeof strapi.getModel>[0])?.attributes as Record<string, { type?: string }> | undefined)?.department?.type === 'relation';
        const record = workflow
          ? await getService(strapi, 'record-access').findRecord(workflow.contentType, ctx.params.documentId, hasDepartment ? { department: { select: ['id', 'code'] } } : undefined)
          : null;
        if (!workflow || !record) throw new errors.NotFoundError('No such record');
        await getService(strapi, 'record-access').assertMayRead(ctx, workflow.contentType, ctx.params.documentId);
        return { body: { data: await getService(strapi, 'sla').clocks(workflow.contentType, record) } };
      });
    },
  };
};

export default slaController;
