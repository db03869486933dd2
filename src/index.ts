import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { ensurePublicPermissions } from './bootstrap/public-permissions';
import { applyStaffLayouts } from './bootstrap/content-manager-layouts';
import { printDemoLogin, seedDemoData, shouldSeedDemoData } from './seed';

export default {
  register(_: { strapi: Core.Strapi }) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await strapi.plugin('after-sales').service('migrations').migrateApp();
    await ensureLocales(strapi);
    await ensurePublicPermissions(strapi);
    await applyStaffLayouts(strapi);
    if (await shouldSeedDemoData(strapi)) {
      await seedDemoData(strapi);
    }
    await printDemoLogin(strapi);
  },
};
