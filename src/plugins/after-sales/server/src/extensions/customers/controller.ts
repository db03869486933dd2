import { customerPage } from './customer-page';
import { customersService } from './customers';
import { customersContext } from './state';
import { respond, type RouteContext } from '../../extension-api';

const actorOf = async (ctx: RouteContext) => {
  const { api } = customersContext();
  const caller = await api.workflow.adminActor(ctx.state.user);
  return { kind: 'admin', id: caller.id, name: caller.name };
};

const service = () => {
  const { strapi, api } = customersContext();
  return { strapi, api, customers: customersService(strapi, api) };
};

/** Admin routes of the customers extension: duplicates, merge and undo, the customer page, unreadable contact data. */
export default () => ({
  async duplicates(ctx: RouteContext) {
    await respond(ctx, async () => {
      const { api, customers } = service();
      return customers.duplicates(api.contactData.accessFor(ctx));
    });
  },
  async merge(ctx: RouteContext) {
    await respond(ctx, async () => service().customers.merge(ctx.request.body?.survivor, ctx.request.body?.merged, await actorOf(ctx)), 201);
  },
  async undo(ctx: RouteContext) {
    await respond(ctx, async () => service().customers.undo(ctx.params.id, await actorOf(ctx)));
  },
  async merges(ctx: RouteContext) {
    await respond(ctx, async () => service().customers.merges(typeof ctx.query.customer === 'string' ? ctx.query.customer : undefined));
  },
  async contactIssues(ctx: RouteContext) {
    await respond(ctx, async () => {
      const { api, customers } = service();
      return customers.contactIssues(api.contactData.accessFor(ctx));
    });
  },
  async page(ctx: RouteContext) {
    await respond(ctx, async () => {
      const { strapi, api } = service();
      return customerPage(strapi, api, ctx, String(ctx.params.documentId ?? ''));
    });
  },
});
