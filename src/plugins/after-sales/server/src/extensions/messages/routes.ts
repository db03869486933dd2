const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});

/** Routes of the messages extension: templates, the template editor, preview, sending and history; the customer's survey. Listed by the plugin's routes (routes/admin.ts, routes/content-api.ts). */
export default {
  admin: [
    { method: 'GET', path: '/messages/templates', handler: 'messages.templates', config: authenticated },
    { method: 'GET', path: '/messages/channels', handler: 'template-editor.channels', config: can('messages.templates') },
    { method: 'GET', path: '/messages/editor/templates', handler: 'template-editor.list', config: can('messages.templates') },
    { method: 'GET', path: '/messages/editor/templates/:key', handler: 'template-editor.show', config: can('messages.templates') },
    { method: 'PUT', path: '/messages/editor/templates/:key', handler: 'template-editor.save', config: can('messages.templates') },
    { method: 'DELETE', path: '/messages/editor/templates/:key', handler: 'template-editor.revert', config: can('messages.templates') },
    { method: 'GET', path: '/messages/editor/records', handler: 'template-editor.records', config: can('messages.templates') },
    { method: 'POST', path: '/messages/preview', handler: 'messages.preview', config: authenticated },
    { method: 'POST', path: '/messages/send', handler: 'messages.send', config: can('messages.send') },
    { method: 'POST', path: '/messages/dispatch', handler: 'messages.dispatch', config: can('messages.send') },
    { method: 'GET', path: '/messages/:uid/:documentId', handler: 'messages.history', config: authenticated },
  ],
  contentApi: [
    { method: 'GET', path: '/surveys/:token', handler: 'messages.surveyQuestion', config: {} },
    { method: 'POST', path: '/surveys/:token', handler: 'messages.surveyAnswer', config: {} },
  ],
};
