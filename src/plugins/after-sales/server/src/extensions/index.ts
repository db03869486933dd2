// Written by scripts/discover-extensions.js from the folders beside it (run by the build); do not edit.
// A folder with an `afterSales` manifest in its package.json is a built-in extension; its place in the lists
// below is the one its package.json declares (`afterSalesBuiltin.after`), not its folder's name.
import type { ExtensionModule } from '../extension-api';
import { mergeRoutes } from './server-parts';
import feedbackWorkflowPackage from './feedback-workflow/package.json';
import * as feedbackWorkflowMain from './feedback-workflow/extension';
import complaintWorkflowPackage from './complaint-workflow/package.json';
import * as complaintWorkflowMain from './complaint-workflow/extension';
import complaintWorkflowServer from './complaint-workflow/server';
import serviceRecordWorkflowPackage from './service-record-workflow/package.json';
import * as serviceRecordWorkflowMain from './service-record-workflow/extension';
import classifierPackage from './classifier/package.json';
import slaPackage from './sla/package.json';
import * as slaMain from './sla/extension';
import slaServer from './sla/server';
import messagesPackage from './messages/package.json';
import * as messagesMain from './messages/extension';
import messagesServer from './messages/server';
import smsPackage from './sms/package.json';
import * as smsMain from './sms/extension';
import smsServer from './sms/server';
import improvementWorkflowPackage from './improvement-workflow/package.json';
import * as improvementWorkflowMain from './improvement-workflow/extension';
import privacyPackage from './privacy/package.json';
import * as privacyMain from './privacy/extension';
import privacyServer from './privacy/server';
import essentialsPackage from './essentials/package.json';
import mailboxPackage from './mailbox/package.json';
import * as mailboxMain from './mailbox/extension';
import mailboxServer from './mailbox/server';
import customersPackage from './customers/package.json';
import * as customersMain from './customers/extension';
import customersServer from './customers/server';
import notificationsPackage from './notifications/package.json';
import * as notificationsMain from './notifications/extension';
import notificationsServer from './notifications/server';
import frontDeskPackage from './front-desk/package.json';
import * as frontDeskMain from './front-desk/extension';
import frontDeskServer from './front-desk/server';
import conversationPackage from './conversation/package.json';
import * as conversationMain from './conversation/extension';
import conversationServer from './conversation/server';
import portalPackage from './portal/package.json';
import * as portalMain from './portal/extension';
import portalServer from './portal/server';
import complaintRatesPackage from './complaint-rates/package.json';
import * as complaintRatesMain from './complaint-rates/extension';
import complaintRatesServer from './complaint-rates/server';
import queuesPackage from './queues/package.json';
import * as queuesMain from './queues/extension';
import queuesServer from './queues/server';
import carePackage from './care/package.json';
import * as careMain from './care/extension';
import careServer from './care/server';
import segmentsPackage from './segments/package.json';
import * as segmentsMain from './segments/extension';
import segmentsServer from './segments/server';
import loyaltyPackage from './loyalty/package.json';
import * as loyaltyMain from './loyalty/extension';
import loyaltyServer from './loyalty/server';
import analysisReportsPackage from './analysis-reports/package.json';
import * as analysisReportsMain from './analysis-reports/extension';
import analysisReportsServer from './analysis-reports/server';
import keyCustomersPackage from './key-customers/package.json';
import * as keyCustomersMain from './key-customers/extension';
import fieldActionsPackage from './field-actions/package.json';
import * as fieldActionsMain from './field-actions/extension';
import fieldActionsServer from './field-actions/server';
import betaTestsPackage from './beta-tests/package.json';
import * as betaTestsMain from './beta-tests/extension';
import betaTestsServer from './beta-tests/server';

export interface BuiltinExtension {
  folder: string;
  packageJson: { name: string; version: string; afterSales: unknown };
  main?: ExtensionModule;
}

