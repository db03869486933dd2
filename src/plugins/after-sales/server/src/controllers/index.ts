import extensions from './extensions';
import info from './info';
import messages from './messages';
import publicApi from './public-api';
import reports from './reports';
import sla from './sla';
import slaSettings from './sla-settings';
import workflowAdmin from './workflow-admin';
import workflowApi from './workflow-api';

export default {
  extensions,
  info,
  messages,
  'public-api': publicApi,
  reports,
  sla,
  'sla-settings': slaSettings,
  'workflow-admin': workflowAdmin,
  'workflow-api': workflowApi,
};
