import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { respond } from './respond';
import type { RouteContext } from '../utils/route-context';

/** Admin routes of contact data proposed by intakes: list a customer's, confirm or reject one. */
const contactProposalsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'contact-proposals');
  return {
    async list(ctx: RouteContext) {
      await respond(ctx, async () => service().list(String(ctx.params.documentId ?? ''), ctx.state.user));
    },
    async confirm(ctx: RouteContext) {
      await respond(ctx, async () => service().decide(Number(ctx.params.id), 'confirm', ctx.state.user));
    },
    async reject(ctx: RouteContext) {
      await respond(ctx, async () => service().decide(Number(ctx.params.id), 'reject', ctx.state.user));
    },
  };
};

export default contactProposalsController;
