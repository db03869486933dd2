import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';

/** Admin helpers of the knowledge-article form. */
const knowledgeController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async tags(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'knowledge-base').tagsInUse() } }));
  },
});

export default knowledgeController;
