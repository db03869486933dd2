import audit from './audit';
import clock from './clock';
import contactData from './contact-data';
import contactProposals from './contact-proposals';
import contributedSections from './contributed-sections';
import dashboard from './dashboard';
import extensionHost from './extension-host';
import health from './health';
import idempotency from './idempotency';
import improvements from './improvements';
import intake from './intake';
import itemKinds from './item-kinds';
import jobs from './jobs';
import knowledgeBase from './knowledge-base';
import messages from '../extensions/messages/messages';
import migrations from './migrations';
import organisation from './organisation';
import outbox from './outbox';
import privacy from '../extensions/privacy/privacy';
import rateLimit from './rate-limit';
import recordAccess from './record-access';
import reference from './reference';
import reports from './reports';
import sla from '../extensions/sla/sla';
import slaSettings from '../extensions/sla/sla-settings';
import staffQueue from './staff-queue';
import surveys from '../extensions/messages/surveys';
import templateEditor from '../extensions/messages/template-editor';
import tracking from './tracking';
import workflow from './workflow';

export default {
  audit,
  clock,
  'contact-data': contactData,
  'contact-proposals': contactProposals,
  'contributed-sections': contributedSections,
  dashboard,
  'extension-host': extensionHost,
  health,
  idempotency,
  improvements,
  intake,
  'item-kinds': itemKinds,
  jobs,
  'knowledge-base': knowledgeBase,
  messages,
  migrations,
  organisation,
  outbox,
  privacy,
  'rate-limit': rateLimit,
  'record-access': recordAccess,
  reference,
  reports,
  sla,
  'sla-settings': slaSettings,
  'staff-queue': staffQueue,
  surveys,
  'template-editor': templateEditor,
  tracking,
  workflow,
};
