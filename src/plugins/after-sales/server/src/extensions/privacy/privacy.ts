import type { Core } from '@strapi/strapi';
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

const instances = new WeakMap<Core.Strapi, ReturnType<typeof privacy>>();
/** The service of this Strapi: one instance, shared by the routes (as a plugin service) and the extension's activator. */
export const privacyOf = (strapi: Core.Strapi): ReturnType<typeof privacy> => {
  let instance = instances.get(strapi);
  if (!instance) instances.set(strapi, (instance = privacy({ strapi })));
  return instance;
};

export default ({ strapi }: { strapi: Core.Strapi }) => privacyOf(strapi);
