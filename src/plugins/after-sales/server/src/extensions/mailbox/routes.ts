const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the inbound mailbox, for those who manage the organisation and its channels (the Departments and channels page). */
export default {
  admin: [
    { method: 'GET', path: '/mailbox/status', handler: 'mailbox.status', config: can('organisation.manage') },
    { method: 'POST', path: '/mailbox/poll', handler: 'mailbox.poll', config: can('organisation.manage') },
    { method: 'GET', path: '/mailbox/quarantine', handler: 'mailbox.quarantine', config: can('organisation.manage') },
    { method: 'GET', path: '/mailbox/quarantine/:id/source', handler: 'mailbox.source', config: can('organisation.manage') },
    { method: 'POST', path: '/mailbox/quarantine/:id/:decision', handler: 'mailbox.resolve', config: can('organisation.manage') },
  ],
  contentApi: [] as { method: string; path: string; handler: string; config: object }[],
};
