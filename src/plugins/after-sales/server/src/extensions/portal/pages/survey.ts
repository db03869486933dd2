import type { SurveyInvitation } from '../../../extension-api';
import type { PortalRequest, PortalRoute } from '../page';
import { MESSAGES } from '../i18n';
import type { PortalLocale } from '../locale';
import { linkToken } from './invitation';
import { SURVEY_DONE_VIEW, SURVEY_VIEW } from '../views/survey';

/**
 * The satisfaction survey (`/after-sales/portal/survey/:token`), the page the invitation links to:
 * 1–5 with labels and an optional comment, in the customer's language (the invitation's locale;
 * `?lang=` still wins), a plain form (posted, then the answer's page). The answer is recorded by the
 * messages extension's survey logic (`api.surveys`): once; under 4 the case is reopened, and the
 * page says so and who will contact the customer. A used or expired link is said kindly, with the
 * way to the case's tracking page. An unknown token gets the one 404 page.
 */
const MAX_COMMENT = 2000;
const SCORES = [1, 2, 3, 4, 5] as const;
const encode = encodeURIComponent;

/** A text by a key made at run time (a score, a team): the company's own wording where it wrote one; undefined when there is no such key. */
const text = (page: PortalRequest, locale: PortalLocale, key: string): string | undefined => (MESSAGES[locale][key] === undefined ? undefined : page.t(key, {}, locale));

const surveyPath = (token: string, locale: PortalLocale, extra = '') => `/after-sales/portal/survey/${encode(token)}?lang=${locale}${extra}`;

/** The case's tracking page (with its link key), for the way on from the survey. */
const trackHref = (page: PortalRequest, invitation: SurveyInvitation, locale: PortalLocale) =>
  invitation.reference ? `/after-sales/portal/track/${encode(invitation.reference)}/${encode(page.api.tracking.linkKey(invitation.contentType, invitation.documentId))}?lang=${locale}` : null;

/** Who will contact the customer about a reopened case: the case's department in the customer's words. */
const teamOf = async (page: PortalRequest, invitation: SurveyInvitation, locale: PortalLocale) => {
  const record = await page.api.records.find(invitation.contentType, invitation.documentId, { department: { select: ['code', 'name'] } });
  const department = record?.department as { code?: string; name?: string } | null | undefined;
  return (department?.code && text(page, locale, `survey.team.${department.code}`)) || department?.name || text(page, locale, 'survey.team.default');
};

const question = (page: PortalRequest, token: string, invitation: SurveyInvitation, locale: PortalLocale, extra: { status?: number; errorKey?: string; score?: string; comment?: string } = {}) =>
  page.render({
    view: SURVEY_VIEW,
    title: 'survey.title',
    locale,
    status: extra.status,
    data: {
      reference: invitation.reference,
      action: surveyPath(token, locale),
      scores: SCORES.map((value) => ({ value, label: text(page, locale, `survey.score.${value}`), checked: extra.score === String(value) })),
      maxComment: MAX_COMMENT,
      comment: extra.comment ?? '',
      errorKey: extra.errorKey,
    },
  });

export const surveyRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/survey/:token',
    name: 'survey',
    limit: 'read',
    async handle(page) {
      const token = linkToken(page);
      const invitation = token ? await page.api.surveys.lookup(token) : null;
      if (!token || !invitation) return page.notFound();
      const locale = page.localeFor(invitation.locale);
      if (invitation.status === 'open') return question(page, token, invitation, locale);
      const justAnswered = invitation.status === 'answered' && page.ctx.query?.answered === '1';
      const reopened = invitation.status === 'answered' && invitation.score !== null && invitation.score < 4;
      await page.render({
        view: SURVEY_DONE_VIEW,
        title: invitation.status === 'expired' ? 'survey.expiredTitle' : justAnswered ? 'survey.thanksTitle' : 'survey.usedTitle',
        locale,
        status: invitation.status === 'expired' ? 410 : 200,
        data: {
          reference: invitation.reference,
          justAnswered,
          textKey: invitation.status === 'expired' ? 'survey.expired' : justAnswered ? null : 'survey.used',
          reopened,
          team: reopened ? await teamOf(page, invitation, locale) : null,
          trackHref: trackHref(page, invitation, locale),
        },
      });
    },
  },
  {
    method: 'POST',
    path: '/survey/:token',
    name: 'surveyAnswer',
    limit: 'write',
    async handle(page) {
      const token = linkToken(page);
      const invitation = token ? await page.api.surveys.lookup(token) : null;
      if (!token || !invitation) return page.notFound();
      const locale = page.localeFor(invitation.locale);
      const back = (extra = '') => {
        page.ctx.status = 303;
        page.ctx.redirect(surveyPath(token, locale, extra));
      };
      // Used or expired meanwhile: the survey's page says so.
      if (invitation.status !== 'open') return back();
      const body = (page.ctx.request.body ?? {}) as Record<string, unknown>;
      const score = typeof body.score === 'string' && /^[1-5]$/.test(body.score) ? Number(body.score) : null;
      const raw = body.comment === undefined ? '' : body.comment;
      const comment = typeof raw === 'string' && raw.length <= MAX_COMMENT && !raw.includes('\u0000') ? raw.replace(/\r\n/g, '\n').trim() : null;
      if (score === null || comment === null) {
        return question(page, token, invitation, locale, {
          status: 400,
          errorKey: score === null ? 'survey.chooseScore' : 'survey.commentInvalid',
          score: typeof body.score === 'string' ? body.score : undefined,
          comment: typeof raw === 'string' ? raw.slice(0, MAX_COMMENT) : '',
        });
      }
      const result = await page.api.surveys.answer(token, { score, comment: comment || null });
      return back(result.status === 200 ? '&answered=1' : '');
    },
  },
];
