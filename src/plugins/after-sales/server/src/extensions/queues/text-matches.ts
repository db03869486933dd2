import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { caseless, containsPattern, type SearchTerms } from '../../domain/queues/views';
import { TABLES, contentTable, type ItemKind } from '../../extension-api';

/** A search condition (a reference's start, the words in an item's text or in its thread) keeps its newest matches, at most these many per kind. */
export const SEARCH_MATCHES = 500;
/** A search condition matching more rows than these is read newest first without its index (see `newestMatches`). */
export const SEARCH_INDEXED = 5_000;
/** The newest rows of an item table read first for its words (see `newestMatches`). */
export const SEARCH_RECENT = 10_000;

/**
 * How the queues' search finds rows by the words typed, used by the global search and the Content
 * Manager's `_q` of the item kinds: both read the same indexes (migration 0730) the same way.
 */
export const textMatches = (strapi: Core.Strapi, words: string[]) => {
  const knex = () => strapi.db.connection;
  const postgres = strapi.db.dialect.client === 'postgres';
  /**
   * `column` holds one of the words, in any case (PostgreSQL `ILIKE`, or `LIKE` for a word without case: a third of
   * the time over a common Chinese word's rows; SQLite's `LOWER` and `LIKE`, ASCII only).
   */
  const holdsAWord = (q: Knex.QueryBuilder, column: string) => {
    for (const word of words)
      if (postgres) q.orWhereRaw(caseless(word) ? '?? LIKE ?' : '?? ILIKE ?', [column, containsPattern(word)]);
      else q.orWhereRaw("LOWER(??) LIKE ? ESCAPE '\\'", [column, containsPattern(word.toLowerCase())]);
  };
  /**
   * The rows whose `columns` hold one of the words. `indexed` (PostgreSQL) adds the test the columns' indexes of
   * character pairs answer (migration 0730: a row holding a word holds each of its pairs), as a separate
   * condition: the planner reads the indexes (a bitmap of each column and word, OR-ed) and tests the rows
   * found by the `ILIKE`s alone, without computing their pairs again.
   */
  const holdingAWord = (q: Knex.QueryBuilder, columns: string[], indexed: boolean) => {
    if (postgres && indexed)
      q.where((pairs: Knex.QueryBuilder) => {
        for (const column of columns) for (const word of words) pairs.orWhereRaw('after_sales_bigrams(??) @> after_sales_bigrams(?)', [column, word]);
      });
    q.where((exact: Knex.QueryBuilder) => {
      for (const column of columns) holdsAWord(exact, column);
    });
  };
  /**
   * Document ids of the newest rows of `table` (by id) matching, at most SEARCH_MATCHES. With `recent`, first among
   * that many newest rows (below). Then through the
   * index (`match(q, true)`), unordered, at most SEARCH_INDEXED + 1 rows: when there are no more, these are all
   * the matches and the newest are kept. A condition matching more (a common word, a short prefix) is asked
   * again without the index test (`match(q, false)`), newest first: PostgreSQL walks the primary key backwards
   * and stops at SEARCH_MATCHES matches, which come soon as they are common. Either way a bounded read, whatever
   * the planner estimates for the words (it estimates several character pairs as independent, far too low).
   */
  const newestMatches = async (table: string, match: (q: Knex.QueryBuilder, indexed: boolean) => void, options: { recent?: number } = {}): Promise<string[]> => {
    if (options.recent) {
      // A common word first among the newest rows (read backwards by the primary key, at most `recent` of them): when
      // SEARCH_MATCHES of them match, they are the newest matches of all (every other row is older), and the index,
      // whose bitmap would hold every match (100,000 rows for a word in one item of ten at a million), is not read.
      const recentRows = knex()(table).select('*').orderBy('id', 'desc').limit(options.recent).as('w');
      const newest: { document_id: string }[] = await knex()
        .from(recentRows)
        .select('document_id')
        .where((q: Knex.QueryBuilder) => match(q, false))
        .orderBy('id', 'desc')
        .limit(SEARCH_MATCHES);
      if (newest.length >= SEARCH_MATCHES) return newest.map((r) => r.document_id);
    }
    const rows: { id: number | string; document_id: string }[] = await knex()(table)
      .select('id', 'document_id')
      .where((q: Knex.QueryBuilder) => match(q, true))
      .limit(SEARCH_INDEXED + 1);
    if (rows.length <= SEARCH_INDEXED)
      return rows
        .sort((a, b) => Number(b.id) - Number(a.id))
        .slice(0, SEARCH_MATCHES)
        .map((r) => r.document_id);
    const newest: { document_id: string }[] = await knex()(table)
      .select('document_id')
      .where((q: Knex.QueryBuilder) => match(q, false))
      .orderBy('id', 'desc')
      .limit(SEARCH_MATCHES);
    return newest.map((r) => r.document_id);
  };
  /**
   * The document ids of a kind's items found by a reference's start, or by the words in the kind's summary, its
   * scenario or its thread: the newest SEARCH_MATCHES of each condition.
   */
  const itemMatches = async (kind: ItemKind, terms: Pick<SearchTerms, 'reference' | 'words'>): Promise<string[]> => {
    const meta = contentTable(strapi, kind.contentType);
    if (!meta) return [];
    const found: string[] = [];
    // A reference's start: the btree in text_pattern_ops on PostgreSQL (migration 0730). References hold no `%` or `_`.
    if (terms.reference) found.push(...(await newestMatches(meta.tableName, (q) => q.where('reference', 'like', `${terms.reference}%`))));
    if (terms.words.length) {
      const textColumns = [kind.summaryField, 'scenario'].filter((f): f is string => !!f && !!meta.attributes[f]).map((f) => meta.attributes[f].columnName ?? f);
      // The item's own texts are short: its newest rows are read first (a common word is found there). Not the thread's
      // entries, which may be whole emails.
      found.push(...(await newestMatches(meta.tableName, (q, indexed) => holdingAWord(q, textColumns, indexed), { recent: SEARCH_RECENT })));
      found.push(...(await newestMatches(TABLES.threadEntries, (q, indexed) => holdingAWord(q.where('content_type', kind.contentType), ['body_text'], indexed))));
    }
    return [...new Set(found)];
  };
  return { holdsAWord, holdingAWord, newestMatches, itemMatches };
};
