import type { Core } from '@strapi/strapi';
import { slaHandle, slaServices } from './services';
import { errors, answer, type RouteContext, requireSuperAdmin } from '../../extension-api';

/**
 * An item's running clocks, and the SLA test hook that runs one sweep now (mounted only when
 * AFTER_SALES_TEST_CLOCK=1 outside production, and only for super admins).
 */
const slaController = ({ strapi }: { strapi: Core.Strapi }) => {
  const api = slaHandle.api;
  return {
    async sweep(ctx: RouteContext) {
      await answer(ctx, async () => {
        requireSuperAdmin(ctx, 'the test sweep');
        return { body: { data: await slaServices(strapi).sla.sweep() } };
      });
    },
    async clocks(ctx: RouteContext) {
      await answer(ctx, async () => {
        const workflow = api().workflow.definition(ctx.params.uid);
        const hasDepartment =
          workflow && (strapi.getModel(workflow.contentType as Parameters<typeof strapi.getModel>[0])?.attributes as Record<string, { type?: string }> | undefined)?.department?.type === 'relation';
        const record = workflow ? await api().records.find(workflow.contentType, ctx.params.documentId, hasDepartment ? { department: { select: ['id', 'code'] } } : undefined) : null;
        if (!workflow || !record) throw new errors.NotFoundError('No such record');
        await api().records.assertMayRead(ctx, workflow.contentType, ctx.params.documentId);
        return { body: { data: await slaServices(strapi).sla.clocks(workflow.contentType, record) } };
      });
    },
  };
};

export default slaController;
