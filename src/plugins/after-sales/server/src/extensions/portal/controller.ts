import type { Core } from '@strapi/strapi';
import { portalApi } from './binding';
import { translate } from './i18n';
import { chooseLocale } from './locale';
import { createPortalRequest, type PortalRoute } from './page';
import { renderPage } from './render';
import { MESSAGE_VIEW } from './views/message';
import { PORTAL_ROUTES } from './routes';
import { portalTexts } from './texts';
import { statusOf, type RouteContext } from '../../extension-api';

/**
 * One controller action per portal route: the extension must be active (else a plain 404 page), the
 * client address is counted against the public API's rate limits (429 page with Retry-After), then
 * the page's handler runs. A refusal it throws becomes a page with its status; anything else is
 * logged without the request's address (it may carry a customer's key) and answered with a 500 page.
 */
const portalController = ({ strapi }: { strapi: Core.Strapi }) => {
  const serve = (route: PortalRoute) => async (ctx: RouteContext) => {
    const api = portalApi(strapi);
    if (!api) {
      const locale = chooseLocale({ lang: ctx.query?.lang, acceptLanguage: ctx.get('accept-language') });
      renderPage(ctx, {
        view: MESSAGE_VIEW,
        locale,
        title: translate(locale, 'error.unavailable.title'),
        status: 404,
        data: { textKey: 'error.unavailable.text' },
        branding: { companyName: strapi.config.get<string>('plugin::after-sales.companyName', 'After-sales'), logoUrl: '', primaryColor: '#1d4ed8', footerText: '', privacyNotice: '' },
        path: ctx.path,
      });
      return;
    }
    const page = createPortalRequest(strapi, api, ctx, await portalTexts(api));
    const limits = api.rateLimits.limits();
    const verdict = await api.rateLimits.hit(`portal:${route.limit}:ip:${api.rateLimits.clientKey(ctx)}`, route.limit === 'write' ? limits.intakePerIp : limits.trackPerIp);
    if (!verdict.allowed) {
      ctx.set('Retry-After', String(verdict.retryAfterSeconds));
      await page.render({ view: MESSAGE_VIEW, title: 'error.tooMany.title', status: 429, data: { textKey: 'error.tooMany.text', isError: true } });
      return;
    }
    try {
      await route.handle(page);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return page.notFound();
      if (status !== null && status < 500) {
        await page.render({ view: MESSAGE_VIEW, title: 'error.badRequest.title', status, data: { textKey: 'error.badRequest.text', isError: true } });
        return;
      }
      strapi.log.error(`[after-sales] portal page ${route.name} failed: ${(error as Error).message}`);
      await page.render({ view: MESSAGE_VIEW, title: 'error.server.title', status: 500, data: { textKey: 'error.server.text', isError: true } });
    }
  };
  return Object.fromEntries(PORTAL_ROUTES.map((route) => [route.name, serve(route)]));
};

export default portalController;
