import { BUILTIN_SERVER } from '../extensions';

export default {
  type: 'content-api' as const,
  routes: [
    { method: 'POST', path: '/intake', handler: 'public-api.intake', config: {} },
    // Public probes for load balancers and orchestrators (no personal data).
    { method: 'GET', path: '/health', handler: 'health.live', config: { auth: false } },
    { method: 'GET', path: '/ready', handler: 'health.ready', config: { auth: false } },
    { method: 'GET', path: '/track/:reference', handler: 'public-api.track', config: {} },
    { method: 'GET', path: '/kb/search', handler: 'public-api.searchArticles', config: {} },
    { method: 'GET', path: '/products', handler: 'public-api.listProducts', config: {} },
    { method: 'GET', path: '/openapi.json', handler: 'public-api.openapi', config: { auth: false } },
    { method: 'POST', path: '/kb/:slug/vote', handler: 'public-api.voteArticle', config: {} },
    { method: 'GET', path: '/reports/monthly', handler: 'reports.monthly', config: {} },
    { method: 'GET', path: '/reports/monthly/issue-references', handler: 'reports.issueReferences', config: {} },
    { method: 'POST', path: '/reports/monthly/archive', handler: 'reports.archive', config: {} },
    { method: 'GET', path: '/reports/archives', handler: 'reports.archives', config: {} },
    { method: 'GET', path: '/reports/archives/:id', handler: 'reports.snapshot', config: {} },
    // The built-ins' own routes (the customer's survey, the privacy export for API clients).
    ...BUILTIN_SERVER.routes.contentApi,
    { method: 'GET', path: '/staff/:collection', handler: 'public-api.staffList', config: {} },
    { method: 'GET', path: '/workflows/:uid/:documentId/actions', handler: 'workflow-api.listActions', config: {} },
    { method: 'POST', path: '/workflows/:uid/:documentId/actions/:action', handler: 'workflow-api.perform', config: {} },
    { method: 'GET', path: '/workflows/:uid/:documentId/timeline', handler: 'workflow-api.timeline', config: {} },
  ],
};
