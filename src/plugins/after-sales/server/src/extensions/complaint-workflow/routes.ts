/** Routes of the complaint workflow extension: the complaint archive is a report (the reports permission). */
export default {
  admin: [
    {
      method: 'GET',
      path: '/complaint-archive',
      handler: 'complaint-archive.archive',
      config: { policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: ['plugin::after-sales.reports.read'] } }] },
    },
  ],
};
