import type { ExtensionModule } from '../extension-api';
import feedbackWorkflow from './feedback-workflow/package.json';
import * as feedbackWorkflowMain from './feedback-workflow/extension';
import complaintWorkflow from './complaint-workflow/package.json';
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

export interface BuiltinExtension {
  folder: string;
  packageJson: { name: string; version: string; afterSales: unknown };
  main?: ExtensionModule;
}

/** The extensions shipped inside the plugin, bundled with it (their code cannot be read from disk). */
export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [
  { folder: 'feedback-workflow', packageJson: feedbackWorkflow, main: feedbackWorkflowMain },
  { folder: 'complaint-workflow', packageJson: complaintWorkflow },
  { folder: 'service-record-workflow', packageJson: serviceRecordWorkflow, main: serviceRecordWorkflowMain },
  { folder: 'classifier', packageJson: classifier },
  { folder: 'sla', packageJson: slaExtension, main: slaMain },
  { folder: 'messages', packageJson: messagesExtension, main: messagesMain },
  { folder: 'improvement-workflow', packageJson: improvementWorkflow, main: improvementWorkflowMain },
  { folder: 'privacy', packageJson: privacyExtension, main: privacyMain },
  { folder: 'essentials', packageJson: essentials },
];

/**
 * The server parts of the built-ins that have their own services, controllers and routes, merged
 * for the plugin's server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists
 * its own parts and spreads these, and imports no extension folder.
 */
export const BUILTIN_SERVER = {
  services: { ...messagesServer.services, ...privacyServer.services, ...slaServer.services },
  controllers: { ...messagesServer.controllers, ...privacyServer.controllers, ...slaServer.controllers },
  routes: {
    admin: [...slaServer.routes.admin, ...messagesServer.routes.admin, ...privacyServer.routes.admin],
    contentApi: [...messagesServer.routes.contentApi, ...privacyServer.routes.contentApi],
    /** Mounted by register() only with the `testClock` setting. */
    testClock: [...slaServer.routes.testClock],
  },
};
