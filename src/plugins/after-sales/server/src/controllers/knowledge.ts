import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';

/** Admin helpers of the knowledge-article form. */
const knowledgeController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async tags(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'knowledge-base').tagsInUse() } }));
  },

  /** The customers' "was this helpful" votes on one article, per published language (the edit view's side panel). */
  async votes(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'knowledge-base').voteCounts(String(ctx.params.documentId).slice(0, 64)) } }));
  },
});

export default knowledgeController;
