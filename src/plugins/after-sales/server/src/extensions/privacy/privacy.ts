import type { Core } from '@strapi/strapi';
import { oncePerStrapi } from '../../extension-api';
import { privacyBase } from './shared';
import { accessService } from './access';
import { erasureService } from './erasure';
import { retentionService } from './retention';

export { parseReason, type AccessAction, type AccessEntry } from './shared';

/**
 * Customer privacy, one service for the routes and the activator: access to contact data
 * (access.ts), erasure by anonymisation (erasure.ts) and the retention policy (retention.ts).
 */
const privacy = ({ strapi }: { strapi: Core.Strapi }) => {
  const base = privacyBase(strapi);
  const erasure = erasureService(base);
  return { ...accessService(base), ...erasure, ...retentionService(base, erasure) };
};

/** The service of this Strapi: one instance, shared by the routes (as a plugin service) and the extension's activator. */
export const privacyOf = oncePerStrapi((strapi) => privacy({ strapi }));

export default ({ strapi }: { strapi: Core.Strapi }) => privacyOf(strapi);
