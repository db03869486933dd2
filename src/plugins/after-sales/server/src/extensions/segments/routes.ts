const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the customer segments extension (under `/segments`, apart from the customers extension's `/customers/:documentId`). */
export default {
  admin: [
    { method: 'GET', path: '/segments', handler: 'segments.list', config: authenticated },
    { method: 'GET', path: '/segments/win-back', handler: 'segments.winBack', config: can('segments.win-back') },
    { method: 'POST', path: '/segments/evaluate', handler: 'segments.evaluate', config: can('segments.manage') },
    // The Content Manager's read permission on the customer, checked by the handler.
    { method: 'GET', path: '/segments/customers/:documentId', handler: 'segments.ofCustomer', config: authenticated },
    { method: 'PUT', path: '/segments/customers/:documentId', handler: 'segments.choose', config: can('segments.manage') },
    { method: 'PUT', path: '/segments/:key', handler: 'segments.save', config: can('segments.manage') },
    { method: 'DELETE', path: '/segments/:key', handler: 'segments.remove', config: can('segments.manage') },
  ],
  contentApi: [] as { method: string; path: string; handler: string; config: Record<string, unknown> }[],
};
