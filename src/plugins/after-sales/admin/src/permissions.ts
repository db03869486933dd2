export const PERMISSIONS = {
  readExtensions: [{ action: 'plugin::after-sales.extensions.read', subject: null }],
};
