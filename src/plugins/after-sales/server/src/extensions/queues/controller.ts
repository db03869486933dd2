import type { Core } from '@strapi/strapi';
import { queuesOf } from './queues';
import { answer } from '../../extension-api';

const localeOf = (ctx: any) => (ctx.query?.locale === 'en' ? 'en' : 'zh-Hans');

/** The work queues' routes: parse, call the service, shape the answer. */
const queuesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const queues = queuesOf(strapi);
  return {
    views: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.views(ctx) } })),
    items: (ctx: any) => answer(ctx, async () => ({ body: await queues.items(ctx, ctx.query ?? {}, localeOf(ctx)) })),
    createView: (ctx: any) => answer(ctx, async () => ({ status: 201, body: { data: await queues.saveView(ctx, null, ctx.request.body?.data ?? ctx.request.body) } })),
    updateView: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.saveView(ctx, ctx.params.id, ctx.request.body?.data ?? ctx.request.body) } })),
    deleteView: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.deleteView(ctx, ctx.params.id) } })),
    bulk: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.bulk(ctx, ctx.request.body?.data ?? ctx.request.body) } })),
    search: (ctx: any) => answer(ctx, async () => ({ body: await queues.search(ctx, ctx.query ?? {}, localeOf(ctx)) })),
    tags: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.listTags() } })),
    createTag: (ctx: any) => answer(ctx, async () => ({ status: 201, body: { data: await queues.saveTag(null, ctx.request.body?.data ?? ctx.request.body) } })),
    updateTag: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.saveTag(ctx.params.id, ctx.request.body?.data ?? ctx.request.body) } })),
    deleteTag: (ctx: any) => answer(ctx, async () => ({ body: { data: await queues.deleteTag(ctx.params.id) } })),
  };
};

export default queuesController;
