import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Which of a customer's contact details a message can go to. An SMS reaches mobile phones only
 * (a landline such as `010 6552 9988` cannot take one); the type comes from libphonenumber's full
 * metadata. A number whose type the metadata cannot tell (some countries) is tried.
 */
const NO_SMS = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOICEMAIL', 'UAN']);

export const canTakeSms = (phone: string): boolean => {
  const parsed = parsePhoneNumberFromString(phone.trim(), { defaultCountry: 'CN' });
  if (!parsed?.isValid()) return false;
  const type = parsed.getType();
  return !type || !NO_SMS.has(type);
};

export interface CustomerContact {
  email?: string | null;
  phone?: string | null;
  phoneNormalized?: string | null;
}

/** The customer's number an SMS goes to (E.164 when known), null without one; `landline`: a number was given, but it cannot take an SMS. */
export const smsAddressOf = (customer: CustomerContact | null): { address: string | null; landline: boolean } => {
  const phone = customer?.phoneNormalized?.trim() || customer?.phone?.trim() || null;
  if (!phone) return { address: null, landline: false };
  return canTakeSms(phone) ? { address: phone, landline: false } : { address: phone, landline: true };
};

/** The refusal of the SMS channel for a number that cannot take an SMS (as `chooseChannel` reports it). */
export const LANDLINE_REFUSAL = 'the customer’s number is a landline (SMS reaches mobile phones only)';

/**
 * Why no automatic message can reach the customer, for the staff member who has to phone them
 * instead (in their admin language): the contact details the customer gave decide the wording;
 * when they did give an address, no channel here can use it and the technical reason is appended.
 */
export const unreachableReason = (customer: CustomerContact | null, locale: 'zh-Hans' | 'en', technical: string): string => {
  const { address, landline } = smsAddressOf(customer);
  const email = customer?.email?.trim() || null;
  const zh = locale === 'zh-Hans';
  if (landline && !email) return zh ? '客户只留了固定电话（短信只能发到手机），没有电子邮箱' : 'the customer left only a landline number (SMS reaches mobile phones only) and no email address';
  if (!address && !email) return zh ? '客户没有留下手机号码或电子邮箱' : 'the customer left neither a mobile number nor an email address';
  return zh ? `客户的联系方式目前没有可用的发送渠道（${technical}）` : `no channel set up here can use the customer’s contact details (${technical})`;
};

const CHANNEL_NAMES: Record<string, { 'zh-Hans': string; en: string }> = {
  sms: { 'zh-Hans': '短信', en: 'SMS' },
  email: { 'zh-Hans': '电子邮件', en: 'email' },
};

/**
 * Why a message the customer could be sent never reached them, for the staff member who has to
 * phone instead: the channel refused it for good (or its retries ran out), or it was sent and the
 * delivery receipt says it never arrived; the provider's reason appended.
 */
export const undeliveredReason = (channel: string, outcome: 'failed' | 'undelivered', locale: 'zh-Hans' | 'en', technical: string): string => {
  const name = CHANNEL_NAMES[channel]?.[locale] ?? channel;
  if (locale === 'zh-Hans') return outcome === 'undelivered' ? `${name}已发出，但回执显示没有送达客户（${technical}）` : `${name}发送失败，没有其他渠道可用（${technical}）`;
  return outcome === 'undelivered'
    ? `the ${name} was sent, but its delivery receipt says it never reached the customer (${technical})`
    : `the ${name} could not be sent and no other channel is left (${technical})`;
};
