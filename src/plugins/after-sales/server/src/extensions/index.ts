// Written by scripts/discover-extensions.js from the folders beside it (run by the build); do not edit.
// A folder with an `afterSales` manifest in its package.json is a built-in extension.
import type { ExtensionModule } from '../extension-api';
import { mergeRoutes } from './server-parts';
import analysisReportsPackage from './analysis-reports/package.json';
import * as analysisReportsMain from './analysis-reports/extension';
import analysisReportsServer from './analysis-reports/server';
import betaTestsPackage from './beta-tests/package.json';
import * as betaTestsMain from './beta-tests/extension';
import betaTestsServer from './beta-tests/server';
import carePackage from './care/package.json';
import * as careMain from './care/extension';
import careServer from './care/server';
import classifierPackage from './classifier/package.json';
import complaintRatesPackage from './complaint-rates/package.json';
import * as complaintRatesMain from './complaint-rates/extension';
import complaintRatesServer from './complaint-rates/server';
import complaintWorkflowPackage from './complaint-workflow/package.json';
import * as complaintWorkflowMain from './complaint-workflow/extension';
import complaintWorkflowServer from './complaint-workflow/server';
import conversationPackage from './conversation/package.json';
import * as conversationMain from './conversation/extension';
import conversationServer from './conversation/server';
import customersPackage from './customers/package.json';
import * as customersMain from './customers/extension';
import customersServer from './customers/server';
import essentialsPackage from './essentials/package.json';
import feedbackWorkflowPackage from './feedback-workflow/package.json';
import * as feedbackWorkflowMain from './feedback-workflow/extension';
import fieldActionsPackage from './field-actions/package.json';
import * as fieldActionsMain from './field-actions/extension';
import fieldActionsServer from './field-actions/server';
import frontDeskPackage from './front-desk/package.json';
import * as frontDeskMain from './front-desk/extension';
import frontDeskServer from './front-desk/server';
import improvementWorkflowPackage from './improvement-workflow/package.json';
import * as improvementWorkflowMain from './improvement-workflow/extension';
import keyCustomersPackage from './key-customers/package.json';
import * as keyCustomersMain from './key-customers/extension';
import loyaltyPackage from './loyalty/package.json';
import * as loyaltyMain from './loyalty/extension';
import loyaltyServer from './loyalty/server';
import mailboxPackage from './mailbox/package.json';
import * as mailboxMain from './mailbox/extension';
import mailboxServer from './mailbox/server';
import messagesPackage from './messages/package.json';
import * as messagesMain from './messages/extension';
import messagesServer from './messages/server';
import notificationsPackage from './notifications/package.json';
import * as notificationsMain from './notifications/extension';
import notificationsServer from './notifications/server';
import portalPackage from './portal/package.json';
import * as portalMain from './portal/extension';
import portalServer from './portal/server';
import privacyPackage from './privacy/package.json';
import * as privacyMain from './privacy/extension';
import privacyServer from './privacy/server';
import queuesPackage from './queues/package.json';
import * as queuesMain from './queues/extension';
import queuesServer from './queues/server';
import segmentsPackage from './segments/package.json';
import * as segmentsMain from './segments/extension';
import segmentsServer from './segments/server';
import serviceRecordWorkflowPackage from './service-record-workflow/package.json';
import * as serviceRecordWorkflowMain from './service-record-workflow/extension';
import slaPackage from './sla/package.json';
import * as slaMain from './sla/extension';
import slaServer from './sla/server';
import smsPackage from './sms/package.json';
import * as smsMain from './sms/extension';
import smsServer from './sms/server';

export interface BuiltinExtension {
  folder: string;
  packageJson: { name: string; version: string; afterSales: unknown };
  main?: ExtensionModule;
}

