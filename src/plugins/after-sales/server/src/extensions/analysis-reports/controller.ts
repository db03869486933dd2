import { activeAnalysis } from './extension';
import { answer, errors, HttpError, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const running = () => {
  const services = activeAnalysis();
  if (!services) throw new HttpError(503, 'Analysis reports are switched off (the after-sales.analysis-reports extension is disabled)');
  return services;
};
const actorOf = (ctx: RouteContext) => {
  const user = ctx.state.user as { id?: number; firstname?: string; lastname?: string; email?: string } | undefined;
  if (typeof user?.id !== 'number') throw new errors.UnauthorizedError('Sign in to the admin first');
  return { id: user.id, name: staffActorName(user) };
};
const bodyOf = (ctx: RouteContext) => {
  const body = ctx.request.body as unknown;
  return (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
};

/** Analysis reports and improvement plans: parse, call the extension's services, shape the answer. */
const analysisController = () => ({
  async categories(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().analysis.categories() } }));
  },
  async ofItem(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().analysis.ofItem(ctx, ctx.params.uid, ctx.params.documentId) } }));
  },
  async open(ctx: RouteContext) {
    await answer(ctx, async () => ({ status: 201, body: { data: await running().analysis.open(ctx, bodyOf(ctx), actorOf(ctx)) } }));
  },
  async show(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().analysis.show(ctx, ctx.params.documentId) } }));
  },
  async update(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().analysis.update(ctx, ctx.params.documentId, bodyOf(ctx)) } }));
  },
  async toImprovement(ctx: RouteContext) {
    await answer(ctx, async () => {
      const result = await running().analysis.toImprovement(ctx, ctx.params.documentId, actorOf(ctx));
      return { status: result.joined ? 200 : 201, body: { data: result } };
    });
  },
  async link(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().analysis.link(ctx, ctx.params.documentId, bodyOf(ctx), actorOf(ctx)) } }));
  },
  async plan(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().plan.show(ctx, ctx.params.documentId) } }));
  },
  async notices(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().notices.list(ctx, ctx.params.documentId) } }));
  },
  async informNow(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().notices.informNow(ctx, ctx.params.documentId) } }));
  },
  async savePlan(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().plan.save(ctx, ctx.params.documentId, bodyOf(ctx), actorOf(ctx)) } }));
  },
});
export default analysisController;
