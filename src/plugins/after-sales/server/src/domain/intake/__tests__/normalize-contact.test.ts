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
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['hello', '12345', '+86 12800138000', '138 0013 8000 ext 5', '1+3800138000', '+1234567890123456'])('rejects %s', (raw) => {
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
