import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // Staff can switch the admin to Simplified Chinese in their profile.
    locales: ['zh-Hans'],
  },
  bootstrap(_app: StrapiApp) {},
};
