const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the work queues (`/after-sales/queues/…`): `queues.read` for all, `tags.manage` to change the tag list. Each item is checked by its own permissions. */
export default {
  admin: [
    { method: 'GET', path: '/queues/views', handler: 'queues.views', config: can('queues.read') },
    { method: 'GET', path: '/queues/items', handler: 'queues.items', config: can('queues.read') },
    { method: 'POST', path: '/queues/saved-views', handler: 'queues.createView', config: can('queues.read') },
    { method: 'PUT', path: '/queues/saved-views/:id', handler: 'queues.updateView', config: can('queues.read') },
    { method: 'DELETE', path: '/queues/saved-views/:id', handler: 'queues.deleteView', config: can('queues.read') },
    { method: 'POST', path: '/queues/bulk', handler: 'queues.bulk', config: can('queues.read') },
    { method: 'GET', path: '/queues/search', handler: 'queues.search', config: can('queues.read') },
    { method: 'GET', path: '/queues/tags', handler: 'queues.tags', config: can('queues.read') },
    { method: 'POST', path: '/queues/tags', handler: 'queues.createTag', config: can('tags.manage') },
    { method: 'PUT', path: '/queues/tags/:id', handler: 'queues.updateTag', config: can('tags.manage') },
    { method: 'DELETE', path: '/queues/tags/:id', handler: 'queues.deleteTag', config: can('tags.manage') },
  ],
};
