/**
 * When an admin user's permission ability may be reused: Strapi builds it on every admin request from the user's
 * permission rows (read from the database each time), running every condition's handler and the engine's hooks, about
 * 10 ms of the server's time per request for a role of 78 permissions, a sixth of a queue page's. The ability depends
 * only on those rows, the user's id and roles, and the registries of actions, conditions and hooks (fixed once Strapi
 * has loaded), as long as every condition the rows name builds its query from the user's id and roles alone. Pure.
 */

/** Conditions whose handler returns a query built from the user's id or roles only (no I/O, no clock). */
export const USER_ONLY_CONDITIONS: ReadonlySet<string> = new Set([
  'admin::is-creator',
  'admin::has-same-role-as-creator',
  'plugin::after-sales.in-my-department',
  'plugin::after-sales.in-my-office',
  'plugin::after-sales.without-department',
  'plugin::after-sales.is-my-case',
]);

export interface AbilityUser {
  id?: unknown;
  roles?: unknown;
}

/**
 * A text that is the same exactly when an ability built from these permission rows for this user would be the same,
 * or null when it must be built afresh: a condition not known to depend on the user alone, or a user without an id or
 * without its roles (the super admin check and "same role as creator" read them).
 */
export const abilityFingerprint = (user: AbilityUser | null | undefined, permissions: readonly unknown[]): string | null => {
  if (!user || (typeof user.id !== 'number' && typeof user.id !== 'string') || !Array.isArray(user.roles)) return null;
  for (const permission of permissions) {
    const conditions = (permission as { conditions?: unknown } | null)?.conditions;
    if (conditions === undefined || conditions === null) continue;
    if (!Array.isArray(conditions)) return null;
    for (const condition of conditions) if (typeof condition !== 'string' || !USER_ONLY_CONDITIONS.has(condition)) return null;
  }
  const roles = (user.roles as { id?: unknown; code?: unknown }[]).map((role) => [role?.id ?? null, role?.code ?? null]);
  return JSON.stringify([user.id, roles, permissions]);
};
