import contactProposals from './contact-proposals';
import dashboard from './dashboard';
import extensions from './extensions';
import health from './health';
import improvements from './improvements';
import info from './info';
import itemKinds from './item-kinds';
import knowledge from './knowledge';
import messages from '../extensions/messages/controller';
import organisation from './organisation';
import privacy, { privacyApiController } from '../extensions/privacy/controller';
import publicApi from './public-api';
import reports from './reports';
import sla from '../extensions/sla/controller';
import templateEditor from '../extensions/messages/template-editor-controller';
import slaSettings from '../extensions/sla/settings-controller';
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
  messages,
  organisation,
  'public-api': publicApi,
  privacy,
  'privacy-api': privacyApiController,
  reports,
  sla,
  'template-editor': templateEditor,
  'sla-settings': slaSettings,
  'workflow-admin': workflowAdmin,
  'workflow-api': workflowApi,
};
