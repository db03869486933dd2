const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the front desk (`/after-sales/front-desk/…`): registering needs `cases.register`, the backlog `suggestions.review`. */
export default {
  admin: [
    { method: 'GET', path: '/front-desk/callers', handler: 'front-desk.callers', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/offices', handler: 'front-desk.offices', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/products', handler: 'front-desk.products', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/articles', handler: 'front-desk.articles', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/promise', handler: 'front-desk.promise', config: can('cases.register') },
    { method: 'POST', path: '/front-desk/classify', handler: 'front-desk.classify', config: can('cases.register') },
    { method: 'POST', path: '/front-desk/cases', handler: 'front-desk.register', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/mine', handler: 'front-desk.mine', config: can('cases.register') },
    { method: 'POST', path: '/front-desk/cases/:uid/:documentId/additions', handler: 'front-desk.addToCase', config: can('cases.register') },
    { method: 'POST', path: '/front-desk/articles/send', handler: 'front-desk.sendArticle', config: can('cases.register') },
    { method: 'GET', path: '/front-desk/suggestions', handler: 'front-desk.backlog', config: can('suggestions.review') },
    // The workflow action checks `suggestions.review` (and the version) itself.
    { method: 'POST', path: '/front-desk/suggestions/:documentId/review', handler: 'front-desk.review', config: can('suggestions.review') },
  ],
};
