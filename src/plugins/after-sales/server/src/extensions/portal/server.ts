import controller from './controller';
import captcha from './captcha';
import captchaController from './captcha-controller';
import widget from './widget';
import { assetsController } from './assets';
import textsController from './texts-controller';
import { PORTAL_ROUTES } from './routes';

const TEMPLATE_EDITORS = {
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: ['plugin::after-sales.messages.templates'] } }],
};

/**
 * What the portal extension adds to the plugin's server: one controller, its public routes under
 * `/after-sales/portal` (admin-side paths, `auth: false`); the feedback form's CAPTCHA (service and
 * its public challenge route under `/api/after-sales`), the widget's allowed origins, and the static
 * files of the pages and of the embeddable widget (assets.ts).
 */
export default {
  services: { 'portal-captcha': captcha, 'portal-widget': widget },
  controllers: { portal: controller, 'portal-captcha': captchaController, 'portal-assets': assetsController, 'portal-texts': textsController },
  routes: {
    admin: [
      // Static files (the altcha widget, the portal's scripts) and the embeddable widget's script: not rate limited, cached.
      { method: 'GET', path: '/portal/assets/:name', handler: 'portal-assets.serve', config: { auth: false } as object },
      { method: 'GET', path: '/portal/widget.js', handler: 'portal-assets.widget', config: { auth: false } },
      ...PORTAL_ROUTES.map((route) => ({ method: route.method, path: `/portal${route.path}`, handler: `portal.${route.name}`, config: { auth: false } })),
      // The customer pages' texts, edited by those who edit the message templates.
      { method: 'GET', path: '/portal-texts', handler: 'portal-texts.list', config: TEMPLATE_EDITORS },
      { method: 'PUT', path: '/portal-texts', handler: 'portal-texts.save', config: TEMPLATE_EDITORS },
    ],
    contentApi: [{ method: 'GET', path: '/captcha/challenge', handler: 'portal-captcha.challenge', config: { auth: false } }],
  },
};
