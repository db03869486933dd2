/**
 * The language of a customer page: the link's `?lang=`, else the customer's own locale when the page
 * belongs to a case or a survey, else the browser's `Accept-Language`, else Chinese. Pure.
 */
export const PORTAL_LOCALES = ['zh-Hans', 'en'] as const;
export type PortalLocale = (typeof PORTAL_LOCALES)[number];
export const DEFAULT_LOCALE: PortalLocale = 'zh-Hans';

/** A language tag as a portal locale (`en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans-CN`… any case), or null. */
export const parseLocale = (value: unknown): PortalLocale | null => {
  if (typeof value !== 'string') return null;
  const tag = value.trim().toLowerCase();
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-Hans';
  return null;
};

/** The best of our locales an `Accept-Language` header asks for (highest q first, ties in order), or null. */
export const fromAcceptLanguage = (header: unknown): PortalLocale | null => {
  if (typeof header !== 'string' || !header) return null;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { locale: parseLocale(tag), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.locale && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.locale ?? null;
};

export const chooseLocale = (input: { lang?: unknown; customerLocale?: unknown; acceptLanguage?: unknown }): PortalLocale =>
  parseLocale(input.lang) ?? parseLocale(input.customerLocale) ?? fromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
