import { chooseLocale, fromAcceptLanguage, parseLocale } from '../locale';

describe('portal locale', () => {
  it('reads language tags as zh-Hans or en', () => {
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('EN-gb')).toBe('en');
    expect(parseLocale('zh-CN')).toBe('zh-Hans');
    expect(parseLocale('zh-Hans')).toBe('zh-Hans');
    expect(parseLocale('fr')).toBeNull();
    expect(parseLocale(['en'])).toBeNull();
  });

  it('takes the highest-weighted language of Accept-Language that we speak', () => {
    expect(fromAcceptLanguage('fr-FR,fr;q=0.9,en;q=0.8,zh-CN;q=0.7')).toBe('en');
    expect(fromAcceptLanguage('en;q=0.5, zh-CN')).toBe('zh-Hans');
    expect(fromAcceptLanguage('de, fr')).toBeNull();
    expect(fromAcceptLanguage('en;q=0')).toBeNull();
  });

  it('prefers the link, then the customer, then the browser, then Chinese', () => {
    expect(chooseLocale({ lang: 'en', customerLocale: 'zh-Hans', acceptLanguage: 'zh' })).toBe('en');
    expect(chooseLocale({ lang: 'xx', customerLocale: 'en', acceptLanguage: 'zh' })).toBe('en');
    expect(chooseLocale({ customerLocale: null, acceptLanguage: 'en-US,en;q=0.9' })).toBe('en');
    expect(chooseLocale({})).toBe('zh-Hans');
  });
});
