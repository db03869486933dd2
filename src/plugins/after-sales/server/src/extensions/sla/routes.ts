const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the SLA extension: calendars and policies (settings), an item's clocks; the test clock and sweep. Listed by the plugin's routes (routes/admin.ts). */
export default {
  admin: [
    // SLA settings before /sla/:uid/:documentId, which would otherwise match /sla/calendars/:id.
    { method: 'GET', path: '/sla/calendars', handler: 'sla-settings.listCalendars', config: can('sla.settings.read') },
    { method: 'POST', path: '/sla/calendars', handler: 'sla-settings.createCalendar', config: can('sla.settings.manage') },
    { method: 'POST', path: '/sla/calendars/import', handler: 'sla-settings.importCalendar', config: can('sla.settings.manage') },
    { method: 'GET', path: '/sla/calendars/:id/export', handler: 'sla-settings.exportCalendar', config: can('sla.settings.read') },
    { method: 'GET', path: '/sla/calendars/:id', handler: 'sla-settings.getCalendar', config: can('sla.settings.read') },
    { method: 'PUT', path: '/sla/calendars/:id', handler: 'sla-settings.updateCalendar', config: can('sla.settings.manage') },
    { method: 'DELETE', path: '/sla/calendars/:id', handler: 'sla-settings.deleteCalendar', config: can('sla.settings.manage') },
    { method: 'GET', path: '/sla/department-calendars', handler: 'sla-settings.departmentCalendars', config: can('sla.settings.read') },
    { method: 'PUT', path: '/sla/department-calendars', handler: 'sla-settings.saveDepartmentCalendars', config: can('sla.settings.manage') },
    { method: 'GET', path: '/sla/policies', handler: 'sla-settings.listPolicies', config: can('sla.settings.read') },
    { method: 'POST', path: '/sla/policies', handler: 'sla-settings.createPolicy', config: can('sla.settings.manage') },
    { method: 'POST', path: '/sla/policies/import', handler: 'sla-settings.importPolicy', config: can('sla.settings.manage') },
    { method: 'GET', path: '/sla/policies/:id/export', handler: 'sla-settings.exportPolicy', config: can('sla.settings.read') },
    { method: 'GET', path: '/sla/policies/:id', handler: 'sla-settings.getPolicy', config: can('sla.settings.read') },
    { method: 'PUT', path: '/sla/policies/:id', handler: 'sla-settings.updatePolicy', config: can('sla.settings.manage') },
    { method: 'DELETE', path: '/sla/policies/:id', handler: 'sla-settings.deletePolicy', config: can('sla.settings.manage') },
    { method: 'GET', path: '/sla/:uid/:documentId', handler: 'sla.clocks', config: authenticated },
  ],
  /** Added by register() only with the `testClock` setting (AFTER_SALES_TEST_CLOCK=1 outside production). */
  testClock: [{ method: 'POST', path: '/sla/sweep', handler: 'sla.sweep', config: authenticated }],
};
