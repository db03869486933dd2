import type { Core } from '@strapi/strapi';
import { readSearch } from '../../domain/queues/views';
import type { AfterSalesApiV1, DocumentMiddleware } from '../../extension-api';
import { textMatches } from './text-matches';

/** How long the matches of one search text are reused: the list's page and its count ask for them together. */
const REUSE_MS = 5_000;

/**
 * The Content Manager's search box (`_q`) on the item kinds, by the queues' search indexes. Strapi reads `_q` as
 * "any text column contains it", an `ILIKE` on every column OR-ed with the id, which no index can answer: 5 s at a
 * million feedback (bench/README.md). Here a `_q` that is a reference or its start, or words, is first looked up as
 * the global search looks it up (the reference's start; the words in the summary, the scenario or the thread) and
 * becomes a filter on those documents, the newest 500 of each condition, combined with every other filter and the
 * caller's permissions. When that finds nothing and the text holds a digit (a serial, batch or order number),
 * Strapi's own search runs as before; words found nowhere in the summary, scenario or thread find nothing (they are
 * no longer looked for in the other text fields, a scan of every column).
 */
export const contentManagerSearch = (strapi: Core.Strapi, api: AfterSalesApiV1): DocumentMiddleware => {
  const recent = new Map<string, { at: number; ids: Promise<string[]> }>();
  const matchesOf = (uid: string, q: string, run: () => Promise<string[]>) => {
    const now = Date.now();
    for (const [key, entry] of recent) if (now - entry.at > REUSE_MS) recent.delete(key);
    const key = `${uid}\u0000${q}`;
    const found = recent.get(key);
    if (found) return found.ids;
    const ids = run();
    recent.set(key, { at: now, ids });
    ids.catch(() => recent.delete(key));
    return ids;
  };
  return async (ctx, next) => {
    const params = ctx.params as Record<string, unknown> | undefined;
    const q = params?._q;
    if ((ctx.action !== 'findMany' && ctx.action !== 'count') || typeof q !== 'string') return next();
    const kind = api.itemKinds.get(ctx.uid);
    const terms = readSearch(q);
    if (!kind || !terms.ok || (!terms.value.reference && !terms.value.words.length)) return next();
    const { reference, words } = terms.value;
    const ids = await matchesOf(ctx.uid, q, () => textMatches(strapi, words).itemMatches(kind, { reference, words }));
    // Nothing found by the indexes: a text with a digit (a serial, batch or order number) is searched by Strapi in
    // every text column, as before; words are not (a full scan of every column: seconds at a million items).
    if (!ids.length && /\d/.test(q)) return next();
    const { _q: _search, filters, ...rest } = params as Record<string, unknown>;
    const found = ids.length ? { documentId: { $in: ids } } : { id: { $null: true } };
    ctx.params = { ...rest, filters: filters ? { $and: [filters, found] } : found } as typeof ctx.params;
    return next();
  };
};
