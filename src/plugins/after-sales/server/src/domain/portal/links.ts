/**
 * The addresses of the customer pages (the `portal` extension serves them; customer messages link to
 * them). Pure: the server's public URL is passed in.
 */
export const PORTAL_BASE = '/after-sales/portal';

const trim = (url: string) => url.replace(/\/+$/, '');

/** The tracking page of a case: reference and key in the path (`/after-sales/portal/track/FB-20261122-0001/<key>`). */
export const trackingLink = (publicUrl: string, reference: string, token: string) => `${trim(publicUrl)}${PORTAL_BASE}/track/${encodeURIComponent(reference)}/${encodeURIComponent(token)}`;

/** The survey page of an invitation. */
export const surveyLink = (publicUrl: string, token: string) => `${trim(publicUrl)}${PORTAL_BASE}/survey/${encodeURIComponent(token)}`;

/** The loyalty (NPS) survey page of an invitation. */
export const npsLink = (publicUrl: string, token: string) => `${trim(publicUrl)}${PORTAL_BASE}/nps/${encodeURIComponent(token)}`;

/** The beta test page of an invitation (a fix's customer verification). */
export const betaLink = (publicUrl: string, token: string) => `${trim(publicUrl)}${PORTAL_BASE}/beta/${encodeURIComponent(token)}`;

/**
 * A configured link template (`AFTER_SALES_SURVEY_URL`, `AFTER_SALES_TRACKING_URL`) filled in:
 * `{token}` and `{reference}` replaced (URL-encoded); empty template: null (use the portal's page).
 */
export const fillLinkTemplate = (template: string, values: { token: string; reference?: string | null }): string | null =>
  template ? template.replace(/\{token\}/g, encodeURIComponent(values.token)).replace(/\{reference\}/g, encodeURIComponent(values.reference ?? '')) : null;

/**
 * A log line with the keys of customer links replaced by `[key]`: portal tracking and survey pages,
 * the survey API and `token=` in a query. Keys are bearer secrets; logs are read by more people
 * than the customer's case.
 */
export const redactLinkKeys = (line: string): string =>
  line
    .replace(/(\/after-sales\/portal\/track\/[^/\s?#]+\/)[^/\s?#]+/g, '$1[key]')
    .replace(/(\/after-sales\/portal\/survey\/)[^/\s?#]+/g, '$1[key]')
    .replace(/(\/after-sales\/portal\/nps\/)[^/\s?#]+/g, '$1[key]')
    .replace(/(\/after-sales\/portal\/beta\/)[^/\s?#]+/g, '$1[key]')
    .replace(/(\/api\/after-sales\/surveys\/)[^/\s?#]+/g, '$1[key]')
    .replace(/([?&]token=)[^&\s#]+/g, '$1[key]');
