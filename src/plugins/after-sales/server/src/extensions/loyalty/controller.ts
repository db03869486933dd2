import type { Core } from '@strapi/strapi';
import { answer, type RouteContext } from '../../extension-api';
import { loyaltyOf } from './loyalty';

/** The loyalty survey's staff routes: parse, call the service, shape the answer. */
const loyaltyController = ({ strapi }: { strapi: Core.Strapi }) => {
  const loyalty = () => loyaltyOf(strapi);
  return {
    campaigns: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await loyalty().campaigns() } })),
    send: (ctx: RouteContext) => answer(ctx, async () => ({ status: 201, body: { data: await loyalty().send(ctx.request.body?.data ?? ctx.request.body ?? {}, ctx.state.user) } })),
    results: (ctx: RouteContext) => answer(ctx, async () => ({ body: { data: await loyalty().results(ctx.query ?? {}) } })),
  };
};

export default loyaltyController;
