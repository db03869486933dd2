import controller from './controller';
import captcha from './captcha';
import captchaController from './captcha-controller';
import widget from './widget';
import { assetsController } from './assets';
import { PORTAL_ROUTES } from './routes';

/**
 * What the portal extension adds to the plugin's server: one controller, its public routes under
 * `/after-sales/portal` (admin-side paths, `auth: false`); the feedback form's CAPTCHA (service and
 * its public challenge route under `/api/after-sales`), the widget's allowed origins, and the static
 * files of the pages and of the embeddable widget (assets.ts).
 */
export default {
  services: { 'portal-captcha': captcha, 'portal-widget': widget },
  controllers: { portal: controller, 'portal-captcha': captchaController, 'portal-assets': assetsController },
  routes: {
    admin: [
      // Static files (the altcha widget, the portal's scripts) and the embeddable widget's script: not rate limited, cached.
      { method: 'GET', path: '/portal/assets/:name', handler: 'portal-assets.serve', config: { auth: false } },
      { method: 'GET', path: '/portal/widget.js', handler: 'portal-assets.widget', config: { auth: false } },
      ...PORTAL_ROUTES.map((route) => ({ method: route.method, path: `/portal${route.path}`, handler: `portal.${route.name}`, config: { auth: false } })),
    ],
    contentApi: [{ method: 'GET', path: '/captcha/challenge', handler: 'portal-captcha.challenge', config: { auth: false } }],
  },
};
