import { BUILTIN_SERVER } from '../extensions';
import contactProposals from './contact-proposals';
import dashboard from './dashboard';
import extensions from './extensions';
import health from './health';
import improvements from './improvements';
import info from './info';
import itemKinds from './item-kinds';
import knowledge from './knowledge';
import organisation from './organisation';
import publicApi from './public-api';
import reports from './reports';
import supervisor from './supervisor';
import testClock from './test-clock';
import workflowAdmin from './workflow-admin';
import workflowApi from './workflow-api';

export default {
  'contact-proposals': contactProposals,
  dashboard,
  extensions,
  health,
  improvements,
  info,
  'item-kinds': itemKinds,
  knowledge,
  organisation,
  'public-api': publicApi,
  reports,
  supervisor,
  'test-clock': testClock,
  'workflow-admin': workflowAdmin,
  'workflow-api': workflowApi,
  // The built-ins' own controllers (messages, template editor, privacy, SLA).
  ...BUILTIN_SERVER.controllers,
};
