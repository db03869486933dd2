import type { Core } from '@strapi/strapi';
import controller from './controller';
import routes from './routes';
import settingsController from './settings-controller';
import { slaServices } from './services';

/** What the SLA extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { sla: ({ strapi }: { strapi: Core.Strapi }) => slaServices(strapi).sla, 'sla-settings': ({ strapi }: { strapi: Core.Strapi }) => slaServices(strapi).settings },
  controllers: { sla: controller, 'sla-settings': settingsController },
  routes,
};
