import { factories } from '@strapi/strapi';

/**
 * The content API serves published articles only: Strapi 5 would otherwise hand drafts to anyone
 * with `find` who asks for `?status=draft`. Editors work on drafts in the admin.
 */
export default factories.createCoreController('api::knowledge-article.knowledge-article', () => ({
  async find(ctx) {
    ctx.query = { ...ctx.query, status: 'published' };
    return super.find(ctx);
  },
  async findOne(ctx) {
    ctx.query = { ...ctx.query, status: 'published' };
    return super.findOne(ctx);
  },
}));
