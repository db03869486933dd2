import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { refusal } from '../utils/http-errors';
import { respond } from './respond';
import type { RouteContext } from '../utils/route-context';

/** The installed-extensions page: list, switch on and off, read and save settings. */
const extensions = ({ strapi }: { strapi: Core.Strapi }) => {
  const host = () => getService(strapi, 'extension-host');
  const requireExtension = (id: string) => {
    const ext = host().get(id);
    if (!ext) throw refusal(404, 'not-found', `No extension "${id}"`);
    return ext;
  };
  return {
    async list(ctx: RouteContext) {
      await respond(ctx, async () => host().list());
    },
    async update(ctx: RouteContext) {
      await respond(ctx, async () => {
        requireExtension(ctx.params.id);
        const body = ctx.request.body ?? {};
        const extra = Object.keys(body).filter((k) => k !== 'enabled');
        if (typeof body.enabled !== 'boolean' || extra.length) {
          throw refusal(400, 'invalid-input', 'enabled: must be true or false (and nothing else)', { errors: [{ path: ['enabled'], message: 'must be a boolean' }] });
        }
        return host().setEnabled(ctx.params.id, body.enabled, ctx.state.user);
      });
    },
    async settings(ctx: RouteContext) {
      await respond(ctx, async () => {
        const ext = requireExtension(ctx.params.id);
        return { schema: ext.manifest.contributes?.configuration ?? { properties: {} }, values: await host().getSettings(ctx.params.id) };
      });
    },
    async saveSettings(ctx: RouteContext) {
      await respond(ctx, async () => {
        requireExtension(ctx.params.id);
        const values = ctx.request.body?.data;
        if (!values || typeof values !== 'object' || Array.isArray(values)) {
          throw refusal(400, 'invalid-input', 'data: must be an object of setting values', { errors: [{ path: ['data'], message: 'must be an object' }] });
        }
        const result = await host().saveSettings(ctx.params.id, values, ctx.state.user);
        if (!result.ok) {
          throw refusal(400, 'invalid-input', result.errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
            errors: result.errors.map((e) => ({ path: e.path.split('.'), message: e.message })),
          });
        }
        return result.values;
      });
    },
  };
};

export default extensions;
