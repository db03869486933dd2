import { checkTextOverrides, placeholdersOf } from '../text-overrides';

const defaults = {
  'zh-Hans': { 'help.title': '帮助中心', 'track.state': '当前状态:{state}' },
  en: { 'help.title': 'Help center', 'track.state': 'Current state: {state}' },
};

describe('portal text overrides', () => {
  it('keeps the texts given, trimmed, and drops blank ones (the built-in text applies)', () => {
    expect(checkTextOverrides(defaults, { 'zh-Hans': { 'help.title': ' 服务中心 ', 'track.state': '  ' }, en: { 'track.state': 'Status: {state}' } })).toEqual({
      ok: true,
      texts: { 'zh-Hans': { 'help.title': '服务中心' }, en: { 'track.state': 'Status: {state}' } },
    });
  });

  it('names every refused text: unknown language or key, not a text, too long, a placeholder the page does not fill', () => {
    const result = checkTextOverrides(defaults, {
      fr: { 'help.title': 'Aide' },
      'zh-Hans': { 'help.nope': 'x', 'help.title': 3 },
      en: { 'help.title': 'x'.repeat(2001), 'track.state': 'State: {status}' },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: ['data', 'fr'], message: 'is not allowed' },
        { path: ['data', 'zh-Hans', 'help.nope'], message: 'is not allowed' },
        { path: ['data', 'zh-Hans', 'help.title'], message: 'must be a single text value' },
        { path: ['data', 'en', 'help.title'], message: 'must be a text of at most 2000 characters' },
        { path: ['data', 'en', 'track.state'], message: 'uses the unknown placeholder "status"' },
      ],
    });
  });

  it('may leave out a placeholder (a shorter text) and refuses a body that is not an object', () => {
    expect(checkTextOverrides(defaults, { en: { 'track.state': 'In progress' } }).ok).toBe(true);
    expect(checkTextOverrides(defaults, ['x']).ok).toBe(false);
    expect(checkTextOverrides(defaults, { en: 'x' }).ok).toBe(false);
  });

  it('lists placeholders once each', () => {
    expect(placeholdersOf('{a} and {b} and {a}')).toEqual(['a', 'b']);
  });
});
