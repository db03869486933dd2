export const PERMISSIONS = {
  readExtensions: [{ action: 'plugin::after-sales.extensions.read', subject: null }],
  readPrivacyAudit: [{ action: 'plugin::after-sales.privacy.audit.read', subject: null }],
};
