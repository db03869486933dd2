/**
 * Erasure by anonymisation: finds the places where free text quotes one customer's personal data
 * (name, company, phone in any of the shapes people write it, email, WeChat id, address) and
 * replaces them with the customer's pseudonym. Pure functions, no Strapi.
 */
import { toHalfWidth } from '../intake/normalize-contact';

export interface PersonalData {
  name?: string | null;
  company?: string | null;
  phone?: string | null;
  phoneNormalized?: string | null;
  email?: string | null;
  emailNormalized?: string | null;
  wechat?: string | null;
  address?: string | null;
}

/** A customer profile's personal data (the fields an erasure replaces and a scrub looks for). */
export const personalDataOf = (customer: PersonalData): PersonalData => ({
  name: customer.name,
  company: customer.company,
  phone: customer.phone,
  phoneNormalized: customer.phoneNormalized,
  email: customer.email,
  emailNormalized: customer.emailNormalized,
  wechat: customer.wechat,
  address: customer.address,
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The national significant digits of a phone (`+86 138 0013 8000` → `13800138000`). */
export const nationalDigits = (phone: string): string | null => {
  let digits = toHalfWidth(phone).replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 7 ? digits : null;
};

/**
 * A pattern for each identifier. Phones match with any separators between the digits and an
 * optional country code; texts match case-insensitively, and also in their HTML-escaped form.
 * Names shorter than two characters are not searched (they would match everywhere).
 */
export const identifierPatterns = (person: PersonalData): RegExp[] => {
  const patterns: RegExp[] = [];
  const texts = new Set<string>();
  for (const value of [person.email, person.emailNormalized, person.wechat, person.address, person.name, person.company]) {
    const text = value?.trim();
    if (!text || [...text].length < 2) continue;
    texts.add(text);
    texts.add(escapeHtml(text));
  }
  // Longest first, so that an address containing the name is replaced whole.
  for (const text of [...texts].sort((a, b) => b.length - a.length)) patterns.push(new RegExp(escapeRegExp(text), 'giu'));
  const phones = new Set([person.phone, person.phoneNormalized].map((p) => (p ? nationalDigits(p) : null)).filter((p): p is string => !!p));
  for (const digits of phones) {
    const spaced = digits.split('').map(escapeRegExp).join('[\\s.\\-()\\u3000]*');
    patterns.push(new RegExp(`(?:\\(?(?:\\+|00)\\s*\\d{1,3}\\)?[\\s.\\-]*)?${spaced}`, 'g'));
  }
  return patterns;
};

/** Replaces every quotation of the person's data in the text; returns the text unchanged when there is none. */
export const scrubText = (text: string | null | undefined, person: PersonalData, pseudonym: string): string | null => {
  if (text === null || text === undefined) return text ?? null;
  let result = String(text);
  for (const pattern of identifierPatterns(person)) result = result.replace(pattern, pseudonym);
  // Full-width digits: search the half-width copy and, if it quotes a phone, keep the scrubbed half-width text.
  const halfWidth = toHalfWidth(result);
  if (halfWidth !== result) {
    let scrubbed = halfWidth;
    for (const pattern of identifierPatterns(person)) scrubbed = scrubbed.replace(pattern, pseudonym);
    if (scrubbed !== halfWidth) result = scrubbed;
  }
  return result;
};

/** Whether the text quotes any of the person's data (e.g. to refuse a reason that names the customer). */
export const quotesPersonalData = (text: string | null | undefined, person: PersonalData): boolean => !!text && scrubText(text, person, '\u0000') !== text;
