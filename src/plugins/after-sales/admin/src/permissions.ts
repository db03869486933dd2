export const PERMISSIONS = {
  manageOrganisation: [{ action: 'plugin::after-sales.organisation.manage', subject: null }],
  readExtensions: [{ action: 'plugin::after-sales.extensions.read', subject: null }],
  manageExtensions: [{ action: 'plugin::after-sales.extensions.manage', subject: null }],
  editTemplates: [{ action: 'plugin::after-sales.messages.templates', subject: null }],
  readReports: [{ action: 'plugin::after-sales.reports.read', subject: null }],
  readPrivacyAudit: [{ action: 'plugin::after-sales.privacy.audit.read', subject: null }],
  readSlaSettings: [{ action: 'plugin::after-sales.sla.settings.read', subject: null }],
  registerCases: [{ action: 'plugin::after-sales.cases.register', subject: null }],
  reviewSuggestions: [{ action: 'plugin::after-sales.suggestions.review', subject: null }],
  workQueues: [{ action: 'plugin::after-sales.queues.read', subject: null }],
  manageTags: [{ action: 'plugin::after-sales.tags.manage', subject: null }],
  careCalls: [{ action: 'plugin::after-sales.care.calls', subject: null }],
};
