import { activeFieldActions } from './extension';
import { answer, errors, HttpError, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const running = () => {
  const service = activeFieldActions();
  if (!service) throw new HttpError(503, 'Field actions are switched off (the after-sales.field-actions extension is disabled)');
  return service;
};
const actorOf = (ctx: RouteContext) => {
  const user = ctx.state.user as { id?: number; firstname?: string; lastname?: string; email?: string } | undefined;
  if (typeof user?.id !== 'number') throw new errors.UnauthorizedError('Sign in to the admin first');
  return { id: user.id, name: staffActorName(user), user: user as { id: number } };
};
const bodyOf = (ctx: RouteContext) => {
  const body = ctx.request.body as unknown;
  return (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
};

/** Field actions and recalls of an improvement record: parse, call the extension's service, shape the answer. */
const fieldActionsController = () => ({
  async show(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().show(ctx, ctx.params.documentId) } }));
  },
  async preview(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().preview(ctx, ctx.params.documentId, bodyOf(ctx)) } }));
  },
  async start(ctx: RouteContext) {
    await answer(ctx, async () => {
      const result = await running().start(ctx, ctx.params.documentId, bodyOf(ctx), actorOf(ctx));
      return { status: result.created ? 201 : 200, body: { data: result } };
    });
  },
  async importUnits(ctx: RouteContext) {
    await answer(ctx, async () => ({ status: 201, body: { data: await running().importUnits(bodyOf(ctx), actorOf(ctx)) } }));
  },
  async outcome(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().recordOutcome(ctx, ctx.params.documentId, ctx.params.unitId, bodyOf(ctx), actorOf(ctx)) } }));
  },
});
export default fieldActionsController;
