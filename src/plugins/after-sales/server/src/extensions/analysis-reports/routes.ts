const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});
const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };

/** Routes of analysis reports and improvement plans (admin API). Reading an item follows the Content Manager's record rules (checked by the services). */
export default {
  admin: [
    { method: 'GET', path: '/analysis-reports/cause-categories', handler: 'analysis.categories', config: authenticated },
    { method: 'GET', path: '/analysis-reports/of/:uid/:documentId', handler: 'analysis.ofItem', config: authenticated },
    { method: 'POST', path: '/analysis-reports', handler: 'analysis.open', config: can('analysis-reports.write') },
    { method: 'GET', path: '/analysis-reports/:documentId', handler: 'analysis.show', config: authenticated },
    { method: 'PUT', path: '/analysis-reports/:documentId', handler: 'analysis.update', config: can('analysis-reports.write') },
    { method: 'POST', path: '/analysis-reports/:documentId/improvement', handler: 'analysis.toImprovement', config: can('improvement.create-from-issue') },
    { method: 'POST', path: '/improvements/:documentId/links', handler: 'analysis.link', config: can('improvement.plan') },
    { method: 'GET', path: '/improvements/:documentId/plan', handler: 'analysis.plan', config: authenticated },
    { method: 'PUT', path: '/improvements/:documentId/plan', handler: 'analysis.savePlan', config: can('improvement.plan') },
    { method: 'GET', path: '/improvements/:documentId/notices', handler: 'analysis.notices', config: authenticated },
    { method: 'POST', path: '/improvements/:documentId/notices', handler: 'analysis.informNow', config: can('improvement.plan') },
  ],
};
