import { BUILTIN_SERVER } from '../extensions';

const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Added by register() only with the `testClock` setting (AFTER_SALES_TEST_CLOCK=1 outside production). */
export const testClockRoutes = [
  { method: 'PUT', path: '/test/clock', handler: 'test-clock.set', config: authenticated },
  { method: 'PUT', path: '/test/figures', handler: 'test-clock.figures', config: authenticated },
  ...BUILTIN_SERVER.routes.testClock,
];

export default {
  type: 'admin' as const,
  routes: [
    // The built-ins' own routes (SLA first: its settings before /sla/:uid/:documentId; messages, privacy).
    ...BUILTIN_SERVER.routes.admin,
    { method: 'GET', path: '/info', handler: 'info.show', config: authenticated },

    { method: 'GET', path: '/organisation', handler: 'organisation.overview', config: can('organisation.manage') },
    { method: 'PUT', path: '/organisation/departments/:code', handler: 'organisation.saveDepartment', config: can('organisation.manage') },

    { method: 'GET', path: '/item-kinds', handler: 'item-kinds.list', config: authenticated },
    { method: 'GET', path: '/dashboard', handler: 'dashboard.overview', config: authenticated },
    { method: 'GET', path: '/dashboard/my-overdue', handler: 'dashboard.myOverdue', config: authenticated },
    { method: 'GET', path: '/dashboard/issue-references', handler: 'dashboard.issueReferences', config: authenticated },
    { method: 'GET', path: '/dashboard/todays-callbacks', handler: 'dashboard.todaysCallbacks', config: authenticated },
    { method: 'GET', path: '/dashboard/awaiting-approval', handler: 'dashboard.awaitingApproval', config: authenticated },
    { method: 'GET', path: '/dashboard/widgets', handler: 'dashboard.widgets', config: authenticated },
    { method: 'GET', path: '/dashboard/approvals/:uid/:documentId', handler: 'dashboard.approvalProgress', config: authenticated },

    { method: 'GET', path: '/extensions', handler: 'extensions.list', config: can('extensions.read') },
    { method: 'PUT', path: '/extensions/:id', handler: 'extensions.update', config: can('extensions.manage') },
    { method: 'GET', path: '/extensions/:id/configuration', handler: 'extensions.settings', config: can('extensions.read') },
    { method: 'PUT', path: '/extensions/:id/configuration', handler: 'extensions.saveSettings', config: can('extensions.manage') },

    { method: 'GET', path: '/reports/monthly', handler: 'reports.monthly', config: can('reports.read') },
    { method: 'GET', path: '/reports/monthly/issue-references', handler: 'reports.issueReferences', config: can('reports.read') },
    { method: 'POST', path: '/reports/monthly/archive', handler: 'reports.archive', config: can('reports.archive') },
    { method: 'GET', path: '/reports/archives', handler: 'reports.archives', config: can('reports.read') },
    { method: 'GET', path: '/reports/sections', handler: 'reports.sections', config: can('reports.read') },
    { method: 'GET', path: '/reports/archives/:id', handler: 'reports.snapshot', config: can('reports.read') },
    // The supervisor's view: department heads (their members) and managers (everyone); the service scopes and audits.
    { method: 'GET', path: '/supervisor', handler: 'supervisor.view', config: can('supervisor.read') },
    { method: 'GET', path: '/supervisor/items', handler: 'supervisor.items', config: can('supervisor.read') },
    { method: 'POST', path: '/improvements', handler: 'improvements.createFromIssue', config: can('improvement.create-from-issue') },

    { method: 'GET', path: '/workflows', handler: 'workflow-admin.definitions', config: authenticated },
    { method: 'GET', path: '/knowledge/tags', handler: 'knowledge.tags', config: authenticated },
    { method: 'GET', path: '/knowledge/:documentId/votes', handler: 'knowledge.votes', config: authenticated },
    { method: 'GET', path: '/workflows/:uid/:documentId/actions', handler: 'workflow-admin.listActions', config: authenticated },
    { method: 'POST', path: '/workflows/:uid/:documentId/actions/:action', handler: 'workflow-admin.perform', config: authenticated },
    { method: 'GET', path: '/workflows/:uid/:documentId/timeline', handler: 'workflow-admin.timeline', config: authenticated },

    // Contact data proposed by intakes for known customers (the service checks who may read and decide).
    { method: 'GET', path: '/contact-proposals/customers/:documentId', handler: 'contact-proposals.list', config: authenticated },
    { method: 'POST', path: '/contact-proposals/:id/confirm', handler: 'contact-proposals.confirm', config: authenticated },
    { method: 'POST', path: '/contact-proposals/:id/reject', handler: 'contact-proposals.reject', config: authenticated },
  ],
};
