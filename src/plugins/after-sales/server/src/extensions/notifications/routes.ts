const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };

/** Routes of the notifications extension: every signed-in member reads and marks only their own. */
export default {
  admin: [
    { method: 'GET', path: '/notifications', handler: 'notifications.list', config: authenticated },
    { method: 'GET', path: '/notifications/unread-count', handler: 'notifications.unreadCount', config: authenticated },
    { method: 'GET', path: '/notifications/preferences', handler: 'notifications.preferences', config: authenticated },
    { method: 'PUT', path: '/notifications/preferences', handler: 'notifications.savePreferences', config: authenticated },
    { method: 'POST', path: '/notifications/read-all', handler: 'notifications.readAll', config: authenticated },
    { method: 'POST', path: '/notifications/:id/read', handler: 'notifications.read', config: authenticated },
  ],
};
