/**
 * Report sections and dashboard widgets contributed by extensions: the data shape a handler
 * returns, its check, and the per-section time limit. Pure: no Strapi.
 */
import type { LocalizedText } from '../workflow/types';

export type SectionCell = string | number | boolean | null;

export interface SectionColumn {
  /** The row property shown in this column. */
  key: string;
  title: LocalizedText;
}

/** A table: columns (in order) and rows keyed by column key. An empty `rows` shows "no data". */
export interface SectionData {
  columns: SectionColumn[];
  rows: Record<string, SectionCell>[];
  /** A line under the table (a source, a caveat). */
  note?: LocalizedText;
}

export const MAX_SECTION_COLUMNS = 20;
export const MAX_SECTION_ROWS = 500;

const isLocalized = (value: unknown): value is LocalizedText =>
  (typeof value === 'string' && value.length > 0) ||
  (!!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>).en === 'string' && Object.values(value).every((v) => typeof v === 'string'));

const isCell = (value: unknown): value is SectionCell => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Checks what a handler returned; the message names the first wrong part (shown as the section's error). */
export const checkSectionData = (value: unknown): { ok: true; data: SectionData } | { ok: false; message: string } => {
  const fail = (message: string) => ({ ok: false as const, message: `the section's data is invalid: ${message}` });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('expected an object with columns and rows');
  const { columns, rows, note } = value as Record<string, unknown>;
  if (!Array.isArray(columns) || columns.length === 0 || columns.length > MAX_SECTION_COLUMNS) return fail(`columns must be a list of 1 to ${MAX_SECTION_COLUMNS} columns`);
  const keys = new Set<string>();
  for (const [i, column] of columns.entries()) {
    const { key, title } = (column ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || !key || keys.has(key)) return fail(`columns[${i}].key must be a distinct, non-empty text`);
    if (!isLocalized(title)) return fail(`columns[${i}].title must be a text or { en, zh-Hans }`);
    keys.add(key);
  }
  if (!Array.isArray(rows) || rows.length > MAX_SECTION_ROWS) return fail(`rows must be a list of at most ${MAX_SECTION_ROWS} rows`);
  for (const [i, row] of rows.entries()) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) return fail(`rows[${i}] must be an object`);
    for (const key of keys) {
      const cell = (row as Record<string, unknown>)[key];
      if (cell !== undefined && !isCell(cell)) return fail(`rows[${i}].${key} must be a text, a number, true/false or null`);
    }
  }
  if (note !== undefined && !isLocalized(note)) return fail('note must be a text or { en, zh-Hans }');
  const data: SectionData = {
    columns: (columns as SectionColumn[]).map(({ key, title }) => ({ key, title })),
    rows: (rows as Record<string, unknown>[]).map((row) => Object.fromEntries([...keys].map((key) => [key, (row[key] ?? null) as SectionCell]))),
  };
  if (note !== undefined) data.note = note as LocalizedText;
  return { ok: true, data };
};

export class SectionTimeout extends Error {
  constructor(ms: number) {
    super(`did not answer within ${ms} ms`);
  }
}

/** Settles with the work, or rejects with SectionTimeout after `ms` (the work itself is not stopped). */
export const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SectionTimeout(ms)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
