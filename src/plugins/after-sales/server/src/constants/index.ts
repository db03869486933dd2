export const PLUGIN_ID = 'after-sales';
/** The version of the extension API; manifests declare the range they need in engines.afterSales. */
export const ENGINE_VERSION = '1.0.0';

export const CONTENT_TYPES = {
  customer: 'api::customer.customer',
  product: 'api::product.product',
  department: 'api::department.department',
  office: 'api::office.office',
  feedback: 'api::feedback.feedback',
  complaint: 'api::complaint.complaint',
  serviceRecord: 'api::service-record.service-record',
  knowledgeArticle: 'api::knowledge-article.knowledge-article',
  improvementRecord: 'api::improvement-record.improvement-record',
  trainingSession: 'api::training-session.training-session',
} as const;

export const TABLES = {
  sequences: 'after_sales_sequences',
  pluginMigrations: 'after_sales_plugin_migrations',
  appMigrations: 'after_sales_app_migrations',
  auditEvents: 'after_sales_audit_events',
  idempotencyKeys: 'after_sales_idempotency_keys',
  rateLimits: 'after_sales_rate_limits',
  reportSnapshots: 'after_sales_report_snapshots',
  outbox: 'after_sales_outbox',
  surveys: 'after_sales_surveys',
  npsCampaigns: 'after_sales_nps_campaigns',
  npsInvitations: 'after_sales_nps_invitations',
  escalations: 'after_sales_escalations',
  businessPeriods: 'after_sales_business_periods',
  privacyAudit: 'after_sales_privacy_audit',
  fileErasures: 'after_sales_file_erasures',
  jobClaims: 'after_sales_job_claims',
  slaCalendars: 'after_sales_sla_calendars',
  slaPolicies: 'after_sales_sla_policies',
  departmentCalendars: 'after_sales_department_calendars',
  slaClocks: 'after_sales_sla_clocks',
  /** The items of each kind that have no assignee, with their state (PostgreSQL only, kept by triggers: migration 0790, services/unassigned-items.ts). */
  unassignedItems: 'after_sales_unassigned_items',
  /** The item tables whose unassigned items are kept, and their assignee link table. */
  unassignedTables: 'after_sales_unassigned_tables',
  /** Each feedback item's reported fields and its product, department, office and article (PostgreSQL only, kept by triggers: migration 0800, services/feedback-facts.ts). */
  feedbackFacts: 'after_sales_feedback_facts',
  contactProposals: 'after_sales_contact_proposals',
  threadEntries: 'after_sales_thread_entries',
  notifications: 'after_sales_notifications',
  notificationPreferences: 'after_sales_notification_preferences',
  mailboxMessages: 'after_sales_mailbox_messages',
  mailboxQuarantine: 'after_sales_mailbox_quarantine',
  /** Stored phones / emails the contact backfill could not read (migration 0250), until staff correct them. */
  contactIssues: 'after_sales_contact_issues',
  /** Customer merges: what each moved, kept 30 days so the merge can be undone. */
  customerMerges: 'after_sales_customer_merges',
  /** Solved CAPTCHA challenges (their signed nonce), each accepted once until it expires. */
  captchaClaims: 'after_sales_captcha_claims',
  /** "Was this helpful" votes from the help center: one per vote token (a hash, see domain/knowledge/vote-token.ts), kept while the token lives. */
  kbVotes: 'after_sales_kb_votes',
  /** Orders and deliveries per unit and month, imported as a CSV: the complaint rate's base (the complaint-rates extension). */
  monthlyVolumes: 'after_sales_monthly_volumes',
  /** Work queues (extension after-sales.queues): managed tags, the tags on items, saved views. */
  tags: 'after_sales_tags',
  itemTags: 'after_sales_item_tags',
  savedViews: 'after_sales_saved_views',
  /** Customer segments (extension after-sales.segments): key, titles, priority and the rules that place a customer. */
  segments: 'after_sales_segments',
  /** The improvement plan's actions (改进方案实施表): short- and long-term, owner, due date, resources (extension after-sales.analysis-reports). */
  improvementActions: 'after_sales_improvement_actions',
  /** Field actions and recalls of an improvement record (extension after-sales.field-actions): the kind and selection of each. */
  fieldActions: 'after_sales_field_actions',
  /** The units a field action reaches, one per owner and unit per improvement record: the service record, the notice, the outcome. */
  fieldActionUnits: 'after_sales_field_action_units',
  /** Units customers own that no case names, imported as a CSV for field actions (extension after-sales.field-actions). */
  importedUnits: 'after_sales_imported_units',
  /** Improvement records whose fix shipped (released), once each (extension after-sales.analysis-reports). */
  fixReleases: 'after_sales_fix_releases',
  /** The inform clock of each item linked to a released improvement: its customer told of the fix, once per customer (extension after-sales.analysis-reports). */
  fixNotices: 'after_sales_fix_notices',
  /** Beta tests of a fix and their invitations (answered once on the customer pages), and the internal verification of the analysis report's test cases (extension after-sales.beta-tests). */
  betaTests: 'after_sales_beta_tests',
  betaInvitations: 'after_sales_beta_invitations',
  testCaseVerifications: 'after_sales_test_case_verifications',
} as const;

/** Admin RBAC conditions the plugin registers (ids as Strapi computes them). */
export const CONDITIONS = {
  inMyDepartment: 'plugin::after-sales.in-my-department',
  withoutDepartment: 'plugin::after-sales.without-department',
  /** The item's office (where it was received, or who handles it locally) is one the user is a member or the head of. */
  inMyOffice: 'plugin::after-sales.in-my-office',
  /** The user is the item's case owner (`owner`): the person who took the case keeps following it after a hand-off. */
  isMyCase: 'plugin::after-sales.is-my-case',
} as const;

/** The field naming the staff member who took a case (set at creation in the admin, or by the first action on it). */
export const CASE_OWNER_FIELD = 'owner';
/** The field naming an item's office (办事处 / service point): where it was received, or who handles it locally. */
export const OFFICE_FIELD = 'office';

export const ADMIN_ACTION_PREFIX = 'plugin::after-sales.';

/** Admin actions of customer privacy the core's contact-data guard checks. */
export const PRIVACY = {
  viewContactData: 'privacy.view-contact-data',
  /** Reveal (with a reason, audited) without seeing contact data in the Content Manager: the roles that call customers. */
  reveal: 'privacy.reveal',
} as const;

/** Job-claims row left by migration 0016: clock rows still have to be derived for the items stored before it. */
export const SLA_CLOCK_BACKFILL_JOB = 'sla-clock-backfill';
/** Code of the after-sales department (its head is told of a complaint's breach). */
export const AFTER_SALES_DEPARTMENT = 'after-sales';
/** Job row `sla-recompute:<calendar id>`: the running clocks of that calendar are counted again (its days or hours changed). */
export const SLA_RECOMPUTE_JOB_PREFIX = 'sla-recompute:';
