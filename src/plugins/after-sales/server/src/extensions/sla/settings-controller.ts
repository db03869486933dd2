import type { Core } from '@strapi/strapi';
import { slaServices } from './services';
import { invalidInput, answer, type RouteContext } from '../../extension-api';

/** Settings → After-sales → SLA calendars and SLA policies: thin adapters around the sla-settings service. */
const slaSettingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => slaServices(strapi).settings;
  const download = (ctx: RouteContext, file: { type: string; filename: string; body: string }) => {
    ctx.type = file.type;
    ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
    return { body: file.body };
  };
  return {
    async listCalendars(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().listCalendars() } }));
    },
    async getCalendar(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().getCalendar(ctx.params.id) } }));
    },
    async createCalendar(ctx: RouteContext) {
      await answer(ctx, async () => ({ status: 201, body: { data: await service().saveCalendar(null, ctx.request.body, ctx.state.user) } }));
    },
    async updateCalendar(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().saveCalendar(ctx.params.id, ctx.request.body, ctx.state.user) } }));
    },
    async deleteCalendar(ctx: RouteContext) {
      await answer(ctx, async () => {
        await service().deleteCalendar(ctx.params.id);
        return { body: { data: { id: ctx.params.id } } };
      });
    },
    async importCalendar(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().importCalendar(ctx.request.body, ctx.state.user) } }));
    },
    async exportCalendar(ctx: RouteContext) {
      await answer(ctx, async () => download(ctx, await service().exportCalendar(ctx.params.id, ctx.query.format)));
    },
    async departmentCalendars(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().departmentCalendars() } }));
    },
    async saveDepartmentCalendars(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().saveDepartmentCalendars(ctx.request.body) } }));
    },
    async listPolicies(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().listPolicies(), steps: slaServices(strapi).sla.escalationStepIds(), workflows: service().vocabularies() } }));
    },
    async getPolicy(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().getPolicy(ctx.params.id) } }));
    },
    async createPolicy(ctx: RouteContext) {
      await answer(ctx, async () => ({ status: 201, body: { data: await service().savePolicy(null, ctx.request.body, ctx.state.user) } }));
    },
    async updatePolicy(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().savePolicy(ctx.params.id, ctx.request.body, ctx.state.user) } }));
    },
    async deletePolicy(ctx: RouteContext) {
      await answer(ctx, async () => {
        await service().deletePolicy(ctx.params.id);
        return { body: { data: { id: ctx.params.id } } };
      });
    },
    /** `{ content: <policy JSON, object or text>, active? }`: creates the policy or replaces the one with its id. */
    async importPolicy(ctx: RouteContext) {
      await answer(ctx, async () => {
        const body = ctx.request.body ?? {};
        let content = body.content;
        if (typeof content === 'string') {
          try {
            content = JSON.parse(content);
          } catch (error) {
            throw invalidInput([{ path: ['content'], message: `not JSON: ${(error as Error).message}` }]);
          }
        }
        if (!content || typeof content !== 'object' || Array.isArray(content)) throw invalidInput([{ path: ['content'], message: 'required: an SLA policy as JSON' }]);
        const exists = typeof content.id === 'string' && (await service().listPolicies()).some((p: { id: string }) => p.id === content.id);
        return { body: { data: await service().savePolicy(exists ? content.id : null, { data: content, active: body.active }, ctx.state.user) } };
      });
    },
    async exportPolicy(ctx: RouteContext) {
      await answer(ctx, async () => {
        const { policy } = await service().getPolicy(ctx.params.id);
        return download(ctx, { type: 'application/json; charset=utf-8', filename: `${policy.id}.json`, body: `${JSON.stringify(policy, null, 2)}\n` });
      });
    },
  };
};

export default slaSettingsController;
