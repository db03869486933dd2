import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Contact details in the shapes people type them: `+86 138 0013 8000`, `138-0013-8000`,
 * full-width digits `１３８００１３８０００`, `(0086) 13800138000`. Normalised to E.164
 * `+<country><number>` with libphonenumber; a number without a country code is read in the
 * default region (mainland China unless configured otherwise).
 */
const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

export const toHalfWidth = (value: string): string =>
  value.replace(/[\uff10-\uff19\uff0b\uff08\uff09\uff0d\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - FULL_WIDTH_OFFSET);
    return { '\uff0b': '+', '\uff08': '(', '\uff09': ')', '\uff0d': '-', '\u3000': ' ' }[ch] ?? ch;
  });

export type NormalizedPhone = { ok: true; value: string } | { ok: false; message: string };

/** The region a number without a country code is read in (`AFTER_SALES_PHONE_REGION`). */
export const DEFAULT_PHONE_REGION: CountryCode = 'CN';

/** An ISO 3166-1 alpha-2 region libphonenumber knows (e.g. `CN`, `HK`, `DE`). */
export const isPhoneRegion = (value: string): value is CountryCode => isSupportedCountry(value);

/**
 * A phone number in E.164 (`+8613800138000`), parsed and validated by libphonenumber's full
 * metadata: numbers without a country code are read in `region`, `00` is the international prefix
 * (as dialled from China), and a number that no operator's plan allows (`+86 128…`) is refused.
 */
export const normalizePhone = (raw: string, region: CountryCode = DEFAULT_PHONE_REGION): NormalizedPhone => {
  const value = toHalfWidth(raw).trim();
  if (!/^[+\d\s().-]+$/.test(value)) return { ok: false, message: 'may contain only digits, spaces, +, -, ( and )' };
  let digits = value.replace(/[\s().-]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.indexOf('+') > 0) return { ok: false, message: 'has a + in the wrong place' };
  const parsed = parsePhoneNumberFromString(digits, { defaultCountry: region });
  if (!parsed) return { ok: false, message: 'is not a recognisable phone number (add the country code, e.g. +86)' };
  if (!parsed.isValid()) {
    return { ok: false, message: parsed.country === 'CN' || parsed.countryCallingCode === '86' ? 'is not a valid mainland China phone number' : 'is not a valid phone number for its country' };
  }
  return { ok: true, value: parsed.number };
};

export const normalizeEmail = (raw: string): string | null => {
  const value = toHalfWidth(raw).trim().toLowerCase();
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(value) && value.length <= 254 ? value : null;
};
