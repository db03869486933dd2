import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::knowledge-article.knowledge-article');
