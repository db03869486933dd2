import { normalizeEmail, normalizePhone } from '../normalize-contact';

describe('normalizePhone', () => {
  it.each([
    ['+86 138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['13800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['＋８６ １３８ ００１３ ８０００', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['(0086) 138 0013 8000', '+8613800138000'],
    ['+49 40 1234567', '+49401234567'],
    ['021-6888 8888', '+862168888888'],
    ['008613800138000', '+8613800138000'],
    ['400-820-8820', '+864008208820'],
    ['+1 650 253 0000', '+16502530000'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it('reads a number without a country code in the given region', () => {
    expect(normalizePhone('9123 4567', 'HK')).toEqual({ ok: true, value: '+85291234567' });
    expect(normalizePhone('9123 4567').ok).toBe(false);
    expect(normalizePhone('+86 138 0013 8000', 'HK')).toEqual({ ok: true, value: '+8613800138000' });
  });

  it('names what is wrong', () => {
    expect(normalizePhone('+86 12800138000')).toEqual({ ok: false, message: 'is not a valid mainland China phone number' });
    expect(normalizePhone('+49 40 12')).toEqual({ ok: false, message: 'is not a valid phone number for its country' });
    expect(normalizePhone('138x0013')).toEqual({ ok: false, message: 'may contain only digits, spaces, +, -, ( and )' });
  });

  it.each(['hello', '12345', '95588', '1380013800', '+86 12800138000', '138 0013 8000 ext 5', '1+3800138000', '+1234567890123456'])('rejects %s', (raw) => {
    expect(normalizePhone(raw).ok).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims, rejects the malformed', () => {
    expect(normalizeEmail('  Wang.Wei@Example.CN ')).toBe('wang.wei@example.cn');
    expect(normalizeEmail('no-at-sign')).toBeNull();
    expect(normalizeEmail('a@b')).toBeNull();
    expect(normalizeEmail('a b@c.cn')).toBeNull();
  });
});
