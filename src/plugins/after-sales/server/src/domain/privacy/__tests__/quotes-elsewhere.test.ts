import { escapeLike, identifiersNotShared, quoteSearchPatterns } from '../quotes-elsewhere';
import { scrubText } from '../scrub';

const wang = {
  name: '王伟',
  company: null,
  phone: '+86 138 0013 8000',
  phoneNormalized: '+8613800138000',
  email: 'Wang.Wei@example.cn',
  emailNormalized: 'wang.wei@example.cn',
  wechat: 'wx_wang',
  address: null,
};

/** What SQL's `lower(column) LIKE pattern ESCAPE '\'` answers, for checking the patterns without a database. */
const like = (text: string, pattern: string) => {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(text.toLowerCase());
};
const found = (text: string) => quoteSearchPatterns(wang).some((p) => like(text, p));

describe('quoteSearchPatterns', () => {
  it('finds every text that scrubText would change', () => {
    const quoting = [
      '邻居王伟也买了',
      'write to WANG.WEI@example.cn',
      'wx_wang 加我',
      '电话 13800138000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '(0086) 138 0013 8000',
      '１３８００１３８０００',
      '&lt;b&gt;王伟&lt;/b&gt;',
    ];
    for (const text of quoting) {
      expect(scrubText(text, wang, 'P')).not.toBe(text);
      expect(found(text)).toBe(true);
    }
  });

  it('does not find texts that quote nothing of the person', () => {
    for (const text of ['李娜的扫地机不充电', '电话 13900139000', 'wxawang', '8000 元']) expect(found(text)).toBe(false);
  });

  it('escapes LIKE wildcards, so wx_wang does not match wxawang', () => {
    expect(escapeLike('wx_wang%\\')).toBe('wx\\_wang\\%\\\\');
    expect(quoteSearchPatterns(wang)).toContain('%wx\\_wang%');
  });

  it('searches no one-character identifier and nothing for an empty profile', () => {
    expect(quoteSearchPatterns({ name: '王' })).toEqual([]);
    expect(quoteSearchPatterns({})).toEqual([]);
  });
});

describe('identifiersNotShared', () => {
  it('keeps every identifier for a record without an owner or of an unrelated owner', () => {
    expect(identifiersNotShared(wang, null)).toBe(wang);
    expect(identifiersNotShared(wang, { name: '李娜', phone: '13900139000', email: 'li.na@example.cn' })).toEqual({
      name: '王伟',
      phone: wang.phone,
      phoneNormalized: wang.phoneNormalized,
      email: wang.email,
      emailNormalized: wang.emailNormalized,
      wechat: 'wx_wang',
      company: null,
      address: null,
    });
  });

  it("leaves a namesake's name, and a shared phone in any shape, alone", () => {
    const namesake = identifiersNotShared(wang, { name: ' 王伟 ', phone: '13700137000' });
    expect(namesake.name).toBeUndefined();
    expect(namesake.email).toBe(wang.email);
    expect(scrubText('王伟的手机 13800138000 坏了', namesake, 'P')).toBe('王伟的手机 P 坏了');
    const family = identifiersNotShared(wang, { name: '王芳', phone: '138-0013-8000', email: 'WANG.WEI@example.cn' });
    expect([family.phone, family.phoneNormalized, family.email, family.emailNormalized]).toEqual([undefined, undefined, undefined, undefined]);
    expect(family.name).toBe('王伟');
  });
});
