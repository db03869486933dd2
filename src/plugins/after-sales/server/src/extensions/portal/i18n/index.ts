import en from './en.json';
import zhHans from './zh-Hans.json';
import type { PortalLocale } from '../locale';
import type { PortalTexts } from '../../../domain/portal/text-overrides';

/** Every customer-visible string of the portal, per language (a test checks both have the same keys and placeholders). */
export const MESSAGES: Record<PortalLocale, Record<string, string>> = { en, 'zh-Hans': zhHans };

/**
 * The text of `key` in `locale` (the company's own text where it wrote one, else the built-in one)
 * with `{name}` placeholders filled in; an unknown key throws (a test reads every key the views and pages use).
 */
export const translate = (locale: PortalLocale, key: string, values: Record<string, unknown> = {}, texts?: PortalTexts): string => {
  const text = MESSAGES[locale]?.[key] === undefined ? undefined : (texts?.[locale]?.[key] ?? MESSAGES[locale][key]);
  if (text === undefined) throw new Error(`portal: no text "${key}" in ${locale}`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name] ?? '') : whole));
};
