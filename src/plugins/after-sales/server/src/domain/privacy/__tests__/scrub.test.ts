import { identifierPatterns, quotesPersonalData, scrubText } from '../scrub';

const person = {
  name: '王伟',
  company: 'Acme Trading',
  phone: '+86 138 0013 8000',
  phoneNormalized: '+8613800138000',
  email: 'Wang.Wei@example.cn',
  emailNormalized: 'wang.wei@example.cn',
  wechat: 'wx_wang',
  address: '上海市浦东新区王伟路 1 号',
};
const P = 'Customer-abc';

describe('scrubText', () => {
  it('replaces the name, email (any case), WeChat id and address with the pseudonym', () => {
    expect(scrubText('尊敬的王伟:您的问题已解决。', person, P)).toBe(`尊敬的${P}:您的问题已解决。`);
    expect(scrubText('reply to WANG.WEI@EXAMPLE.CN or wx_wang', person, P)).toBe(`reply to ${P} or ${P}`);
    expect(scrubText('送货到上海市浦东新区王伟路 1 号', person, P)).toBe(`送货到${P}`);
    expect(scrubText('Acme Trading called', person, P)).toBe(`${P} called`);
  });

  it('finds the phone in every shape people write it', () => {
    for (const shape of ['+86 138 0013 8000', '13800138000', '138-0013-8000', '+8613800138000', '(0086) 138 0013 8000', '138 0013 8000', '１３８００１３８０００']) {
      expect(scrubText(`电话 ${shape} 联系`, person, P)).toBe(`电话 ${P} 联系`);
    }
  });

  it('finds HTML-escaped quotations', () => {
    const english = { name: "Mary O'Brien", email: 'mary@example.com' };
    expect(scrubText('<p>Dear Mary O&#39;Brien,</p>', english, P)).toBe(`<p>Dear ${P},</p>`);
  });

  it('leaves text that quotes nothing unchanged, and null as null', () => {
    expect(scrubText('风扇轴承磨损', person, P)).toBe('风扇轴承磨损');
    expect(scrubText(null, person, P)).toBeNull();
  });

  it('does not search one-character names', () => {
    expect(identifierPatterns({ name: '王' })).toHaveLength(0);
    expect(scrubText('王先生', { name: '王' }, P)).toBe('王先生');
  });
});

describe('quotesPersonalData', () => {
  it('tells whether a text quotes the person', () => {
    expect(quotesPersonalData('customer 王伟 asked for it', person)).toBe(true);
    expect(quotesPersonalData('called 13800138000', person)).toBe(true);
    expect(quotesPersonalData('customer asked for a copy of their data', person)).toBe(false);
    expect(quotesPersonalData(null, person)).toBe(false);
  });
});
