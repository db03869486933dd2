import { CONTACT_MASKS, isMasked, maskContactsInText, maskEmail, maskPhone, maskText } from '../mask';

describe('maskPhone', () => {
  it.each([
    ['+86 138 0013 8000', '138****8000'],
    ['13800138000', '138****8000'],
    ['138-0013-8000', '138****8000'],
    ['+8613800138000', '138****8000'],
    ['0086 138 0013 8000', '138****8000'],
    ['１３８００１３８０００', '138****8000'],
    ['+44 20 7946 0958', '442****0958'],
    ['021-6234', '****34'],
    ['12', '****'],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('keeps empty values empty', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone('')).toBe('');
  });
});

describe('maskEmail', () => {
  it.each([
    ['wang.wei@example.cn', 'w***@example.cn'],
    ['w@example.cn', 'w***@example.cn'],
    ['Li.Na@Mail.Example.COM', 'L***@Mail.Example.COM'],
    ['not-an-email', '***'],
    ['@example.cn', '***'],
  ])('%s → %s', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it('keeps empty values empty', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail('')).toBe('');
  });
});

describe('isMasked', () => {
  it('recognises what the maskers produce and nothing else', () => {
    expect(isMasked(maskPhone('13800138000'))).toBe(true);
    expect(isMasked(maskEmail('wang@example.cn'))).toBe(true);
    expect(isMasked('13800138000')).toBe(false);
    expect(isMasked('wang@example.cn')).toBe(false);
    expect(isMasked(null)).toBe(false);
  });
});

describe('maskContactsInText', () => {
  it('masks emails and phone numbers quoted in free text', () => {
    expect(maskContactsInText('客户王伟 (wang.wei@example.cn, +86 138 0013 8000) 来电')).toBe('客户王伟 (w***@example.cn, 138****8000) 来电');
    expect(maskContactsInText('call back on 138-0013-8000 please')).toBe('call back on 138****8000 please');
  });

  it('leaves dates, references, small numbers and plain text alone', () => {
    const text = 'FB-20261122-0001 closed on 2026-10-01, 3 units, speed 20% under spec';
    expect(maskContactsInText(text)).toBe(text);
  });

  it('keeps null as null', () => {
    expect(maskContactsInText(null)).toBeNull();
  });
});

describe('maskText and CONTACT_MASKS', () => {
  it('keeps the first characters of a WeChat id or an address', () => {
    expect(maskText('wx_wang')).toBe('w***');
    expect(CONTACT_MASKS.address('上海市浦东新区')).toBe('上海市***');
    expect(CONTACT_MASKS.wechat(null)).toBeNull();
    expect(CONTACT_MASKS.phone('13800138000')).toBe('138****8000');
  });
});
