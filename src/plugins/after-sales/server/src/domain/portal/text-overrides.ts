/**
 * The customer pages' texts as the company wrote them: per language, a text for any key of the
 * built-in catalogue (the portal's i18n files), with the same `{placeholders}` or fewer. What is not
 * overridden stays the built-in text.
 */
export const TEXT_LANGUAGES = ['zh-Hans', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
export type PortalTexts = Partial<Record<TextLanguage, Record<string, string>>>;

export const MAX_TEXT_LENGTH = 2000;

export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];

export type TextOverrideCheck = { ok: true; texts: PortalTexts } | { ok: false; errors: { path: string[]; message: string }[] };

/**
 * Checks a complete set of overrides against the built-in texts: only known languages and keys, text
 * values of at most 2,000 characters, no placeholder the built-in text does not fill. A blank text
 * means "no override" and is dropped.
 */
export const checkTextOverrides = (defaults: Record<TextLanguage, Record<string, string>>, input: unknown): TextOverrideCheck => {
  const errors: { path: string[]; message: string }[] = [];
  const texts: PortalTexts = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, errors: [{ path: ['data'], message: 'must be an object of texts per language' }] };
  for (const [language, entries] of Object.entries(input as Record<string, unknown>)) {
    if (!(TEXT_LANGUAGES as readonly string[]).includes(language)) {
      errors.push({ path: ['data', language], message: 'is not allowed' });
      continue;
    }
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) {
      errors.push({ path: ['data', language], message: 'must be an object of texts per language' });
      continue;
    }
    const catalogue = defaults[language as TextLanguage];
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const path = ['data', language, key];
      if (!Object.prototype.hasOwnProperty.call(catalogue, key)) {
        errors.push({ path, message: 'is not allowed' });
        continue;
      }
      if (typeof value !== 'string') {
        errors.push({ path, message: 'must be a single text value' });
        continue;
      }
      const text = value.trim();
      if (!text) continue;
      if (text.length > MAX_TEXT_LENGTH) {
        errors.push({ path, message: `must be a text of at most ${MAX_TEXT_LENGTH} characters` });
        continue;
      }
      const known = new Set(placeholdersOf(catalogue[key]));
      const unknown = placeholdersOf(text).find((name) => !known.has(name));
      if (unknown) {
        errors.push({ path, message: `uses the unknown placeholder "${unknown}"` });
        continue;
      }
      (texts[language as TextLanguage] ??= {})[key] = text;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, texts };
};
