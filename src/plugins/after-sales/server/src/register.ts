import type { Core } from '@strapi/strapi';
import { assignReferenceOnCreate } from './middlewares/assign-reference';
import { guardWorkflowFields } from './middlewares/guard-workflow-fields';
import { assignCaseOwnerOnCreate } from './middlewares/assign-case-owner';
import { activateOnContentType } from './middlewares/activate-on-content-type';
import { validateMessageTemplate } from './middlewares/validate-message-template';
import { indexKnowledgeArticle } from './middlewares/index-knowledge-article';
import { startSlaClocksOnCreate } from './middlewares/start-sla-clocks';
import { getService } from './utils/get-service';
import { registerOpenApi } from './openapi';
import { maskContactDataInContentManager } from './middlewares/mask-content-manager';
import { keepStoredContactData } from './middlewares/keep-stored-contact-data';
import { unavailableDatabase } from './middlewares/unavailable-database';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'extension-host').load();
  registerOpenApi(strapi);
  strapi.server.use(unavailableDatabase(strapi));
  strapi.documents.use(activateOnContentType(strapi));
  strapi.documents.use(assignReferenceOnCreate(strapi));
  strapi.documents.use(guardWorkflowFields(strapi));
  strapi.documents.use(assignCaseOwnerOnCreate(strapi));
  strapi.documents.use(validateMessageTemplate(strapi));
  strapi.documents.use(indexKnowledgeArticle(strapi));
  strapi.documents.use(startSlaClocksOnCreate(strapi));
  strapi.documents.use(keepStoredContactData(strapi));
  strapi.server.use(maskContactDataInContentManager(strapi));
};

export default register;
