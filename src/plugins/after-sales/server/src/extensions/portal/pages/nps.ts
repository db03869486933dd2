import type { PortalRequest, PortalRoute } from '../page';
import type { PortalLocale } from '../locale';
import { openInvitation } from './invitation';
import { NPS_DONE_VIEW, NPS_VIEW } from '../views/nps';

/**
 * The loyalty survey (`/after-sales/portal/nps/:token`), the page a campaign's invitation links to:
 * 0–10 and an optional comment, in the customer's language (`?lang=` still wins), a plain form
 * (posted, then the answer's page). Recorded by the loyalty extension (`api.loyaltySurveys`): once
 * (a second answer is refused: the page says it was already answered, 409); a low score opens a
 * care call, and the page says someone will call. An unknown token gets the one 404 page.
 */
const MAX_COMMENT = 2000;
const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

const npsPath = (token: string, locale: PortalLocale, extra = '') => `/after-sales/portal/nps/${encodeURIComponent(token)}?lang=${locale}${extra}`;

const done = (page: PortalRequest, locale: PortalLocale, state: { status: number; title: string; textKey: string | null; justAnswered?: boolean; followUp?: boolean }) =>
  page.render({
    view: NPS_DONE_VIEW,
    title: state.title,
    locale,
    status: state.status,
    data: { justAnswered: !!state.justAnswered, followUp: !!state.followUp, textKey: state.textKey, homeHref: `/after-sales/portal?lang=${locale}` },
  });

const used = (page: PortalRequest, locale: PortalLocale, status = 200) => done(page, locale, { status, title: 'nps.usedTitle', textKey: 'nps.used' });
const closed = (page: PortalRequest, locale: PortalLocale) => done(page, locale, { status: 410, title: 'nps.expiredTitle', textKey: 'nps.expired' });

export const npsRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/nps/:token',
    name: 'nps',
    limit: 'read',
    async handle(page) {
      const open = await openInvitation(page, (token) => page.api.loyaltySurveys.lookup(token), closed);
      if (!open) return;
      const { token, invitation, locale } = open;
      if (invitation.status === 'answered') {
        if (page.ctx.query?.answered !== '1') return used(page, locale);
        return done(page, locale, { status: 200, title: 'nps.thanksTitle', textKey: null, justAnswered: true, followUp: page.ctx.query?.followUp === '1' });
      }
      await page.render({
        view: NPS_VIEW,
        title: 'nps.title',
        locale,
        data: { campaign: invitation.campaign, action: npsPath(token, locale), scores: SCORES.map((value) => ({ value, checked: false })), maxComment: MAX_COMMENT, comment: '' },
      });
    },
  },
  {
    method: 'POST',
    path: '/nps/:token',
    name: 'npsAnswer',
    limit: 'write',
    async handle(page) {
      const open = await openInvitation(page, (token) => page.api.loyaltySurveys.lookup(token), closed);
      if (!open) return;
      const { token, invitation, locale } = open;
      // A second answer is refused, said on the page.
      if (invitation.status === 'answered') return used(page, locale, 409);
      const body = (page.ctx.request.body ?? {}) as Record<string, unknown>;
      const score = typeof body.score === 'string' && /^(10|[0-9])$/.test(body.score) ? Number(body.score) : null;
      const raw = body.comment === undefined ? '' : body.comment;
      const comment = typeof raw === 'string' && raw.length <= MAX_COMMENT && !raw.includes('\u0000') ? raw.replace(/\r\n/g, '\n').trim() : null;
      if (score === null || comment === null) {
        return page.render({
          view: NPS_VIEW,
          title: 'nps.title',
          locale,
          status: 400,
          data: {
            campaign: invitation.campaign,
            action: npsPath(token, locale),
            scores: SCORES.map((value) => ({ value, checked: body.score === String(value) })),
            maxComment: MAX_COMMENT,
            comment: typeof raw === 'string' ? raw.slice(0, MAX_COMMENT) : '',
            errorKey: score === null ? 'nps.chooseScore' : 'nps.commentInvalid',
          },
        });
      }
      const result = await page.api.loyaltySurveys.answer(token, { score, comment: comment || null });
      if (result.status === 409) return used(page, locale, 409);
      if (result.status === 404) return closed(page, locale);
      page.ctx.status = 303;
      page.ctx.redirect(npsPath(token, locale, `&answered=1${result.status === 200 && result.followUp ? '&followUp=1' : ''}`));
    },
  },
];
