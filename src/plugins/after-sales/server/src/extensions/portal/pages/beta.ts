import type { PortalRequest, PortalRoute } from '../page';
import type { PortalLocale } from '../locale';
import { openInvitation } from './invitation';
import type { BetaInvitation } from '../../../extension-api';
import { CHOICES, MAX_COMMENT, parseBetaAnswers } from '../../../domain/improvement/beta-test';
import { BETA_DONE_VIEW, BETA_VIEW } from '../views/beta';

/**
 * The beta test of a fix (`/after-sales/portal/beta/:token`), the page a beta test's invitation links
 * to: the test's questions (yes / partly / no) with a comment each, in the customer's language
 * (`?lang=` still wins), a plain form (posted, then the thanks page). Recorded by the beta-tests
 * extension (`api.betaTests`): once (a second answer: the page says it was already answered, 409);
 * an expired link says the test has closed (410); an unknown token gets the one 404 page.
 */
const betaPath = (token: string, locale: PortalLocale, extra = '') => `/after-sales/portal/beta/${encodeURIComponent(token)}?lang=${locale}${extra}`;

const done = (page: PortalRequest, locale: PortalLocale, state: { status: number; title: string; textKey: string | null; justAnswered?: boolean }) =>
  page.render({
    view: BETA_DONE_VIEW,
    title: state.title,
    locale,
    status: state.status,
    data: { justAnswered: !!state.justAnswered, textKey: state.textKey, homeHref: `/after-sales/portal?lang=${locale}` },
  });

const used = (page: PortalRequest, locale: PortalLocale, status = 200) => done(page, locale, { status, title: 'beta.usedTitle', textKey: 'beta.used' });
const closed = (page: PortalRequest, locale: PortalLocale) => done(page, locale, { status: 410, title: 'beta.expiredTitle', textKey: 'beta.expired' });

/** The form's questions in the page's language, with what the customer chose and wrote (kept after a refusal). */
const questionsFor = (page: PortalRequest, invitation: BetaInvitation, locale: PortalLocale, form: Record<string, unknown> = {}, missing: Set<string> = new Set()) =>
  invitation.questions.map((q) => ({
    key: q.key,
    title: q.title[locale] || q.title['zh-Hans'],
    missing: missing.has(q.key),
    comment: typeof form[`comment_${q.key}`] === 'string' ? (form[`comment_${q.key}`] as string).slice(0, MAX_COMMENT) : '',
    choices: CHOICES[q.kind].map((value) => ({ value, label: page.t(`beta.choice.${value}`, {}, locale), checked: form[q.key] === value })),
  }));

export const betaRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/beta/:token',
    name: 'beta',
    limit: 'read',
    async handle(page) {
      const open = await openInvitation(page, (token) => page.api.betaTests.lookup(token), closed);
      if (!open) return;
      const { token, invitation, locale } = open;
      if (invitation.status === 'answered') {
        if (page.ctx.query?.answered !== '1') return used(page, locale);
        return done(page, locale, { status: 200, title: 'beta.thanksTitle', textKey: null, justAnswered: true });
      }
      await page.render({
        view: BETA_VIEW,
        title: 'beta.title',
        locale,
        data: { name: invitation.name, action: betaPath(token, locale), questions: questionsFor(page, invitation, locale), maxComment: MAX_COMMENT },
      });
    },
  },
  {
    method: 'POST',
    path: '/beta/:token',
    name: 'betaAnswer',
    limit: 'write',
    async handle(page) {
      const open = await openInvitation(page, (token) => page.api.betaTests.lookup(token), closed);
      if (!open) return;
      const { token, invitation, locale } = open;
      // A second answer is refused, said on the page.
      if (invitation.status === 'answered') return used(page, locale, 409);
      const form = (page.ctx.request.body ?? {}) as Record<string, unknown>;
      const refuse = (problems: { path: (string | number)[] }[]) => {
        const missing = new Set(problems.map((p) => String(p.path[0])).filter((key) => invitation.questions.some((q) => q.key === key)));
        return page.render({
          view: BETA_VIEW,
          title: 'beta.title',
          locale,
          status: 400,
          data: {
            name: invitation.name,
            action: betaPath(token, locale),
            questions: questionsFor(page, invitation, locale, form, missing),
            maxComment: MAX_COMMENT,
            errorKey: missing.size ? 'beta.answerAll' : 'beta.commentInvalid',
          },
        });
      };
      const parsed = parseBetaAnswers(invitation.questions, form);
      if (!parsed.ok) return refuse(parsed.problems);
      const result = await page.api.betaTests.answer(token, form);
      if (result.status === 409) return used(page, locale, 409);
      if (result.status === 404) return closed(page, locale);
      if (result.status === 400) return refuse(result.problems);
      page.ctx.status = 303;
      page.ctx.redirect(betaPath(token, locale, '&answered=1'));
    },
  },
];
