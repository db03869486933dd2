import type { ExtensionModule } from '../extension-api';
import feedbackWorkflow from './feedback-workflow/package.json';
import * as feedbackWorkflowMain from './feedback-workflow/extension';
import complaintWorkflow from './complaint-workflow/package.json';
import * as complaintWorkflowMain from './complaint-workflow/extension';
import complaintWorkflowServer from './complaint-workflow/server';
import serviceRecordWorkflow from './service-record-workflow/package.json';
import * as serviceRecordWorkflowMain from './service-record-workflow/extension';
import classifier from './classifier/package.json';
import messagesExtension from './messages/package.json';
import slaExtension from './sla/package.json';
import * as slaMain from './sla/extension';
import * as messagesMain from './messages/extension';
import improvementWorkflow from './improvement-workflow/package.json';
import * as improvementWorkflowMain from './improvement-workflow/extension';
import essentials from './essentials/package.json';
import privacyExtension from './privacy/package.json';
import * as privacyMain from './privacy/extension';
import messagesServer from './messages/server';
import privacyServer from './privacy/server';
import slaServer from './sla/server';
import smsExtension from './sms/package.json';
import * as smsMain from './sms/extension';
import smsServer from './sms/server';
import mailboxExtension from './mailbox/package.json';
import * as mailboxMain from './mailbox/extension';
import mailboxServer from './mailbox/server';
import customersExtension from './customers/package.json';
import * as customersMain from './customers/extension';
import customersServer from './customers/server';
import notificationsExtension from './notifications/package.json';
import * as notificationsMain from './notifications/extension';
import notificationsServer from './notifications/server';
import frontDesk from './front-desk/package.json';
import * as frontDeskMain from './front-desk/extension';
import frontDeskServer from './front-desk/server';
import conversationExtension from './conversation/package.json';
import * as conversationMain from './conversation/extension';
import conversationServer from './conversation/server';
import portalExtension from './portal/package.json';
import * as portalMain from './portal/extension';
import portalServer from './portal/server';
import complaintRatesExtension from './complaint-rates/package.json';
import * as complaintRatesMain from './complaint-rates/extension';
import complaintRatesServer from './complaint-rates/server';
import queuesExtension from './queues/package.json';
import * as queuesMain from './queues/extension';
import queuesServer from './queues/server';
import careExtension from './care/package.json';
import keyCustomersExtension from './key-customers/package.json';
import * as keyCustomersMain from './key-customers/extension';
import * as careMain from './care/extension';
import careServer from './care/server';
import segmentsExtension from './segments/package.json';
import * as segmentsMain from './segments/extension';
import segmentsServer from './segments/server';
import loyaltyExtension from './loyalty/package.json';
import * as loyaltyMain from './loyalty/extension';
import loyaltyServer from './loyalty/server';
import analysisReportsExtension from './analysis-reports/package.json';
import * as analysisReportsMain from './analysis-reports/extension';
import analysisReportsServer from './analysis-reports/server';
import fieldActionsExtension from './field-actions/package.json';
import * as fieldActionsMain from './field-actions/extension';
import fieldActionsServer from './field-actions/server';
import betaTestsExtension from './beta-tests/package.json';
import * as betaTestsMain from './beta-tests/extension';
import betaTestsServer from './beta-tests/server';

export interface BuiltinExtension {
  folder: string;
  packageJson: { name: string; version: string; afterSales: unknown };
  main?: ExtensionModule;
}

