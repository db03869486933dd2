import { canTakeSms, smsAddressOf, unreachableReason } from '../reachability';

describe('reachability', () => {
  it('an SMS goes to mobiles, not to landlines', () => {
    expect(canTakeSms('+8613800138000')).toBe(true);
    expect(canTakeSms('138 0013 8000')).toBe(true);
    expect(canTakeSms('+861065529988')).toBe(false);
    expect(canTakeSms('021-6258 0000')).toBe(false);
    expect(canTakeSms('not a number')).toBe(false);
    expect(smsAddressOf({ phone: '010 6552 9988', phoneNormalized: '+861065529988' })).toEqual({ address: '+861065529988', landline: true });
    expect(smsAddressOf({ phone: '13800138000', phoneNormalized: '+8613800138000' })).toEqual({ address: '+8613800138000', landline: false });
    expect(smsAddressOf({ email: 'a@b.cn' })).toEqual({ address: null, landline: false });
  });
  it('says why nobody can be written to, in the staff member’s language', () => {
    expect(unreachableReason({ phoneNormalized: '+861065529988' }, 'zh-Hans', 'x')).toBe('客户只留了固定电话(短信只能发到手机),没有电子邮箱');
    expect(unreachableReason({ phoneNormalized: '+861065529988' }, 'en', 'x')).toContain('only a landline');
    expect(unreachableReason({}, 'en', 'x')).toBe('the customer left neither a mobile number nor an email address');
    expect(unreachableReason({ email: 'a@b.cn' }, 'en', 'email: not configured')).toContain('(email: not configured)');
  });
});
