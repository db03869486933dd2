/**
 * Masking of customer contact data for staff who do not need the full value: the phone keeps its
 * first three and last four digits (`138****8000`), the email its first character and domain
 * (`w***@example.cn`). Pure functions, no Strapi.
 */
import { toHalfWidth } from '../intake/normalize-contact';

const MASK = '****';

/** `+86 138 0013 8000` → `138****8000`; short numbers keep only their last two digits. */
export const maskPhone = (phone: string | null | undefined): string | null => {
  if (phone === null || phone === undefined || phone === '') return phone ?? null;
  let digits = toHalfWidth(String(phone)).replace(/\D/g, '');
  // The mainland country code is not part of what staff read out.
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  if (digits.length >= 9) return `${digits.slice(0, 3)}${MASK}${digits.slice(-4)}`;
  if (digits.length >= 3) return `${MASK}${digits.slice(-2)}`;
  return MASK;
};

/** `wang.wei@example.cn` → `w***@example.cn`; a value without `@` is masked whole. */
export const maskEmail = (email: string | null | undefined): string | null => {
  if (email === null || email === undefined || email === '') return email ?? null;
  const text = String(email);
  const at = text.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${text[0]}***${text.slice(at)}`;
};

/** Any other contact text (WeChat id, address): the first `keep` characters, then `***`. */
export const maskText = (value: string | null | undefined, keep = 1): string | null => {
  if (value === null || value === undefined || value === '') return value ?? null;
  return `${[...String(value)].slice(0, keep).join('')}***`;
};

/** Masks by field name: phone, email, WeChat id, address. */
export const CONTACT_MASKS: Record<string, (value: string | null | undefined) => string | null> = {
  phone: maskPhone,
  email: maskEmail,
  wechat: (v) => maskText(v, 1),
  address: (v) => maskText(v, 3),
};

/** A value this module produced (so that a masked value sent back is never stored). */
export const isMasked = (value: unknown): boolean => typeof value === 'string' && value.includes('***');

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Mainland mobiles (optionally +86), numbers written with a + country code, and landlines with an area code. */
const PHONE_IN_TEXT = new RegExp(
  [String.raw`(?:(?:\+|00)\s*86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}`, String.raw`\+\d{1,3}[\s-]?\d(?:[\s-]?\d){6,13}`, String.raw`\(?0\d{2,3}\)?[\s-]?\d{7,8}`]
    .map((p) => `(?<![\\w+-])(?:${p})(?![\\w])`)
    .join('|'),
  'g'
);

/**
 * Masks every email address and phone-like number found in free text (notes, message bodies,
 * export keys). Dates and references (`2026-10-01`, `FB-20261122-0001`) are not phone numbers.
 */
export const maskContactsInText = (text: string | null | undefined): string | null => {
  if (text === null || text === undefined) return null;
  return toHalfWidth(String(text))
    .replace(EMAIL_IN_TEXT, (email) => maskEmail(email)!)
    .replace(PHONE_IN_TEXT, (phone) => maskPhone(phone)!);
};

/** Message history for staff: customers' addresses masked (staff notices keep theirs), contact data quoted in subject, body and error masked. */
export const maskMessages = <T extends { templateKey?: string; recipient?: string | null; subject?: string | null; bodyText?: string | null; lastError?: string | null }>(messages: T[]): T[] => {
  const maskRecipient = (m: T) => {
    if (!m.recipient || m.templateKey?.startsWith('staff.') || m.templateKey?.startsWith('escalation.')) return m.recipient ?? null;
    return m.recipient.includes('@') ? maskEmail(m.recipient) : maskPhone(m.recipient);
  };
  return messages.map((m) => ({
    ...m,
    recipient: maskRecipient(m),
    subject: maskContactsInText(m.subject),
    bodyText: maskContactsInText(m.bodyText),
    lastError: maskContactsInText(m.lastError),
  }));
};

/** Audit timeline for staff: contact data quoted in notes masked. */
export const maskTimeline = <T extends { note?: string | null }>(events: T[]): T[] => events.map((e) => ('note' in e ? { ...e, note: maskContactsInText(e.note) } : e));
