import clock from './clock';
import extensionHost from './extension-host';
import health from './health';
import idempotency from './idempotency';
import intake from './intake';
import knowledgeBase from './knowledge-base';
import messages from './messages';
import migrations from './migrations';
import outbox from './outbox';
import rateLimit from './rate-limit';
import reference from './reference';
import reports from './reports';
import sla from './sla';
import staffQueue from './staff-queue';
import surveys from './surveys';
import tracking from './tracking';
import workflow from './workflow';

export default {
  clock,
  'extension-host': extensionHost,
  health,
  idempotency,
  intake,
  'knowledge-base': knowledgeBase,
  messages,
  migrations,
  outbox,
  'rate-limit': rateLimit,
  reference,
  reports,
  sla,
  'staff-queue': staffQueue,
  surveys,
  tracking,
  workflow,
};
