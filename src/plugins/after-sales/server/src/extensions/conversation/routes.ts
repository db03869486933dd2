const can = (...actions: string[]) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: actions.map((a) => `plugin::after-sales.${a}`) } }],
});
const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };

/** Routes of the case screen (admin API). Reading follows the Content Manager's record rules (checked by the service). */
export default {
  admin: [
    { method: 'GET', path: '/cases/:uid/:documentId', handler: 'conversation.show', config: authenticated },
    { method: 'POST', path: '/cases/:uid/:documentId/replies/preview', handler: 'conversation.preview', config: can('case.reply') },
    { method: 'POST', path: '/cases/:uid/:documentId/replies', handler: 'conversation.reply', config: can('case.reply') },
    { method: 'POST', path: '/cases/:uid/:documentId/notes', handler: 'conversation.note', config: can('case.note') },
    { method: 'GET', path: '/cases/:uid/:documentId/files/:fileId', handler: 'conversation.file', config: authenticated },
  ],
  contentApi: [],
};
