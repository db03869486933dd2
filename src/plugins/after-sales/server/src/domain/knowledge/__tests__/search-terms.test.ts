import { prefixTsQuery, searchTerms, searchTextOf } from '../search-terms';

describe('knowledge-base search terms', () => {
  it('splits words and pairs CJK characters', () => {
    expect(searchTerms('电池鼓包 Battery swelling')).toEqual(['电池鼓包', '电池', '池鼓', '鼓包', 'battery', 'swelling']);
    expect(searchTerms('插座,发烫!', 2)).toEqual(['插座', '发烫']);
  });

  it('stores every field’s terms once', () => {
    expect(searchTextOf(['Fan noise', null, 'fan 噪音'])).toBe('fan noise 噪音');
  });

  it('builds a prefix tsquery with nothing but letters and digits', () => {
    expect(prefixTsQuery(['sc-1', '发烫', "x'); drop table--", ':*&|!'])).toBe('sc:* | 1:* | 发烫:* | x:* | drop:* | table:*');
    expect(prefixTsQuery(['&|!'])).toBe('');
  });
});
