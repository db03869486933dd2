import { INVITE_PERMISSION, VERIFY_PERMISSION } from './constants';

const can = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${action}`] } }],
});
const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };

/** Beta tests and internal verification (admin API). Reading follows the Content Manager's rules for the improvement record. The customer's page is the portal's `/after-sales/portal/beta/:token`. */
export default {
  admin: [
    { method: 'GET', path: '/improvements/:documentId/beta-tests', handler: 'beta-tests.list', config: authenticated },
    { method: 'POST', path: '/improvements/:documentId/beta-tests', handler: 'beta-tests.invite', config: can(INVITE_PERMISSION) },
    { method: 'GET', path: '/beta-tests/:id', handler: 'beta-tests.report', config: authenticated },
    { method: 'GET', path: '/improvements/:documentId/internal-verification', handler: 'beta-tests.verification', config: authenticated },
    { method: 'POST', path: '/improvements/:documentId/internal-verification', handler: 'beta-tests.verify', config: can(VERIFY_PERMISSION) },
  ],
};
