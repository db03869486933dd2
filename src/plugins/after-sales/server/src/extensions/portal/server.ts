import controller from './controller';
import captcha from './captcha';
import captchaController from './captcha-controller';
import widget from './widget';
import { PORTAL_ROUTES } from './routes';

/**
 * What the portal extension adds to the plugin's server: one controller, its public routes under
 * `/after-sales/portal` (admin-side paths, `auth: false`); the feedback form's CAPTCHA (service and
 * its public challenge route under `/api/after-sales`) and the widget's allowed origins.
 */
export default {
  services: { 'portal-captcha': captcha, 'portal-widget': widget },
  controllers: { portal: controller, 'portal-captcha': captchaController },
  routes: {
    admin: PORTAL_ROUTES.map((route) => ({ method: route.method, path: `/portal${route.path}`, handler: `portal.${route.name}`, config: { auth: false } })),
    contentApi: [{ method: 'GET', path: '/captcha/challenge', handler: 'portal-captcha.challenge', config: { auth: false } }],
  },
};
