import { LOYALTY_PERMISSION } from './constants';

const can = {
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [`plugin::after-sales.${LOYALTY_PERMISSION}`] } }],
};

/** Staff routes of the loyalty surveys (`/after-sales/loyalty/…`), with the `loyalty.surveys` permission. The customer's page is the portal's `/after-sales/portal/nps/:token`. */
export default {
  admin: [
    { method: 'GET', path: '/loyalty/campaigns', handler: 'loyalty.campaigns', config: can },
    { method: 'POST', path: '/loyalty/campaigns', handler: 'loyalty.send', config: can },
    { method: 'GET', path: '/loyalty/results', handler: 'loyalty.results', config: can },
  ],
};
