import type { Core } from '@strapi/strapi';

/** What anonymous callers of the content API may do. Anything else stays closed. */
export const PUBLIC_ACTIONS = [
  'api::knowledge-article.knowledge-article.find',
  'api::knowledge-article.knowledge-article.findOne',
  'plugin::after-sales.public-api.intake',
  'plugin::after-sales.public-api.track',
  'plugin::after-sales.public-api.searchArticles',
  'plugin::after-sales.public-api.listProducts',
  'plugin::after-sales.public-api.voteArticle',
  'plugin::after-sales.messages.surveyQuestion',
  'plugin::after-sales.messages.surveyAnswer',
];

export const grantRoleActions = async (strapi: Core.Strapi, roleType: string, actions: string[]) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  if (!role) throw new Error(`users-permissions role "${roleType}" not found`);
  const existing = await strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: role.id, action: { $in: actions } }, select: ['action'] });
  const have = new Set(existing.map((p: { action: string }) => p.action));
  for (const action of actions.filter((a) => !have.has(a))) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return role;
};

export const ensurePublicPermissions = async (strapi: Core.Strapi) => {
  await grantRoleActions(strapi, 'public', PUBLIC_ACTIONS);
};
