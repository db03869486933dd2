import type { Core } from '@strapi/strapi';
import { abilityFingerprint, type AbilityUser } from '../domain/permissions/ability-fingerprint';

/** At most this many users' abilities are kept (the least recently used goes first). */
const MAX_KEPT_USERS = 1_000;

interface PermissionEngine {
  generateUserAbility(user: AbilityUser): Promise<unknown>;
  /** Strapi's `engineInstance.generateAbility(permissions, owner)`: what `generateUserAbility` does after reading the rows. */
  generateTokenAbility(permissions: unknown[], owner: unknown): Promise<unknown>;
}
interface AdminPermissionService {
  engine: PermissionEngine;
  findUserPermissions(user: AbilityUser): Promise<unknown[]>;
}

/**
 * The admin user's permission ability kept between requests while it would be built the same
 * (`domain/permissions/ability-fingerprint.ts`). The permission rows are still read from the database on every request,
 * so a change of a role's permissions or of a user's roles, on this instance or another, applies to the next request;
 * what is kept is only the work of building the ability from the same rows. Installed in the plugin's bootstrap; an
 * ability is kept only once Strapi has loaded (the registries of actions and conditions are closed then). Before that,
 * and for a user the fingerprint refuses, the ability is built as Strapi builds it.
 */
export const installAbilityReuse = (strapi: Core.Strapi) => {
  const service = strapi.service('admin::permission') as unknown as AdminPermissionService;
  const engine = service.engine;
  const kept = new Map<string, { fingerprint: string; ability: unknown }>();
  engine.generateUserAbility = async (user: AbilityUser) => {
    const permissions = await service.findUserPermissions(user);
    const fingerprint = strapi.isLoaded ? abilityFingerprint(user, permissions) : null;
    if (fingerprint === null) return engine.generateTokenAbility(permissions, user);
    const key = String(user.id);
    const hit = kept.get(key);
    if (hit && hit.fingerprint === fingerprint) {
      kept.delete(key);
      kept.set(key, hit);
      return hit.ability;
    }
    const ability = await engine.generateTokenAbility(permissions, user);
    kept.delete(key);
    if (kept.size >= MAX_KEPT_USERS) kept.delete(kept.keys().next().value as string);
    kept.set(key, { fingerprint, ability });
    return ability;
  };
};
