import type { Core } from '@strapi/strapi';
import { assignReferenceOnCreate } from './middlewares/assign-reference';
import { guardWorkflowFields } from './middlewares/guard-workflow-fields';
import { activateOnContentType } from './middlewares/activate-on-content-type';
import { validateMessageTemplate } from './middlewares/validate-message-template';
import { indexKnowledgeArticle } from './middlewares/index-knowledge-article';
import { knowledgeArticleFields } from './middlewares/knowledge-article-fields';
import { startSlaClocksOnCreate } from './middlewares/start-sla-clocks';
import { getService } from './utils/get-service';
import { registerOpenApi } from './openapi';
import { maskContactDataInContentManager } from './middlewares/mask-content-manager';
import { keepStoredContactData } from './middlewares/keep-stored-contact-data';
import { unavailableDatabase } from './middlewares/unavailable-database';
import { errorCodes } from './middlewares/error-codes';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'extension-host').load();
  registerOpenApi(strapi);
  strapi.server.use(unavailableDatabase(strapi));
  strapi.server.use(errorCodes());
  strapi.documents.use(activateOnContentType(strapi));
  strapi.documents.use(assignReferenceOnCreate(strapi));
  strapi.documents.use(guardWorkflowFields(strapi));
  strapi.documents.use(validateMessageTemplate(strapi));
  strapi.documents.use(knowledgeArticleFields(strapi));
  strapi.documents.use(indexKnowledgeArticle(strapi));
  strapi.documents.use(startSlaClocksOnCreate(strapi));
  strapi.documents.use(keepStoredContactData(strapi));
  strapi.server.use(maskContactDataInContentManager(strapi));
  // Knowledge-article tags: a list of words, picked in the admin from the tags in use.
  strapi.customFields.register({ name: 'tags', plugin: 'after-sales', type: 'json' });
};

export default register;
