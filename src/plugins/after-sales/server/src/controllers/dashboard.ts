import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answer } from './answer';
import { errors } from '../utils/http-errors';
import type { RouteContext } from '../utils/route-context';
import { parseIssueQuery } from './reports';

const localeOf = (ctx: RouteContext) => (String(ctx.query?.locale ?? '').startsWith('zh') ? 'zh-Hans' : 'en');

/** The after-sales dashboard and the homepage widgets, for the signed-in staff member. */
const dashboardController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview(ctx: RouteContext) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      const scope = await service.scopeOf(ctx.state.user);
      const filters = await service.filters(ctx.query ?? {});
      return { body: { data: await service.overview(scope, filters, localeOf(ctx)) } };
    });
  },

  async myOverdue(ctx: RouteContext) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      return { body: { data: await service.myOverdue(await service.scopeOf(ctx.state.user), localeOf(ctx)) } };
    });
  },

  /**
   * A page of one of the month's high-frequency issues' references (the dashboard sends their
   * counts): the same issues the dashboard shows every staff member, the report's parameters.
   */
  async issueReferences(ctx: RouteContext) {
    await answer(ctx, async () => {
      const { scope, issue, page } = parseIssueQuery(ctx.query ?? {});
      return { body: { data: await getService(strapi, 'reports').issueReferences(scope, issue, page) } };
    });
  },

  /** The dashboard widgets contributed by extensions, each with its data or its own error. */
  async widgets(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await getService(strapi, 'contributed-sections').widgets(ctx.state.user.id) } }));
  },

  async awaitingApproval(ctx: RouteContext) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      return { body: { data: await service.awaitingApproval(await service.scopeOf(ctx.state.user), localeOf(ctx)) } };
    });
  },

  /** An item's plan approval (1/3, who approved), for whoever may read the item's workflow. */
  async approvalProgress(ctx: RouteContext) {
    await answer(ctx, async () => {
      const workflow = getService(strapi, 'workflow');
      const definition = workflow.definitionFor(ctx.params.uid);
      if (!definition) throw new errors.NotFoundError(`No workflow for ${ctx.params.uid}`);
      // The same access check as the timeline: the caller must be able to see this item's actions.
      await workflow.listActions(definition.contentType, ctx.params.documentId, await workflow.adminActor(ctx.state.user));
      return { body: { data: await getService(strapi, 'dashboard').approvalProgress(definition.contentType, ctx.params.documentId) } };
    });
  },

  async todaysCallbacks(ctx: RouteContext) {
    await answer(ctx, async () => {
      const service = getService(strapi, 'dashboard');
      return { body: { data: await service.todaysCallbacks(await service.scopeOf(ctx.state.user), localeOf(ctx)) } };
    });
  },
});

export default dashboardController;
