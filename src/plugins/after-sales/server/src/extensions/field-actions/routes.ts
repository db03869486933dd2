const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});
const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };

/** Routes of field actions and recalls (admin API). Reading follows the Content Manager's rules for the improvement record (checked by the service). */
export default {
  admin: [
    { method: 'POST', path: '/field-actions/units/import', handler: 'fieldActions.importUnits', config: can('field-actions.start') },
    { method: 'GET', path: '/improvements/:documentId/field-actions', handler: 'fieldActions.show', config: authenticated },
    { method: 'POST', path: '/improvements/:documentId/field-actions/preview', handler: 'fieldActions.preview', config: can('field-actions.start') },
    { method: 'POST', path: '/improvements/:documentId/field-actions', handler: 'fieldActions.start', config: can('field-actions.start') },
    { method: 'PUT', path: '/improvements/:documentId/field-actions/units/:unitId', handler: 'fieldActions.outcome', config: can('field-actions.follow') },
  ],
};
