import type { Core } from '@strapi/strapi';
import { queuesOf } from './queues';
import { answer, type RouteContext } from '../../extension-api';

const localeOf = (ctx: RouteContext) => (ctx.query?.locale === 'en' ? 'en' : 'zh-Hans');

/** The work queues' routes: parse, call the service, shape the answer. */
const queuesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const queues = queuesOf(strapi);
  return {
    views: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.views(ctx) } })),
    items: (ctx: RouteContext) => answer(ctx, async () => ({ body: await queues.items(ctx, ctx.query ?? {}, localeOf(ctx)) })),
    createView: (ctx: RouteContext) => answer(ctx, async () => ({ status: 201, body: { data: await queues.saveView(ctx, null, ctx.request.body?.data ?? ctx.request.body) } })),
    updateView: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.saveView(ctx, ctx.params.id, ctx.request.body?.data ?? ctx.request.body) } })),
    deleteView: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.deleteView(ctx, ctx.params.id) } })),
    bulk: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.bulk(ctx, ctx.request.body?.data ?? ctx.request.body) } })),
    search: (ctx: RouteContext) => answer(ctx, async () => ({ body: await queues.search(ctx, ctx.query ?? {}, localeOf(ctx)) })),
    tags: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.listTags() } })),
    createTag: (ctx: RouteContext) => answer(ctx, async () => ({ status: 201, body: { data: await queues.saveTag(null, ctx.request.body?.data ?? ctx.request.body) } })),
    updateTag: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.saveTag(ctx.params.id, ctx.request.body?.data ?? ctx.request.body) } })),
    deleteTag: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await queues.deleteTag(ctx.params.id) } })),
  };
};

export default queuesController;
