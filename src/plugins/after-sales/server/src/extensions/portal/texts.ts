import type { AfterSalesApiV1 } from '../../extension-api';
import { checkTextOverrides, TEXT_LANGUAGES, type PortalTexts, type TextOverrideCheck } from '../../domain/portal/text-overrides';
import { MESSAGES } from './i18n';

const STORAGE_KEY = 'texts';
/** How long an instance keeps the texts it read (another instance's save shows within this time). */
const CACHE_MS = 5000;

const cache = new WeakMap<AfterSalesApiV1, { texts: PortalTexts; at: number }>();

/** The company's own texts for the customer pages (Settings → After-sales → Customer page texts). */
export const portalTexts = async (api: AfterSalesApiV1): Promise<PortalTexts> => {
  const hit = cache.get(api);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.texts;
  const texts = ((await api.storage.get<PortalTexts>(STORAGE_KEY)) ?? {}) as PortalTexts;
  cache.set(api, { texts, at: Date.now() });
  return texts;
};

/** Every text of the customer pages: its key, the built-in text per language, and the company's own where there is one. */
export const listTexts = async (api: AfterSalesApiV1) => {
  const overrides = await portalTexts(api);
  return Object.keys(MESSAGES.en)
    .sort()
    .map((key) => ({
      key,
      defaults: Object.fromEntries(TEXT_LANGUAGES.map((language) => [language, MESSAGES[language][key] ?? ''])),
      texts: Object.fromEntries(TEXT_LANGUAGES.filter((language) => overrides[language]?.[key]).map((language) => [language, overrides[language]![key]])),
    }));
};

/**
 * Replaces the company's texts with `input` (the complete set, per language), all or nothing, and
 * audits who changed which keys.
 */
export const saveTexts = async (api: AfterSalesApiV1, input: unknown, by: { kind: string; id: number | string | null; name: string }): Promise<TextOverrideCheck> => {
  const result = checkTextOverrides(MESSAGES, input);
  if (!result.ok) return result;
  const before = await api.storage.get<PortalTexts>(STORAGE_KEY);
  await api.storage.set(STORAGE_KEY, result.texts);
  cache.delete(api);
  const changed = TEXT_LANGUAGES.flatMap((language) => {
    const keys = new Set([...Object.keys(before?.[language] ?? {}), ...Object.keys(result.texts[language] ?? {})]);
    return [...keys].filter((key) => before?.[language]?.[key] !== result.texts[language]?.[key]).map((key) => `${language}.${key}`);
  });
  if (changed.length) await api.audit.append({ action: 'portal-texts-changed', actor: by, changedFields: changed });
  return result;
};
