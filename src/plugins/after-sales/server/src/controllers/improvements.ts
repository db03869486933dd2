import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { parseIssueIdentity } from '../services/improvements';
import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';
import { staffName } from '../domain/staff/display-name';

/** Starts an improvement record from a high-frequency issue of a monthly report. */
const improvementsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async createFromIssue(ctx: RouteContext) {
    await answer(ctx, async () => {
      const identity = parseIssueIdentity(ctx.request.body?.data ?? ctx.request.body);
      const user = ctx.state.user;
      const actor = { kind: 'admin', id: user?.id ?? null, name: staffName(user, 'admin') as string };
      return { status: 201, body: { data: await getService(strapi, 'improvements').createFromIssue(identity, actor) } };
    });
  },
});

export default improvementsController;
