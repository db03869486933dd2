import type { Core } from '@strapi/strapi';
import { frontDeskOf } from './front-desk';
import { answer, type RouteContext } from '../../extension-api';

const localeOf = (ctx: RouteContext) => (ctx.query?.locale === 'en' ? 'en' : 'zh-Hans');

/** The front desk's routes: parse, call the service, shape the answer. */
const frontDeskController = ({ strapi }: { strapi: Core.Strapi }) => {
  const desk = frontDeskOf(strapi);
  return {
    callers: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.callers(ctx.query?.q, localeOf(ctx), ctx) } })),
    offices: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.offices(ctx.state.user) } })),
    products: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.products(ctx.query?.q) } })),
    articles: (ctx: RouteContext) =>
      answer(ctx, async () => ({ body: { data: await desk.articles(ctx.query?.q, localeOf(ctx), typeof ctx.query?.product === 'string' ? ctx.query.product : undefined) } })),
    promise: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.promise() } })),
    classify: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: desk.classify(ctx.request.body ?? {}) } })),
    register: (ctx: RouteContext) => answer(ctx, async () => ({ status: 201, body: { data: await desk.register(ctx.request.body?.data ?? ctx.request.body, ctx.state.user) } })),
    addToCase: (ctx: RouteContext) =>
      answer(ctx, async () => ({ status: 201, body: { data: await desk.addToCase(ctx.params.uid, ctx.params.documentId, ctx.request.body ?? {}, ctx.state.user, localeOf(ctx)) } })),
    sendArticle: (ctx: RouteContext) => answer(ctx, async () => ({ status: 201, body: { data: await desk.sendArticle(ctx.request.body ?? {}, ctx.state.user) } })),
    mine: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.mine(ctx.state.user, localeOf(ctx)) } })),
    backlog: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await desk.backlog(ctx.query?.month || undefined) } })),
    review: (ctx: RouteContext) =>
      answer(ctx, async () => {
        const { decision, note, version } = ctx.request.body ?? {};
        return { body: { data: await desk.review(ctx.params.documentId, decision, note, version, await desk.adminActor(ctx.state.user)) } };
      }),
  };
};

export default frontDeskController;
