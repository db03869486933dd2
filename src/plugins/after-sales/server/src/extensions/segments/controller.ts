import { segmentsService } from './segments';
import { segmentsContext } from './state';
import { CONTENT_TYPES, respond, type RouteContext } from '../../extension-api';

const service = () => {
  const { strapi, api } = segmentsContext();
  return { api, segments: segmentsService(strapi, api) };
};

const actorOf = async (ctx: RouteContext) => {
  const caller = await segmentsContext().api.workflow.adminActor(ctx.state.user);
  return { kind: 'admin', id: caller.id, name: caller.name };
};

/** Admin routes of the customer segments extension: the segments, a customer's segment, the nightly run, the win-back list. */
export default () => ({
  async list(ctx: RouteContext) {
    await respond(ctx, async () => service().segments.list());
  },
  async save(ctx: RouteContext) {
    await respond(ctx, async () => service().segments.save(String(ctx.params.key ?? ''), ctx.request.body?.data ?? ctx.request.body));
  },
  async remove(ctx: RouteContext) {
    await respond(ctx, async () => service().segments.remove(String(ctx.params.key ?? '')));
  },
  async ofCustomer(ctx: RouteContext) {
    await respond(ctx, async () => {
      const { api, segments } = service();
      await api.records.assertMayRead(ctx, CONTENT_TYPES.customer, String(ctx.params.documentId ?? ''));
      return segments.ofCustomer(String(ctx.params.documentId ?? ''));
    });
  },
  async choose(ctx: RouteContext) {
    await respond(ctx, async () => service().segments.choose(String(ctx.params.documentId ?? ''), ctx.request.body ?? {}, await actorOf(ctx)));
  },
  async evaluate(ctx: RouteContext) {
    await respond(ctx, async () => service().segments.evaluate(undefined, await actorOf(ctx)));
  },
  async winBack(ctx: RouteContext) {
    await respond(ctx, async () => {
      const { api, segments } = service();
      return segments.winBack(api.contactData.accessFor(ctx));
    });
  },
});
