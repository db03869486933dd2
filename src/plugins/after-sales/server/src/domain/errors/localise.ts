/**
 * Refusals in the admin user's language. Every refusal carries a code (see codes.ts); for a staff
 * member whose admin is in Chinese the server also writes the messages in Chinese, from the same
 * `error.<code>` texts the admin uses, so screens that show the server's message as it is (the
 * Content Manager's own toast and field errors) read Chinese too. API clients keep the English.
 */

export type Language = 'en' | 'zh-Hans';

/**
 * The language of an admin user: their profile's interface language when set, else the browser's
 * Accept-Language (the admin sends it with every request), else English.
 */
export const languageOf = (preferred: unknown, acceptLanguage: unknown): Language => {
  const pick = (tag: string): Language | null => (/^zh\b/i.test(tag) ? 'zh-Hans' : /^en\b/i.test(tag) ? 'en' : null);
  if (typeof preferred === 'string' && preferred) {
    const chosen = pick(preferred.trim());
    if (chosen) return chosen;
  }
  if (typeof acceptLanguage !== 'string') return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const chosen = pick(tag);
    if (chosen) return chosen;
  }
  return 'en';
};

/** `{name}` placeholders filled from `values` (the error texts use no plural or select forms). */
export const fill = (text: string, values: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined || values[name] === null ? whole : String(values[name])));

export interface Catalogue {
  /** The text of `error.<code>` in the user's language, or undefined. */
  error(code: string): string | undefined;
  /** The label of a field in the user's language, or undefined. */
  field(name: string): string | undefined;
  /** `{label}: {value}` in the user's language (`common.labelled`), else the English `label: value`. */
  labelled?(label: string, value: string): string;
}

type FieldError = { path?: unknown; message?: unknown; code?: unknown; values?: unknown };
type ErrorBody = { message?: unknown; details?: { code?: unknown; errors?: FieldError[]; current?: unknown } & Record<string, unknown> };

const fieldNameOf = (path: unknown): string => {
  const parts = Array.isArray(path) ? path : typeof path === 'string' ? path.split('.') : [];
  const named = [...parts].reverse().find((p) => typeof p === 'string' && p !== 'data');
  return String(named ?? parts[parts.length - 1] ?? '');
};

/**
 * Rewrites the messages of a Strapi-shaped error in the catalogue's language, in place: each field
 * error whose code the catalogue knows, and the whole message (the refusal's code, else one line
 * per field error, `满意度：必须是 1 到 5 之间的整数`). Codes and values are kept; what the
 * catalogue does not know stays as it was.
 */
export const localiseError = (error: ErrorBody | null | undefined, catalogue: Catalogue) => {
  if (!error || typeof error !== 'object') return;
  const details = error.details && typeof error.details === 'object' ? error.details : undefined;
  const list = Array.isArray(details?.errors) ? details!.errors : [];
  const lines: string[] = [];
  let allKnown = list.length > 0;
  for (const entry of list) {
    if (!entry || typeof entry !== 'object') continue;
    const text = typeof entry.code === 'string' ? catalogue.error(entry.code) : undefined;
    if (text) entry.message = fill(text, entry.values && typeof entry.values === 'object' ? (entry.values as Record<string, unknown>) : {});
    else allKnown = false;
    const name = fieldNameOf(entry.path);
    const label = catalogue.field(name) ?? name;
    const message = String(entry.message ?? '');
    lines.push(catalogue.labelled ? catalogue.labelled(label, message) : `${label}: ${message}`);
  }
  const code = typeof details?.code === 'string' ? details.code : undefined;
  const refusal = code ? catalogue.error(code) : undefined;
  if (refusal) {
    const current = details?.current && typeof details.current === 'object' ? (details.current as Record<string, unknown>) : {};
    const english = error.message;
    error.message = fill(refusal, { ...details, ...current });
    // The field error that repeats the refusal (shown beside the field) says the same.
    for (const entry of list) if (entry && typeof entry === 'object' && !entry.code && entry.message === english) entry.message = error.message;
  } else if (allKnown) {
    error.message = lines.join('; ');
  }
};
