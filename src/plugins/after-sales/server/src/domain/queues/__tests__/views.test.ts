import { caseless, decodeCursor, encodeCursor, parseFilters, parseSavedView, parseTag, readSearch, searchScore } from '../views';

const known = { kinds: ['feedback', 'complaint'], states: ['received', 'waiting'], severities: ['urgent', 'minor'] };

describe('queue filters and saved views', () => {
  it('reads filters from a query string or JSON and names every bad one', () => {
    expect(parseFilters({ view: 'overdue', kinds: 'feedback,complaint', tags: '3,4' }, known)).toEqual({ filters: { view: 'overdue', kinds: ['feedback', 'complaint'], tags: [3, 4] }, problems: [] });
    const { problems } = parseFilters({ view: 'soon', kinds: ['parcel'], tags: 'x', colour: 'red' }, known, 'filters.');
    expect(problems.map((p) => p.path.join('.')).sort()).toEqual(['filters.colour', 'filters.kinds', 'filters.tags', 'filters.view']);
  });

  it('a saved view has a name, is private or shared with a department, and keeps the columns in page order', () => {
    const view = parseSavedView({ name: ' 逾期 ', department: 'after-sales', filters: { view: 'overdue' }, columns: ['tags', 'reference'] }, known);
    expect(view).toEqual({ ok: true, value: { name: '逾期', department: 'after-sales', filters: { view: 'overdue' }, columns: ['reference', 'tags'] } });
    const bad = parseSavedView({ name: '', department: 'After Sales', columns: [] }, known);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path.join('.'))).toEqual(['name', 'department', 'columns']);
  });

  it('cursors round-trip and anything else is refused', () => {
    const cursor = { due: 1773108000000, rank: 1, id: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('bm9wZQ')).toThrow('cursor');
    expect(() => decodeCursor(Buffer.from('[1,2,-3]').toString('base64url'))).toThrow('cursor');
  });

  it('tags have a name and a #rrggbb colour', () => {
    expect(parseTag({ name: '回访', colour: '#FF8800' })).toEqual({ ok: true, value: { name: '回访', colour: '#ff8800' } });
    const bad = parseTag({ name: 'a,b', colour: 'orange' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.path[0])).toEqual(['name', 'colour']);
  });
});

describe('search text', () => {
  it('tells a reference, an email, a phone number and words apart', () => {
    expect(readSearch('fb-20260310-0001')).toMatchObject({ ok: true, value: { reference: 'FB-20260310-0001', words: [] } });
    expect(readSearch('Wang.Wei@Example.cn')).toMatchObject({ ok: true, value: { email: 'wang.wei@example.cn' } });
    expect(readSearch('+86 138-0013-8000')).toMatchObject({ ok: true, value: { phoneDigits: '8613800138000', reference: null } });
    expect(readSearch('卡纸 paper')).toMatchObject({ ok: true, value: { words: ['卡纸', 'paper'] } });
    expect(readSearch('x').ok).toBe(false);
  });

  it('ranks an exact reference above contact matches above words', () => {
    expect(searchScore({ referenceExact: true, referencePrefix: true })).toBeGreaterThan(searchScore({ contact: true }));
    expect(searchScore({ contact: true })).toBeGreaterThan(searchScore({ name: true }));
    expect(searchScore({ summaryWords: 1 })).toBeGreaterThan(searchScore({ otherWords: 1 }));
  });
});

describe('caseless words', () => {
  it('a word is caseless when no character of it has another case: Chinese, digits and punctuation, not Latin, Greek or ß', () => {
    for (const word of ['闪烁', '卡纸', '13800138000', '2号机', '—/%_']) expect(caseless(word)).toBe(true);
    for (const word of ['screen', 'Flicker', 'E3错误', 'σ', 'ß', 'İ']) expect(caseless(word)).toBe(false);
  });
});
