import type { AfterSalesApiV1 } from '../../extension-api';
import type { PortalLocale } from './locale';

/** What the customer pages show of the company, in one language. */
export interface Branding {
  companyName: string;
  logoUrl: string;
  primaryColor: string;
  footerText: string;
  privacyNotice: string;
}

type PerLanguage = Partial<Record<PortalLocale, string>>;
const inLanguage = (value: unknown, locale: PortalLocale): string => {
  if (typeof value === 'string') return value;
  const texts = (value ?? {}) as PerLanguage;
  return (texts[locale] ?? '').trim();
};

/**
 * The branding the admin saved (Settings → After-sales → Customer portal, stored as the extension's
 * settings), for one language. An empty company name falls back to `AFTER_SALES_COMPANY_NAME`.
 */
export const brandingOf = async (api: AfterSalesApiV1, locale: PortalLocale, fallbackCompanyName: string): Promise<Branding> => {
  const get = <T>(key: string) => api.configuration.get<T>(key);
  const [companyName, logoUrl, primaryColor, footerText, privacyNotice] = await Promise.all([
    get<string>('companyName'),
    get<string>('logoUrl'),
    get<string>('primaryColor'),
    get<unknown>('footerText'),
    get<unknown>('privacyNotice'),
  ]);
  return {
    companyName: (companyName ?? '').trim() || fallbackCompanyName,
    logoUrl: (logoUrl ?? '').trim(),
    primaryColor: primaryColor || '#1d4ed8',
    footerText: inLanguage(footerText, locale),
    privacyNotice: inLanguage(privacyNotice, locale),
  };
};
