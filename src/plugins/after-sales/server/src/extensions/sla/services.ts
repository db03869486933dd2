import { createApiHandle, oncePerStrapi } from '../../extension-api';
import { createSla, type SlaService } from './sla';
import { createSlaSettings, type SlaSettingsService } from './sla-settings';

/** The SLA extension's API, bound by its `register(context)`. */
export const slaHandle = createApiHandle('after-sales.sla');

/** The SLA extension's own services of this Strapi, shared by its routes, jobs and hooks (and listed as plugin services for the core). */
export const slaServices = oncePerStrapi((strapi) => {
  const services = {} as { sla: SlaService; settings: SlaSettingsService };
  services.sla = createSla({ strapi, handle: slaHandle, settings: () => services.settings });
  services.settings = createSlaSettings({ strapi, handle: slaHandle, sla: () => services.sla });
  return services;
});
