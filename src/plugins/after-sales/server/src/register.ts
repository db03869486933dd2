import type { Core } from '@strapi/strapi';
import { assignReferenceOnCreate } from './middlewares/assign-reference';
import { guardWorkflowFields } from './middlewares/guard-workflow-fields';
import { assignCaseOwnerOnCreate } from './middlewares/assign-case-owner';
import { intakeOnCreate } from './middlewares/intake-on-create';
import { activateOnContentType } from './middlewares/activate-on-content-type';
import { indexKnowledgeArticle } from './middlewares/index-knowledge-article';
import { knowledgeArticleFields } from './middlewares/knowledge-article-fields';
import { getService } from './utils/get-service';
import { registerOpenApi } from './openapi';
import { guardRoutes } from './middlewares/guard-contact-data';
import { keepStoredContactData } from './middlewares/keep-stored-contact-data';
import { unavailableDatabase } from './middlewares/unavailable-database';
import { validateDates } from './middlewares/validate-dates';
import { extendContentManagerRoutes } from './middlewares/search-customers';
import { normalizeCustomerContacts } from './middlewares/normalize-customer-contacts';
import { fitColumns } from './middlewares/fit-columns';
import { errorCodes } from './middlewares/error-codes';
import { testClockRoutes } from './routes/admin';
import { listEscalationLevels } from './middlewares/list-escalation-levels';
import { contentManagerCounts } from './middlewares/content-manager-counts';
import { redactLinkKeysInLog } from './utils/redact-log';
import { confirmCommits } from './utils/confirmed-commit';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // A transaction whose COMMIT failed throws (knex would report it as stored).
  confirmCommits(strapi);
  // Customer links carry keys (tracking, survey): never written to the log.
  redactLinkKeysInLog(strapi);
  const host = getService(strapi, 'extension-host');
  host.load();
  // Knowledge-article tags: a list of words, picked in the admin from the tags in use. Registered
  // first: reading a content API's routes (the contact-data guard below) builds their validation
  // schemas, which look the custom field up.
  strapi.customFields.register({ name: 'tags', plugin: 'after-sales', type: 'json' });
  registerOpenApi(strapi);
  strapi.server.use(unavailableDatabase(strapi));
  strapi.documents.use(fitColumns(strapi));
  // The Content Manager list's count, kept when slow (as the dashboard's figures).
  strapi.documents.use(contentManagerCounts(strapi));
  strapi.server.use(errorCodes());
  strapi.server.use(listEscalationLevels(strapi));
  strapi.documents.use(activateOnContentType(strapi));
  strapi.documents.use(assignReferenceOnCreate(strapi));
  strapi.documents.use(guardWorkflowFields(strapi));
  strapi.documents.use(validateDates(strapi));
  strapi.documents.use(assignCaseOwnerOnCreate(strapi));
  // After the workflow fields (initial state, version), before the extensions' hooks (the SLA's clocks).
  strapi.documents.use(intakeOnCreate(strapi));
  strapi.documents.use(knowledgeArticleFields(strapi));
  strapi.documents.use(indexKnowledgeArticle(strapi));
  // The document hooks extensions register (`documents.use` of the extension API).
  strapi.documents.use(host.documentMiddleware());
  strapi.documents.use(keepStoredContactData(strapi));
  strapi.documents.use(normalizeCustomerContacts(strapi));
  // Contact data: one guard on every Content Manager route and every content-API route of the app.
  guardRoutes(strapi, strapi.plugin('content-manager')?.routes as Record<string, unknown> | undefined);
  for (const api of Object.values(strapi.apis ?? {})) guardRoutes(strapi, (api as { routes?: Record<string, unknown> }).routes);
  // Pickers and the customers list search (full phone number, names): before the guard, which then
  // sees the search already turned into a list of ids and masks what comes back.
  extendContentManagerRoutes(strapi);
  addTestClockRoutes(strapi);
};

/** The test clock routes, first (before /sla/:uid/:documentId), when the configuration asks for them. */
const addTestClockRoutes = (strapi: Core.Strapi) => {
  if (!strapi.config.get<boolean>('plugin::after-sales.testClock', false)) return;
  const admin = (strapi.plugin('after-sales').routes as unknown as Record<string, { routes: { path: string }[] }>).admin;
  if (!admin.routes.some((route) => route.path === testClockRoutes[0].path)) admin.routes.unshift(...testClockRoutes);
};

export default register;
