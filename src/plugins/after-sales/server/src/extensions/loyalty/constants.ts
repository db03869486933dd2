/** The loyalty extension's template, permission and link path. */
export const INVITATION_TEMPLATE = 'loyalty.nps-invitation';
export const LOYALTY_PERMISSION = 'loyalty.surveys';
export const CUSTOMER = 'api::customer.customer';
