import type { Core } from '@strapi/strapi';
import { answer, type RouteContext } from '../../extension-api';
import { careQueue } from './queue';

/** The care-call queue's routes: parse, call the queue, shape the answer. */
const careController = ({ strapi }: { strapi: Core.Strapi }) => {
  const queue = careQueue(strapi);
  return {
    calls: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queue.list(ctx, ctx.query ?? {}) } })),
    generate: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queue.generate() } })),
    logOutcome: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queue.logOutcome(ctx, ctx.params.documentId, ctx.request.body?.data ?? ctx.request.body ?? {}) } })),
  };
};

export default careController;
