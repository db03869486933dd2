const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the complaint-rates extension: reading the imported base needs the reports permission, importing its own. */
export default {
  admin: [
    { method: 'GET', path: '/complaint-rates/volumes', handler: 'complaint-rates.volumes', config: can('reports.read') },
    { method: 'PUT', path: '/complaint-rates/volumes', handler: 'complaint-rates.importVolumes', config: can('complaint-rates.import') },
  ],
};
