import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES, PLUGIN_ID } from '../constants';
import { errors } from './http-errors';
import type { RouteContext } from './route-context';

/** An admin user as the admin routes know it (`ctx.state.user`); roles are read when not populated. */
export type AdminUserRef = { id: number; roles?: { code: string }[] };

/** Whether an admin user is a super admin (who holds every permission). */
export const isSuperAdmin = async (strapi: Core.Strapi, user: AdminUserRef): Promise<boolean> => {
  const roles = user.roles ?? (await strapi.db.query('admin::user').findOne({ where: { id: user.id }, populate: ['roles'] }))?.roles ?? [];
  return roles.some((r: { code: string }) => r.code === 'strapi-super-admin');
};

/** Whether an admin user holds one of the plugin's admin actions (super admins hold all). */
export const adminMay = async (strapi: Core.Strapi, user: AdminUserRef | undefined, action: string): Promise<boolean> => {
  if (!user) return false;
  if (await isSuperAdmin(strapi, user)) return true;
  const permissions = await strapi.service('admin::permission').findUserPermissions(user);
  return permissions.some((p: { action: string }) => p.action === `plugin::${PLUGIN_ID}.${action}`);
};

/** Whether an admin user may read customers in the Content Manager. */
export const adminMayReadCustomers = async (strapi: Core.Strapi, user: AdminUserRef): Promise<boolean> => {
  if (await isSuperAdmin(strapi, user)) return true;
  const permissions = await strapi.service('admin::permission').findUserPermissions(user);
  return permissions.some((p: { action: string; subject?: string }) => p.action === 'plugin::content-manager.explorer.read' && p.subject === CONTENT_TYPES.customer);
};

/** Refuses (403) a route caller who is not a super admin (test hooks, for instance). */
export const requireSuperAdmin = (ctx: RouteContext, what = 'this') => {
  if (!ctx.state.user?.roles?.some((r: { code: string }) => r.code === 'strapi-super-admin')) throw new errors.ForbiddenError(`Only a super admin may use ${what}`);
};
