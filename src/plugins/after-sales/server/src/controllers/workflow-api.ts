import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { maskTimeline } from '../domain/privacy/mask';
import { parseTransitionRequest } from '../validation/transition-request';
import { respond } from './respond';
import type { RouteContext } from '../utils/route-context';

/** Workflow routes of the content API: API tokens and users-permissions users holding the route's permission. */
const workflowApi = ({ strapi }: { strapi: Core.Strapi }) => {
  const workflow = () => getService(strapi, 'workflow');
  const mayRead = (ctx: RouteContext) => getService(strapi, 'record-access').assertMayRead(ctx, ctx.params.uid, ctx.params.documentId);
  return {
    async listActions(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        return workflow().listActions(ctx.params.uid, ctx.params.documentId, workflow().apiActor(ctx));
      });
    },
    async perform(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        return workflow().perform(ctx.params.uid, ctx.params.documentId, ctx.params.action, parseTransitionRequest(ctx.request.body), workflow().apiActor(ctx));
      });
    },
    async timeline(ctx: RouteContext) {
      await respond(ctx, async () => {
        await mayRead(ctx);
        return maskTimeline(await workflow().timeline(ctx.params.uid, ctx.params.documentId));
      });
    },
  };
};

export default workflowApi;
