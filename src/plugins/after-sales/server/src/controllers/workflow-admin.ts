import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { maskTimeline } from '../domain/privacy/mask';
import { parseTransitionRequest } from '../validation/transition-request';
import { respond } from './respond';
import type { RouteContext } from '../utils/route-context';

/** Workflow routes of the admin API: the caller is an admin user, checked against RBAC per action. */
const workflowAdmin = ({ strapi }: { strapi: Core.Strapi }) => {
  const workflow = () => getService(strapi, 'workflow');
  /** The record's read permission, as in the Content Manager, before anything about it is answered. */
  const mayRead = (ctx: RouteContext) => getService(strapi, 'record-access').assertMayRead(ctx, ctx.params.uid, ctx.params.documentId);
  const locale = (ctx: RouteContext) => (ctx.query.locale === 'zh-Hans' ? 'zh-Hans' : 'en');
  return {
    async definitions(ctx: RouteContext) {
      await respond(ctx, async () => workflow().definitions());
    },
    async listActions(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        return workflow().listActions(ctx.params.uid, ctx.params.documentId, await workflow().adminActor(ctx.state.user), locale(ctx));
      });
    },
    async perform(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        const input = parseTransitionRequest(ctx.request.body);
        return workflow().perform(ctx.params.uid, ctx.params.documentId, ctx.params.action, input, await workflow().adminActor(ctx.state.user));
      });
    },
    async timeline(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        const actor = await workflow().adminActor(ctx.state.user);
        await workflow().listActions(ctx.params.uid, ctx.params.documentId, actor);
        return maskTimeline(await workflow().timeline(ctx.params.uid, ctx.params.documentId));
      });
    },
  };
};

export default workflowAdmin;
