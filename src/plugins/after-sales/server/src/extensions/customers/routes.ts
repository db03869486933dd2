const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the customers extension (the fixed paths before `/customers/:documentId`). */
export default {
  admin: [
    { method: 'GET', path: '/customers/duplicates', handler: 'customers.duplicates', config: can('customers.merge') },
    { method: 'POST', path: '/customers/merges', handler: 'customers.merge', config: can('customers.merge') },
    { method: 'GET', path: '/customers/merges', handler: 'customers.merges', config: can('customers.merge') },
    { method: 'POST', path: '/customers/merges/:id/undo', handler: 'customers.undo', config: can('customers.merge') },
    { method: 'GET', path: '/customers/contact-issues', handler: 'customers.contactIssues', config: can('customers.merge') },
    // The Content Manager's read permission on the customer (and on each case listed), checked by the page.
    { method: 'GET', path: '/customers/:documentId', handler: 'customers.page', config: authenticated },
  ],
  contentApi: [] as { method: string; path: string; handler: string; config: Record<string, unknown> }[],
};
