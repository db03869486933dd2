const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the privacy extension: the panel's summary, reveal, export, erasure, the access audit and retention. Listed by the plugin's routes (routes/admin.ts, routes/content-api.ts). */
export default {
  admin: [
    { method: 'GET', path: '/privacy/customers/:documentId', handler: 'privacy.summary', config: authenticated },
    // Either privacy.view-contact-data or privacy.reveal (checked by the controller: the policy would need both).
    { method: 'POST', path: '/privacy/customers/:documentId/reveal', handler: 'privacy.reveal', config: authenticated },
    { method: 'GET', path: '/privacy/items/:uid/:documentId/customer', handler: 'privacy.itemCustomer', config: authenticated },
    { method: 'POST', path: '/privacy/customers/:documentId/export', handler: 'privacy.exportCustomer', config: can('privacy.export') },
    { method: 'POST', path: '/privacy/customers/:documentId/erase', handler: 'privacy.erase', config: authenticated },
    { method: 'GET', path: '/privacy/audit', handler: 'privacy.audit', config: can('privacy.audit.read') },
    { method: 'GET', path: '/privacy/retention', handler: 'privacy.retention', config: can('privacy.retention') },
    { method: 'POST', path: '/privacy/retention/run', handler: 'privacy.runRetention', config: can('privacy.retention') },
  ],
  contentApi: [{ method: 'POST', path: '/privacy/customers/:documentId/export', handler: 'privacy-api.exportCustomer', config: {} }],
};
