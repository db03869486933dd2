import type { Core } from '@strapi/strapi';
import { portalHandle } from './binding';
import { captchaOf } from './captcha';
import { answer, HttpError, type RouteContext } from '../../extension-api';

/** `GET /api/after-sales/captcha/challenge`: a new proof-of-work challenge for the altcha widget (public, rate limited per address). */
const captchaController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async challenge(ctx: RouteContext) {
    await answer(ctx, async () => {
      const api = portalHandle.api();
      const address = api.rateLimits.clientKey(ctx);
      // A form needs one challenge, and another when it expires: the intake's own rate is plenty.
      const verdict = await api.rateLimits.hit(`captcha:ip:${address}`, api.rateLimits.limits().intakePerIp);
      if (!verdict.allowed) throw new HttpError(429, 'Too many requests; try again later', { retryAfterSeconds: verdict.retryAfterSeconds }, verdict.retryAfterSeconds);
      const challenge = await captchaOf(strapi).challenge();
      if (!challenge) throw new HttpError(503, 'The CAPTCHA has no key (AFTER_SALES_ALTCHA_HMAC_KEY)');
      // Every challenge is new: never stored by a browser or a proxy.
      ctx.set('Cache-Control', 'no-store');
      return { body: challenge };
    });
  },
});

export default captchaController;
