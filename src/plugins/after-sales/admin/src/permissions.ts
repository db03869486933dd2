export const PERMISSIONS = {
  readExtensions: [{ action: 'plugin::after-sales.extensions.read', subject: null }],
  readSlaSettings: [{ action: 'plugin::after-sales.sla.settings.read', subject: null }],
};
