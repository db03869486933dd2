export const PERMISSIONS = {
  readExtensions: [{ action: 'plugin::after-sales.extensions.read', subject: null }],
  readReports: [{ action: 'plugin::after-sales.reports.read', subject: null }],
};
