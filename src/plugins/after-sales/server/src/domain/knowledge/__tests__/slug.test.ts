import { hasChinese, isPlaceholderSlug, slugOf } from '../slug';

describe('knowledge article slugs', () => {
  it('spells Chinese titles in pinyin, keeping Latin letters and digits', () => {
    expect(slugOf('空调高档运行噪音大')).toBe('kong-tiao-gao-dang-yun-xing-zao-yin-da');
    expect(slugOf('AP-200 高档运行噪音大')).toBe('ap-200-gao-dang-yun-xing-zao-yin-da');
    expect(slugOf('打印机(连续打印50页后)出错')).toBe('da-yin-ji-lian-xu-da-yin-50-ye-hou-chu-cuo');
    expect(slugOf('Ｆan ｎoise!')).toBe('fan-noise');
    expect(slugOf('女儿绿')).toBe('nv-er-lv');
  });

  it('is at most 80 characters, cut at a word, and empty when nothing can be spelled', () => {
    const slug = slugOf('电池鼓包'.repeat(20));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.startsWith('dian-chi-gu-bao-dian')).toBe(true);
    expect(slugOf('!!!')).toBe('');
  });

  it('tells Chinese titles and the placeholder slug apart', () => {
    expect(hasChinese('噪音')).toBe(true);
    expect(hasChinese('noise')).toBe(false);
    expect(isPlaceholderSlug('knowledge-article', 'knowledge-article')).toBe(true);
    expect(isPlaceholderSlug('knowledge-article-3', 'knowledge-article')).toBe(true);
    expect(isPlaceholderSlug(undefined, 'knowledge-article')).toBe(true);
    expect(isPlaceholderSlug('knowledge-article-noise', 'knowledge-article')).toBe(false);
    expect(isPlaceholderSlug('ap-200-noise', 'knowledge-article')).toBe(false);
  });
});
