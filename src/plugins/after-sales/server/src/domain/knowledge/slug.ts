import { pinyin } from 'pinyin-pro';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const MAX_LENGTH = 80;

/** Whether a title has Chinese characters (Strapi's own slugify drops them, leaving nothing). */
export const hasChinese = (text: string) => CJK.test(text);

/**
 * The web address of a knowledge article from its title: Chinese characters become their pinyin
 * without tones, one word per character (空调噪音大 → kong-tiao-zao-yin-da), Latin letters and
 * digits are kept, everything else separates words. At most 80 characters, cut at a word.
 * Empty when the title has nothing to spell.
 */
export const slugOf = (title: string): string => {
  const spelled = (pinyin(title.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) as string[]).join(' ');
  const words = spelled
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_LENGTH) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, MAX_LENGTH);
};

/**
 * The slug the Content Manager fills in before a title is typed (the content type's name, with a
 * counter when taken): an article saved with it gets one made from its title instead.
 */
export const isPlaceholderSlug = (slug: unknown, modelName: string) => slug == null || slug === '' || (typeof slug === 'string' && new RegExp(`^${modelName}(-\\d+)?$`).test(slug));
