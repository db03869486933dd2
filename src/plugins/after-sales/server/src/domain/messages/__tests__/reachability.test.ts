import { canTakeSms, smsAddressOf, undeliveredReason, unreachableReason } from '../reachability';

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
    expect(unreachableReason({ phoneNormalized: '+861065529988' }, 'zh-Hans', 'x')).toBe('客户只留了固定电话（短信只能发到手机），没有电子邮箱');
    expect(unreachableReason({ phoneNormalized: '+861065529988' }, 'en', 'x')).toContain('only a landline');
    expect(unreachableReason({}, 'en', 'x')).toBe('the customer left neither a mobile number nor an email address');
    expect(unreachableReason({ email: 'a@b.cn' }, 'en', 'email: not configured')).toContain('(email: not configured)');
  });
  it('says why a message that went out never reached the customer, in the staff member’s language', () => {
    expect(undeliveredReason('sms', 'undelivered', 'zh-Hans', 'not delivered: MOBILE_NOT_ON_SERVICE')).toBe('短信已发出，但回执显示没有送达客户（not delivered: MOBILE_NOT_ON_SERVICE）');
    expect(undeliveredReason('sms', 'failed', 'zh-Hans', 'x')).toBe('短信发送失败，没有其他渠道可用（x）');
    expect(undeliveredReason('email', 'failed', 'en', 'smtp 550')).toBe('the email could not be sent and no other channel is left (smtp 550)');
    expect(undeliveredReason('sms', 'undelivered', 'en', 'y')).toBe('the SMS was sent, but its delivery receipt says it never reached the customer (y)');
    expect(undeliveredReason('wecom', 'failed', 'en', 'z')).toBe('the wecom could not be sent and no other channel is left (z)');
  });
});