/** The extensions shipped inside the plugin, bundled with it (their code cannot be read from disk). */
export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [
  { folder: 'feedback-workflow', packageJson: feedbackWorkflow, main: feedbackWorkflowMain },
  { folder: 'complaint-workflow', packageJson: complaintWorkflow, main: complaintWorkflowMain },
  { folder: 'service-record-workflow', packageJson: serviceRecordWorkflow, main: serviceRecordWorkflowMain },
  { folder: 'classifier', packageJson: classifier },
  { folder: 'sla', packageJson: slaExtension, main: slaMain },
  { folder: 'messages', packageJson: messagesExtension, main: messagesMain },
  { folder: 'sms', packageJson: smsExtension, main: smsMain },
  { folder: 'improvement-workflow', packageJson: improvementWorkflow, main: improvementWorkflowMain },
  { folder: 'privacy', packageJson: privacyExtension, main: privacyMain },
  { folder: 'essentials', packageJson: essentials },
  { folder: 'mailbox', packageJson: mailboxExtension, main: mailboxMain },
  { folder: 'customers', packageJson: customersExtension, main: customersMain },
  { folder: 'notifications', packageJson: notificationsExtension, main: notificationsMain },
  { folder: 'front-desk', packageJson: frontDesk, main: frontDeskMain },
  { folder: 'conversation', packageJson: conversationExtension, main: conversationMain },
  { folder: 'portal', packageJson: portalExtension, main: portalMain },
  { folder: 'complaint-rates', packageJson: complaintRatesExtension, main: complaintRatesMain },
  { folder: 'queues', packageJson: queuesExtension, main: queuesMain },
  { folder: 'care', packageJson: careExtension, main: careMain },
  { folder: 'segments', packageJson: segmentsExtension, main: segmentsMain },
  { folder: 'loyalty', packageJson: loyaltyExtension, main: loyaltyMain },
  { folder: 'analysis-reports', packageJson: analysisReportsExtension, main: analysisReportsMain },
  { folder: 'key-customers', packageJson: keyCustomersExtension, main: keyCustomersMain },
  { folder: 'field-actions', packageJson: fieldActionsExtension, main: fieldActionsMain },
  { folder: 'beta-tests', packageJson: betaTestsExtension, main: betaTestsMain },
];

/**
 * The server parts of the built-ins that have their own services, controllers and routes, merged
 * for the plugin's server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists
 * its own parts and spreads these, and imports no extension folder.
 */
export const BUILTIN_SERVER = {
  services: {
    ...messagesServer.services,
    ...privacyServer.services,
    ...slaServer.services,
    ...mailboxServer.services,
    ...customersServer.services,
    ...smsServer.services,
    ...conversationServer.services,
    ...portalServer.services,
  },
  controllers: {
    ...messagesServer.controllers,
    ...privacyServer.controllers,
    ...slaServer.controllers,
    ...mailboxServer.controllers,
    ...customersServer.controllers,
    ...smsServer.controllers,
    ...conversationServer.controllers,
    ...frontDeskServer.controllers,
    ...portalServer.controllers,
    ...complaintRatesServer.controllers,
    ...complaintWorkflowServer.controllers,
    ...notificationsServer.controllers,
    ...queuesServer.controllers,
    ...careServer.controllers,
    ...segmentsServer.controllers,
    ...loyaltyServer.controllers,
    ...analysisReportsServer.controllers,
    ...fieldActionsServer.controllers,
    ...betaTestsServer.controllers,
  },
  routes: {
    admin: [
      ...slaServer.routes.admin,
      ...messagesServer.routes.admin,
      ...privacyServer.routes.admin,
      ...mailboxServer.routes.admin,
      ...customersServer.routes.admin,
      ...frontDeskServer.routes.admin,
      ...notificationsServer.routes.admin,
      ...conversationServer.routes.admin,
      ...portalServer.routes.admin,
      ...complaintRatesServer.routes.admin,
      ...complaintWorkflowServer.routes.admin,
      ...queuesServer.routes.admin,
      ...careServer.routes.admin,
      ...segmentsServer.routes.admin,
      ...loyaltyServer.routes.admin,
      ...analysisReportsServer.routes.admin,
      ...fieldActionsServer.routes.admin,
      ...betaTestsServer.routes.admin,
    ],
    contentApi: [...messagesServer.routes.contentApi, ...privacyServer.routes.contentApi, ...smsServer.routes.contentApi, ...portalServer.routes.contentApi],
    /** Mounted by register() only with the `testClock` setting. */
    testClock: [...slaServer.routes.testClock],
  },
};
