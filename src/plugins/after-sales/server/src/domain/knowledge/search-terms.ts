/**
 * Words of a text for knowledge-base search. CJK text has no spaces, so every run of CJK characters
 * also yields its overlapping pairs (电池鼓包 → 电池, 池鼓, 鼓包): a two-character query then finds
 * the article whatever surrounds it.
 */
export const searchTerms = (text: string, limit = Infinity): string[] => {
  const words = text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[\s,.;:!?,。;:!?、()()"'“”‘’]+/)
    .filter(Boolean);
  const terms = new Set<string>();
  for (const word of words) {
    if (terms.size >= limit) break;
    terms.add(word);
    const cjk = word.match(/[\u3400-\u9fff]+/g) ?? [];
    for (const run of cjk) for (let i = 0; i + 2 <= run.length; i++) terms.add(run.slice(i, i + 2));
  }
  return [...terms].slice(0, limit);
};

/** The text stored beside an article for PostgreSQL's full-text index: its terms, space-separated. */
export const searchTextOf = (fields: (string | null | undefined)[]): string => searchTerms(fields.filter(Boolean).join('\n')).join(' ');

/**
 * A PostgreSQL `to_tsquery('simple', …)` matching any of the terms as a prefix. Terms are reduced to
 * letters and digits so that nothing in a query can be read as tsquery syntax; empty when none is left.
 */
export const prefixTsQuery = (terms: string[]): string => [...new Set(terms.flatMap((term) => term.split(/[^\p{L}\p{N}]+/u)).filter(Boolean))].map((term) => `${term}:*`).join(' | ');
