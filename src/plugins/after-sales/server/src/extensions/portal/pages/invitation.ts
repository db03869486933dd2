import type { PortalRequest } from '../page';
import type { PortalLocale } from '../locale';

/** The token of a customer's link (`/…/:token`); null when absent or longer than any link we send. */
export const linkToken = (page: PortalRequest) => {
  const token = (page.ctx.params ?? {}).token;
  return typeof token === 'string' && token.length > 0 && token.length <= 200 ? token : null;
};

/**
 * The invitation a customer's link names (an NPS survey, a beta test…), with its page language; null
 * once the page has answered: an unknown link gets the one 404 page, an expired one `expired`'s page.
 */
export const openInvitation = async <I extends { locale?: unknown; status: string }>(
  page: PortalRequest,
  lookup: (token: string) => Promise<I | null>,
  expired: (page: PortalRequest, locale: PortalLocale) => Promise<void>
): Promise<{ token: string; invitation: I; locale: PortalLocale } | null> => {
  const token = linkToken(page);
  const invitation = token ? await lookup(token) : null;
  if (!token || !invitation) {
    await page.notFound();
    return null;
  }
  const locale = page.localeFor(invitation.locale);
  if (invitation.status === 'expired') {
    await expired(page, locale);
    return null;
  }
  return { token, invitation, locale };
};
