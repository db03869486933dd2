import messages from '../extensions/messages/routes';
import privacy from '../extensions/privacy/routes';

const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Added by register() only with the `testClock` setting (AFTER_SALES_TEST_CLOCK=1 outside production). */
export const testClockRoutes = [
  { method: 'PUT', path: '/test/clock', handler: 'sla.setClock', config: authenticated },
  { method: 'POST', path: '/sla/sweep', handler: 'sla.sweep', config: authenticated },
];

export default {
  type: 'admin' as const,
  routes: [
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
    { method: 'GET', path: '/info', handler: 'info.show', config: authenticated },

    { method: 'GET', path: '/organisation', handler: 'organisation.overview', config: can('organisation.manage') },
    { method: 'PUT', path: '/organisation/departments/:code', handler: 'organisation.saveDepartment', config: can('organisation.manage') },

    { method: 'GET', path: '/item-kinds', handler: 'item-kinds.list', config: authenticated },
    { method: 'GET', path: '/dashboard', handler: 'dashboard.overview', config: authenticated },
    { method: 'GET', path: '/dashboard/my-overdue', handler: 'dashboard.myOverdue', config: authenticated },
    { method: 'GET', path: '/dashboard/todays-callbacks', handler: 'dashboard.todaysCallbacks', config: authenticated },
    { method: 'GET', path: '/dashboard/awaiting-approval', handler: 'dashboard.awaitingApproval', config: authenticated },
    { method: 'GET', path: '/dashboard/widgets', handler: 'dashboard.widgets', config: authenticated },
    { method: 'GET', path: '/dashboard/approvals/:uid/:documentId', handler: 'dashboard.approvalProgress', config: authenticated },

    { method: 'GET', path: '/extensions', handler: 'extensions.list', config: can('extensions.read') },
    { method: 'PUT', path: '/extensions/:id', handler: 'extensions.update', config: can('extensions.manage') },
    { method: 'GET', path: '/extensions/:id/configuration', handler: 'extensions.settings', config: can('extensions.read') },
    { method: 'PUT', path: '/extensions/:id/configuration', handler: 'extensions.saveSettings', config: can('extensions.manage') },

    { method: 'GET', path: '/reports/monthly', handler: 'reports.monthly', config: can('reports.read') },
    { method: 'POST', path: '/reports/monthly/archive', handler: 'reports.archive', config: can('reports.archive') },
    { method: 'GET', path: '/reports/archives', handler: 'reports.archives', config: can('reports.read') },
    { method: 'GET', path: '/reports/sections', handler: 'reports.sections', config: can('reports.read') },
    { method: 'GET', path: '/reports/archives/:id', handler: 'reports.snapshot', config: can('reports.read') },
    { method: 'POST', path: '/improvements', handler: 'improvements.createFromIssue', config: can('improvement.create-from-issue') },

    ...messages.admin,

    ...privacy.admin,

    { method: 'GET', path: '/workflows', handler: 'workflow-admin.definitions', config: authenticated },
    { method: 'GET', path: '/knowledge/tags', handler: 'knowledge.tags', config: authenticated },
    { method: 'GET', path: '/workflows/:uid/:documentId/actions', handler: 'workflow-admin.listActions', config: authenticated },
    { method: 'POST', path: '/workflows/:uid/:documentId/actions/:action', handler: 'workflow-admin.perform', config: authenticated },
    { method: 'GET', path: '/workflows/:uid/:documentId/timeline', handler: 'workflow-admin.timeline', config: authenticated },

    // Contact data proposed by intakes for known customers (the service checks who may read and decide).
    { method: 'GET', path: '/contact-proposals/customers/:documentId', handler: 'contact-proposals.list', config: authenticated },
    { method: 'POST', path: '/contact-proposals/:id/confirm', handler: 'contact-proposals.confirm', config: authenticated },
    { method: 'POST', path: '/contact-proposals/:id/reject', handler: 'contact-proposals.reject', config: authenticated },
  ],
};