/** The extensions shipped inside the plugin, one per folder with an `afterSales` manifest, in folder order. */
export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [
  { folder: 'analysis-reports', packageJson: analysisReportsPackage, main: analysisReportsMain },
  { folder: 'beta-tests', packageJson: betaTestsPackage, main: betaTestsMain },
  { folder: 'care', packageJson: carePackage, main: careMain },
  { folder: 'classifier', packageJson: classifierPackage },
  { folder: 'complaint-rates', packageJson: complaintRatesPackage, main: complaintRatesMain },
  { folder: 'complaint-workflow', packageJson: complaintWorkflowPackage, main: complaintWorkflowMain },
  { folder: 'conversation', packageJson: conversationPackage, main: conversationMain },
  { folder: 'customers', packageJson: customersPackage, main: customersMain },
  { folder: 'essentials', packageJson: essentialsPackage },
  { folder: 'feedback-workflow', packageJson: feedbackWorkflowPackage, main: feedbackWorkflowMain },
  { folder: 'field-actions', packageJson: fieldActionsPackage, main: fieldActionsMain },
  { folder: 'front-desk', packageJson: frontDeskPackage, main: frontDeskMain },
  { folder: 'improvement-workflow', packageJson: improvementWorkflowPackage, main: improvementWorkflowMain },
  { folder: 'key-customers', packageJson: keyCustomersPackage, main: keyCustomersMain },
  { folder: 'loyalty', packageJson: loyaltyPackage, main: loyaltyMain },
  { folder: 'mailbox', packageJson: mailboxPackage, main: mailboxMain },
  { folder: 'messages', packageJson: messagesPackage, main: messagesMain },
  { folder: 'notifications', packageJson: notificationsPackage, main: notificationsMain },
  { folder: 'portal', packageJson: portalPackage, main: portalMain },
  { folder: 'privacy', packageJson: privacyPackage, main: privacyMain },
  { folder: 'queues', packageJson: queuesPackage, main: queuesMain },
  { folder: 'segments', packageJson: segmentsPackage, main: segmentsMain },
  { folder: 'service-record-workflow', packageJson: serviceRecordWorkflowPackage, main: serviceRecordWorkflowMain },
  { folder: 'sla', packageJson: slaPackage, main: slaMain },
  { folder: 'sms', packageJson: smsPackage, main: smsMain },
];

/**
 * The server parts of the built-ins that have a `server.ts` (services, controllers, routes), merged for the plugin's
 * server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists its own parts and spreads these.
 */
export const BUILTIN_SERVER = {
  services: {
    ...betaTestsServer.services,
    ...careServer.services,
    ...conversationServer.services,
    ...customersServer.services,
    ...frontDeskServer.services,
    ...loyaltyServer.services,
    ...mailboxServer.services,
    ...messagesServer.services,
    ...notificationsServer.services,
    ...portalServer.services,
    ...privacyServer.services,
    ...queuesServer.services,
    ...segmentsServer.services,
    ...slaServer.services,
    ...smsServer.services,
  },
  controllers: {
    ...analysisReportsServer.controllers,
    ...betaTestsServer.controllers,
    ...careServer.controllers,
    ...complaintRatesServer.controllers,
    ...complaintWorkflowServer.controllers,
    ...conversationServer.controllers,
    ...customersServer.controllers,
    ...fieldActionsServer.controllers,
    ...frontDeskServer.controllers,
    ...loyaltyServer.controllers,
    ...mailboxServer.controllers,
    ...messagesServer.controllers,
    ...notificationsServer.controllers,
    ...portalServer.controllers,
    ...privacyServer.controllers,
    ...queuesServer.controllers,
    ...segmentsServer.controllers,
    ...slaServer.controllers,
    ...smsServer.controllers,
  },
  routes: mergeRoutes([
    analysisReportsServer,
    betaTestsServer,
    careServer,
    complaintRatesServer,
    complaintWorkflowServer,
    conversationServer,
    customersServer,
    fieldActionsServer,
    frontDeskServer,
    loyaltyServer,
    mailboxServer,
    messagesServer,
    notificationsServer,
    portalServer,
    privacyServer,
    queuesServer,
    segmentsServer,
    slaServer,
    smsServer,
  ]),
};
