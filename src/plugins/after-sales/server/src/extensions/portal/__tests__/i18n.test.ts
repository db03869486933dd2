import fs from 'node:fs';
import path from 'node:path';
import { MESSAGES, translate } from '../i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every source file of the portal (views, pages, the page helpers), to find the keys it asks for. */
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'i18n' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });

describe('portal texts', () => {
  it('has the same keys in Chinese and English, with the same placeholders, none empty', () => {
    expect(Object.keys(MESSAGES['zh-Hans']).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const key of Object.keys(MESSAGES.en)) {
      expect([key, placeholders(MESSAGES['zh-Hans'][key])]).toEqual([key, placeholders(MESSAGES.en[key])]);
      expect([key, MESSAGES.en[key].trim().length > 0, MESSAGES['zh-Hans'][key].trim().length > 0]).toEqual([key, true, true]);
    }
  });

  it('has every key the views and pages use', () => {
    const used = new Set<string>();
    for (const file of sources(path.join(__dirname, '..'))) {
      const text = fs.readFileSync(file, 'utf8');
      // {{t "key"}} in views; t('key'), title: 'key', textKey: 'key' in pages.
      for (const m of text.matchAll(/\{\{t "([\w.-]+)"/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bt\('([\w.-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\b(?:title|textKey|[a-z]+Key): '([\w-]+\.[\w.-]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((key) => !(key in MESSAGES.en) || !(key in MESSAGES['zh-Hans']));
    expect(missing).toEqual([]);
  });

  it('fills placeholders and refuses an unknown key', () => {
    expect(translate('en', 'home.title')).toBe('Customer service');
    expect(() => translate('en', 'no.such.key')).toThrow(/no text "no.such.key"/);
  });
});
