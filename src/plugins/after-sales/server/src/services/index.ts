import { BUILTIN_SERVER } from '../extensions';
import attachments from './attachments';
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
import migrations from './migrations';
import organisation from './organisation';
import outbox from './outbox';
import rateLimit from './rate-limit';
import recordAccess from './record-access';
import reference from './reference';
import reports from './reports';
import staffQueue from './staff-queue';
import supervisor from './supervisor';
import thread from './thread';
import tracking from './tracking';
import unassignedItems from './unassigned-items';
import feedbackFacts from './feedback-facts';
import workflow from './workflow';

export default {
  attachments,
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
  migrations,
  organisation,
  outbox,
  'rate-limit': rateLimit,
  'record-access': recordAccess,
  reference,
  reports,
  'staff-queue': staffQueue,
  supervisor,
  thread,
  tracking,
  'unassigned-items': unassignedItems,
  'feedback-facts': feedbackFacts,
  workflow,
  // The built-ins' own services (messages, surveys, template editor, privacy, SLA).
  ...BUILTIN_SERVER.services,
};
