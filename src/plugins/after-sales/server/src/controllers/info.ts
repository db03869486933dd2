import type { Core } from '@strapi/strapi';
import pkg from '../../../package.json';
import type { RouteContext } from '../utils/route-context';

/** What the plugin is and which version runs: lets the admin and tests see that it is loaded. */
const info = ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RouteContext) {
    ctx.body = { data: { plugin: 'after-sales', version: pkg.version, timeZone: strapi.config.get('plugin::after-sales.timeZone') } };
  },
});

export default info;
