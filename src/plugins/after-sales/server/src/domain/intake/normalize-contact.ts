/**
 * Contact details in the shapes people type them: `+86 138 0013 8000`, `138-0013-8000`,
 * full-width digits `１３８００１３８０００`, `(0086) 13800138000`. Normalised to E.164-like
 * `+<country><number>`; a bare 11-digit mainland mobile number gets +86.
 */
const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

export const toHalfWidth = (value: string): string =>
  value.replace(/[\uff10-\uff19\uff0b\uff08\uff09\uff0d\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - FULL_WIDTH_OFFSET);
    return { '\uff0b': '+', '\uff08': '(', '\uff09': ')', '\uff0d': '-', '\u3000': ' ' }[ch] ?? ch;
  });

export type NormalizedPhone = { ok: true; value: string } | { ok: false; message: string };

export const normalizePhone = (raw: string): NormalizedPhone => {
  const value = toHalfWidth(raw).trim();
  if (!/^[+\d\s().-]+$/.test(value)) return { ok: false, message: 'may contain only digits, spaces, +, -, ( and )' };
  let digits = value.replace(/[\s().-]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.indexOf('+') > 0) return { ok: false, message: 'has a + in the wrong place' };
  if (!digits.startsWith('+')) {
    if (/^1[3-9]\d{9}$/.test(digits)) digits = `+86${digits}`;
    else if (/^0\d{9,11}$/.test(digits)) digits = `+86${digits.slice(1)}`;
    else return { ok: false, message: 'is not a recognisable phone number (add the country code, e.g. +86)' };
  }
  if (!/^\+\d{8,15}$/.test(digits)) return { ok: false, message: 'must have 8 to 15 digits after the country code' };
  if (digits.startsWith('+86') && /^\+861/.test(digits) && !/^\+861[3-9]\d{9}$/.test(digits)) {
    return { ok: false, message: 'is not a valid mainland China mobile number' };
  }
  return { ok: true, value: digits };
};

export const normalizeEmail = (raw: string): string | null => {
  const value = toHalfWidth(raw).trim().toLowerCase();
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(value) && value.length <= 254 ? value : null;
};
