import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { respond } from './respond';

/** The item kinds of the usable extensions, for the admin (which content types run a workflow, their clocks). */
const itemKinds = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    await respond(ctx, async () => getService(strapi, 'item-kinds').list());
  },
});

export default itemKinds;
