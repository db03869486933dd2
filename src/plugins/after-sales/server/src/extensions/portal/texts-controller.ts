import type { Core } from '@strapi/strapi';
import { portalApi } from './binding';
import { listTexts, saveTexts } from './texts';
import { invalidInput, refusal, type RouteContext } from '../../extension-api';
import { staffName } from '../../domain/staff/display-name';

/**
 * Settings → After-sales → Customer page texts (admin API, `messages.templates` like the message
 * templates): every text of the customer pages with the built-in wording and the company's own.
 */
const textsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const api = () => {
    const bound = portalApi(strapi);
    if (!bound) throw refusal(404, 'not-found', 'The customer portal extension is not active');
    return bound;
  };
  return {
    async list(ctx: RouteContext) {
      ctx.body = { data: await listTexts(api()) };
    },
    async save(ctx: RouteContext) {
      const user = ctx.state.user as { id: number; firstname?: string | null; lastname?: string | null; email?: string | null };
      const actor = { kind: 'admin', id: user.id, name: staffName(user, String(user.id)) as string };
      const result = await saveTexts(api(), ctx.request.body?.data, actor);
      if (!result.ok) throw invalidInput(result.errors);
      ctx.body = { data: await listTexts(api()) };
    },
  };
};

export default textsController;
