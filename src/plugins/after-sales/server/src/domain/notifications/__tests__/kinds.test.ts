import { checkPreferences, deliveryOf, emailTiming, languageOf, preferencesOf, DEFAULT_PREFERENCES, NOTIFICATION_KINDS } from '../kinds';
import { digestEmail, notificationEmail, notificationText } from '../texts';

describe('notification preferences', () => {
  it('start in the admin only and keep what the member saved', () => {
    expect(preferencesOf(null)).toEqual(DEFAULT_PREFERENCES);
    const saved = preferencesOf({ assigned: 'both', mentioned: 'off', bogus: 'email', 'customer-replied': 'loud' });
    expect(saved.assigned).toBe('both');
    expect(saved.mentioned).toBe('off');
    expect(saved['customer-replied']).toBe('admin');
    expect(Object.keys(saved)).not.toContain('bogus');
  });
  it('map a choice to where it is delivered', () => {
    const prefs = preferencesOf({ assigned: 'both', mentioned: 'email', 'about-to-breach': 'off' });
    expect(deliveryOf(prefs, 'assigned')).toEqual({ admin: true, email: true });
    expect(deliveryOf(prefs, 'mentioned')).toEqual({ admin: false, email: true });
    expect(deliveryOf(prefs, 'about-to-breach')).toEqual({ admin: false, email: false });
    expect(deliveryOf(prefs, 'new-in-department')).toEqual({ admin: true, email: false });
  });
  it('refuse unknown kinds and choices, naming the field', () => {
    expect(checkPreferences({ assigned: 'email' })).toEqual({ preferences: { assigned: 'email' } });
    expect(checkPreferences({ assigned: 'sms' })).toEqual({ field: 'preferences.assigned', message: expect.stringContaining('admin, email, both, off') });
    expect(checkPreferences({ nope: 'email' })).toEqual({ field: 'preferences.nope', message: expect.stringContaining('unknown') });
    expect(checkPreferences([])).toEqual({ field: 'preferences', message: expect.any(String) });
  });
});

describe('email timing and language', () => {
  it('sends at once up to the hourly limit, then batches', () => {
    expect(emailTiming(0, 3)).toBe('now');
    expect(emailTiming(2, 3)).toBe('now');
    expect(emailTiming(3, 3)).toBe('digest');
    expect(emailTiming(0, 0)).toBe('digest');
  });
  it("uses the member's admin language, Chinese by default", () => {
    expect(languageOf('en')).toBe('en');
    expect(languageOf('zh-Hans')).toBe('zh-Hans');
    expect(languageOf(null)).toBe('zh-Hans');
  });
});

describe('texts', () => {
  it('say what happened in either language', () => {
    expect(notificationText('assigned', { reference: 'FB-1', actor: '王芳' }, 'zh-Hans')).toBe('王芳 将工单 FB-1 分派给了您');
    expect(notificationText('assigned', { reference: 'FB-1', actor: 'Wang Fang' }, 'en')).toBe('FB-1 was assigned to you by Wang Fang');
    expect(notificationText('about-to-breach', { reference: 'FB-1', dueAt: '2026-03-02T02:00:00.000Z' }, 'zh-Hans')).toContain('10:00');
  });
  it('have a sentence for every kind in each language, naming the item, in that language', () => {
    const params = { reference: 'FB-20260302-0007', actor: 'Li', summary: 'noise', clock: 'resolveBy', dueAt: '2026-03-02T02:00:00.000Z' };
    for (const kind of NOTIFICATION_KINDS) {
      const zh = notificationText(kind, params, 'zh-Hans');
      const en = notificationText(kind, params, 'en');
      expect([kind, zh.includes(params.reference), en.includes(params.reference)]).toEqual([kind, true, true]);
      expect([kind, /[\u4e00-\u9fff]/.test(zh), /[\u4e00-\u9fff]/.test(en)]).toEqual([kind, true, false]);
    }
    const sentences = NOTIFICATION_KINDS.map((kind) => notificationText(kind, params, 'en'));
    expect(new Set(sentences).size).toBe(NOTIFICATION_KINDS.length);
  });
  it('put the link in the email and list every entry in a digest', () => {
    expect(notificationEmail('customer-replied', { reference: 'FB-2', summary: '屏幕闪烁' }, 'zh-Hans', 'http://x/FB-2').bodyText).toContain('http://x/FB-2');
    const digest = digestEmail(
      [
        { kind: 'assigned', params: { reference: 'A' }, link: 'l1' },
        { kind: 'mentioned', params: { reference: 'B', actor: 'Li' }, link: 'l2' },
      ],
      'en'
    );
    expect(digest.subject).toContain('2 notifications');
    expect(digest.bodyText).toContain('A was assigned to you');
    expect(digest.bodyText).toContain('l2');
  });
});
