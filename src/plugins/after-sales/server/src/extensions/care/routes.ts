const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the care-call queue (`/after-sales/care/…`), with the `care.calls` permission; logging also needs the workflow action's. */
export default {
  admin: [
    { method: 'GET', path: '/care/calls', handler: 'care.calls', config: can('care.calls') },
    // Opens the due calls now (what the job does on its next run; idempotent), e.g. right after a manager set up a plan.
    { method: 'POST', path: '/care/calls/generate', handler: 'care.generate', config: can('care.calls') },
    { method: 'POST', path: '/care/calls/:documentId/outcome', handler: 'care.logOutcome', config: can('care.calls') },
  ],
};