/** The extensions shipped inside the plugin, in their declared order (the order the host loads and activates them). */
export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [
  { folder: 'feedback-workflow', packageJson: feedbackWorkflowPackage, main: feedbackWorkflowMain },
  { folder: 'complaint-workflow', packageJson: complaintWorkflowPackage, main: complaintWorkflowMain },
  { folder: 'service-record-workflow', packageJson: serviceRecordWorkflowPackage, main: serviceRecordWorkflowMain },
  { folder: 'classifier', packageJson: classifierPackage },
  { folder: 'sla', packageJson: slaPackage, main: slaMain },
  { folder: 'messages', packageJson: messagesPackage, main: messagesMain },
  { folder: 'sms', packageJson: smsPackage, main: smsMain },
  { folder: 'improvement-workflow', packageJson: improvementWorkflowPackage, main: improvementWorkflowMain },
  { folder: 'privacy', packageJson: privacyPackage, main: privacyMain },
  { folder: 'essentials', packageJson: essentialsPackage },
  { folder: 'mailbox', packageJson: mailboxPackage, main: mailboxMain },
  { folder: 'customers', packageJson: customersPackage, main: customersMain },
  { folder: 'notifications', packageJson: notificationsPackage, main: notificationsMain },
  { folder: 'front-desk', packageJson: frontDeskPackage, main: frontDeskMain },
  { folder: 'conversation', packageJson: conversationPackage, main: conversationMain },
  { folder: 'portal', packageJson: portalPackage, main: portalMain },
  { folder: 'complaint-rates', packageJson: complaintRatesPackage, main: complaintRatesMain },
  { folder: 'queues', packageJson: queuesPackage, main: queuesMain },
  { folder: 'care', packageJson: carePackage, main: careMain },
  { folder: 'segments', packageJson: segmentsPackage, main: segmentsMain },
  { folder: 'loyalty', packageJson: loyaltyPackage, main: loyaltyMain },
  { folder: 'analysis-reports', packageJson: analysisReportsPackage, main: analysisReportsMain },
  { folder: 'key-customers', packageJson: keyCustomersPackage, main: keyCustomersMain },
  { folder: 'field-actions', packageJson: fieldActionsPackage, main: fieldActionsMain },
  { folder: 'beta-tests', packageJson: betaTestsPackage, main: betaTestsMain },
];

/**
 * The server parts of the built-ins that have a `server.ts` (services, controllers, routes), merged for the plugin's
 * server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists its own parts and spreads these.
 */
export const BUILTIN_SERVER = {
  services: {
    ...slaServer.services,
    ...messagesServer.services,
    ...smsServer.services,
    ...privacyServer.services,
    ...mailboxServer.services,
    ...customersServer.services,
    ...notificationsServer.services,
    ...frontDeskServer.services,
    ...conversationServer.services,
    ...portalServer.services,
    ...queuesServer.services,
    ...careServer.services,
    ...segmentsServer.services,
    ...loyaltyServer.services,
    ...betaTestsServer.services,
  },
  controllers: {
    ...complaintWorkflowServer.controllers,
    ...slaServer.controllers,
    ...messagesServer.controllers,
    ...smsServer.controllers,
    ...privacyServer.controllers,
    ...mailboxServer.controllers,
    ...customersServer.controllers,
    ...notificationsServer.controllers,
    ...frontDeskServer.controllers,
    ...conversationServer.controllers,
    ...portalServer.controllers,
    ...complaintRatesServer.controllers,
    ...queuesServer.controllers,
    ...careServer.controllers,
    ...segmentsServer.controllers,
    ...loyaltyServer.controllers,
    ...analysisReportsServer.controllers,
    ...fieldActionsServer.controllers,
    ...betaTestsServer.controllers,
  },
  routes: mergeRoutes([
    complaintWorkflowServer,
    slaServer,
    messagesServer,
    smsServer,
    privacyServer,
    mailboxServer,
    customersServer,
    notificationsServer,
    frontDeskServer,
    conversationServer,
    portalServer,
    complaintRatesServer,
    queuesServer,
    careServer,
    segmentsServer,
    loyaltyServer,
    analysisReportsServer,
    fieldActionsServer,
    betaTestsServer,
  ]),
};
