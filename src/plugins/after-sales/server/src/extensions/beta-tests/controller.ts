import { activeBetaTests } from './extension';
import { answer, errors, HttpError, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const running = () => {
  const service = activeBetaTests();
  if (!service) throw new HttpError(503, 'Beta tests are switched off (the after-sales.beta-tests extension is disabled)');
  return service;
};
const actorOf = (ctx: RouteContext) => {
  const user = ctx.state.user as { id?: number; firstname?: string; lastname?: string; email?: string } | undefined;
  if (typeof user?.id !== 'number') throw new errors.UnauthorizedError('Sign in to the admin first');
  return { id: user.id, name: staffActorName(user) };
};
/** `{ data: {...} }` or the fields themselves. */
const dataOf = (ctx: RouteContext) => {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const data = body && typeof body === 'object' && !Array.isArray(body) ? (body.data ?? body) : {};
  return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
};

/** Beta tests and internal verification: parse, call the extension's service, shape the answer. */
const betaController = () => ({
  async list(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().list(ctx, ctx.params.documentId) } }));
  },
  async invite(ctx: RouteContext) {
    await answer(ctx, async () => ({ status: 201, body: { data: await running().invite(ctx, ctx.params.documentId, dataOf(ctx), actorOf(ctx)) } }));
  },
  async report(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().report(ctx, ctx.params.id) } }));
  },
  async verification(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().verification(ctx, ctx.params.documentId, actorOf(ctx)) } }));
  },
  async verify(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await running().verify(ctx, ctx.params.documentId, dataOf(ctx), actorOf(ctx)) } }));
  },
});
export default betaController;
