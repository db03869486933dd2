import { chooseChannel } from '../channel-choice';

const ok = (address: string | null) => ({ address, usable: true, hasContent: true });

describe('chooseChannel', () => {
  it('takes the preferred channel when it can carry the message', () => {
    expect(chooseChannel('sms', ['email'], { sms: ok('+8613800138000'), email: ok('a@b.cn') })).toEqual({
      ok: true,
      channel: 'sms',
      recipient: '+8613800138000',
      requested: 'sms',
      fallbackReason: null,
    });
  });

  it('falls back in the configured order and says why', () => {
    const choice = chooseChannel('sms', ['sms', 'email'], { sms: { address: '+8613800138000', usable: false, hasContent: true }, email: ok('a@b.cn') });
    expect(choice).toEqual({ ok: true, channel: 'email', recipient: 'a@b.cn', requested: 'sms', fallbackReason: 'sms: not configured' });
  });

  it('skips a channel the customer has no address for, or no template for', () => {
    const choice = chooseChannel('email', ['email', 'wecom', 'sms'], { email: ok(null), wecom: { address: 'u1', usable: true, hasContent: false }, sms: ok('+8613800138000') });
    expect(choice).toMatchObject({ ok: true, channel: 'sms', fallbackReason: 'email: the customer has no address; wecom: no template for this channel' });
  });

  it('without a preference uses the fallback order', () => {
    expect(chooseChannel(null, ['sms', 'email'], { sms: ok(null), email: ok('a@b.cn') })).toMatchObject({ ok: true, channel: 'email', requested: null });
  });

  it('refuses with every reason when nothing can carry it', () => {
    expect(chooseChannel('fax', ['email'], { email: ok(null) })).toEqual({ ok: false, requested: 'fax', reason: 'fax: no such channel; email: the customer has no address' });
  });

  it('skips a channel whose provider refuses this message (no SMS template code), saying why', () => {
    const choice = chooseChannel('sms', ['sms', 'email'], { sms: { ...ok('+8613800138000'), refusal: 'no template code for "feedback.progress"' }, email: ok('a@b.cn') });
    expect(choice).toEqual({ ok: true, channel: 'email', recipient: 'a@b.cn', requested: 'sms', fallbackReason: 'sms: no template code for "feedback.progress"' });
  });
});
