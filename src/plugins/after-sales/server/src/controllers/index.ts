import extensions from './extensions';
import info from './info';
import messages from './messages';
import privacy, { privacyApiController } from './privacy';
import publicApi from './public-api';
import reports from './reports';
import sla from './sla';
import workflowAdmin from './workflow-admin';
import workflowApi from './workflow-api';

export default {
  extensions,
  info,
  messages,
  'public-api': publicApi,
  privacy,
  'privacy-api': privacyApiController,
  reports,
  sla,
  'workflow-admin': workflowAdmin,
  'workflow-api': workflowApi,
};
