import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { respond } from './respond';
import type { RouteContext } from '../utils/route-context';

/** The item kinds of the usable extensions, for the admin (which content types run a workflow, their clocks). */
const itemKinds = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: RouteContext) {
    await respond(ctx, async () => getService(strapi, 'item-kinds').list());
  },
});

export default itemKinds;
