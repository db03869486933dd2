/**
 * Quotations of an erased customer in other people's records (another customer's feedback, a
 * staff note, a message to someone else): how to find the candidate rows in SQL, and which of the
 * customer's identifiers must be left alone in a record that belongs to someone who shares them
 * (a namesake, a shared company or family phone). Pure functions, no Strapi.
 */
import { escapeHtml, nationalDigits, type PersonalData } from './scrub';

/** The identifiers that are text (the others are phones). */
export const TEXT_IDENTIFIERS = ['name', 'company', 'email', 'emailNormalized', 'wechat', 'address'] as const;

const fullWidthDigits = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character (`\`). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Lower-case LIKE patterns (escape character `\`) that every text quoting the person matches, to
 * be tried against `lower(column)`. A superset of what `scrubText` replaces, so that the database
 * narrows the rows and `scrubText` decides: each text identifier as written and HTML-escaped, and
 * for a phone its first three and last four national digits in order (`%138%8000%`), which every
 * usual way of writing it contains (contiguous, grouped with spaces or dashes, with a country
 * code; also in full-width digits). Identifiers shorter than two characters are not searched.
 */
export const quoteSearchPatterns = (person: PersonalData): string[] => {
  const patterns = new Set<string>();
  for (const field of TEXT_IDENTIFIERS) {
    const text = person[field]?.trim();
    if (!text || [...text].length < 2) continue;
    for (const shape of [text, escapeHtml(text)]) patterns.add(`%${escapeLike(shape.toLowerCase())}%`);
  }
  return [...patterns, ...phoneSearchPatterns(person)];
};

/** The LIKE patterns for the person's phones alone (see `quoteSearchPatterns`), e.g. to find who else has the same number. */
export const phoneSearchPatterns = (person: PersonalData): string[] => {
  const patterns = new Set<string>();
  for (const phone of [person.phone, person.phoneNormalized]) {
    const digits = phone ? nationalDigits(phone) : null;
    if (!digits) continue;
    const [head, tail] = [digits.slice(0, 3), digits.slice(-4)];
    patterns.add(`%${head}%${tail}%`);
    patterns.add(`%${fullWidthDigits(head)}%${fullWidthDigits(tail)}%`);
  }
  return [...patterns];
};

const sameText = (a: string | null | undefined, b: string | null | undefined) => !!a?.trim() && !!b?.trim() && a.trim().toLowerCase() === b.trim().toLowerCase();
const samePhone = (a: string | null | undefined, b: string | null | undefined) => {
  const [x, y] = [a ? nationalDigits(a) : null, b ? nationalDigits(b) : null];
  return !!x && x === y;
};

/**
 * The erased person's identifiers minus those the owner of a record shares: in a namesake's own
 * complaint, "王伟" is the namesake, not the erased customer, and stays.
 */
export const identifiersNotShared = (erased: PersonalData, owner: PersonalData | null): PersonalData => {
  if (!owner) return erased;
  const ownerTexts = TEXT_IDENTIFIERS.map((f) => owner[f]);
  const ownerPhones = [owner.phone, owner.phoneNormalized];
  const kept: PersonalData = {};
  for (const field of TEXT_IDENTIFIERS) {
    if (!ownerTexts.some((t) => sameText(erased[field], t))) kept[field] = erased[field];
  }
  for (const field of ['phone', 'phoneNormalized'] as const) {
    if (!ownerPhones.some((p) => samePhone(erased[field], p))) kept[field] = erased[field];
  }
  return kept;
};
