import extensions from './extensions';
import health from './health';
import info from './info';
import messages from './messages';
import publicApi from './public-api';
import reports from './reports';
import sla from './sla';
import workflowAdmin from './workflow-admin';
import workflowApi from './workflow-api';

export default {
  extensions,
  health,
  info,
  messages,
  'public-api': publicApi,
  reports,
  sla,
  'workflow-admin': workflowAdmin,
  'workflow-api': workflowApi,
};
