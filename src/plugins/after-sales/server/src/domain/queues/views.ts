/**
 * Work queues: the built-in views, what a saved view may hold (filters and columns), the keyset
 * cursor, tags and how a search text is read. Pure rules, no storage.
 */

export interface FieldProblem {
  path: string[];
  message: string;
}

/** The views every staff member has; each is a filter on the open items of their departments. */
export const BUILTIN_VIEWS = ['mine', 'unassigned', 'due-today', 'overdue', 'waiting', 'awaiting-approval', 'customer-updated'] as const;
export type BuiltinView = (typeof BUILTIN_VIEWS)[number];
/** The columns a view may show, in the page's order. */
export const QUEUE_COLUMNS = ['reference', 'summary', 'customer', 'state', 'escalationLevel', 'nextDue', 'assignee', 'tags'] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];
/** "Recently updated by the customer": a customer message within this many days. */
export const CUSTOMER_UPDATE_DAYS = 7;
export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface QueueFilters {
  /** The built-in view the filters narrow (absent: every open item in scope). */
  view?: BuiltinView;
  /** Item kind ids (`feedback`, `complaint`, `service-record`). */
  kinds?: string[];
  states?: string[];
  severities?: string[];
  /** Tag ids: items carrying any of them. */
  tags?: number[];
}

export interface SavedViewInput {
  name: string;
  /** A department code: shared with its members; null: private. */
  department: string | null;
  filters: QueueFilters;
  columns: QueueColumn[];
}

const isText = (value: unknown): value is string => typeof value === 'string';
const textList = (value: unknown, path: string, problems: FieldProblem[], max = 30): string[] | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const list = isText(value) ? value.split(',') : value;
  if (!Array.isArray(list) || list.length > max || !list.every((v) => isText(v) && v.trim().length > 0 && v.length <= 60 && !v.includes('\u0000'))) {
    problems.push({ path: path.split('.'), message: `must be a list of at most ${max} short texts` });
    return undefined;
  }
  return [...new Set(list.map((v: string) => v.trim()))];
};

/**
 * Filters from a query string or a saved view's JSON; `known` names the kinds, their states and
 * severities. Every problem names its field under `prefix`.
 */
export const parseFilters = (input: unknown, known: { kinds: string[]; states: string[]; severities: string[] }, prefix = ''): { filters: QueueFilters; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const source = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const filters: QueueFilters = {};
  const at = (name: string) => `${prefix}${name}`;
  for (const key of Object.keys(source))
    if (!['view', 'kinds', 'states', 'severities', 'tags'].includes(key)) problems.push({ path: at(key).split('.'), message: 'is not a known filter (view, kinds, states, severities, tags)' });
  if (source.view !== undefined && source.view !== '' && source.view !== null) {
    if (!BUILTIN_VIEWS.includes(source.view as BuiltinView)) problems.push({ path: at('view').split('.'), message: `must be one of ${BUILTIN_VIEWS.join(', ')}` });
    else filters.view = source.view as BuiltinView;
  }
  const pick = (name: 'kinds' | 'states' | 'severities', allowed: string[]) => {
    const list = textList(source[name], at(name), problems);
    if (!list) return;
    const unknown = list.filter((v) => !allowed.includes(v));
    if (unknown.length) problems.push({ path: at(name).split('.'), message: `unknown ${unknown.join(', ')}` });
    else filters[name] = list;
  };
  pick('kinds', known.kinds);
  pick('states', known.states);
  pick('severities', known.severities);
  const tags = textList(isText(source.tags) ? source.tags : Array.isArray(source.tags) ? source.tags.map(String) : source.tags, at('tags'), problems);
  if (tags) {
    if (!tags.every((t) => /^[1-9]\d{0,9}$/.test(t))) problems.push({ path: at('tags').split('.'), message: 'must be tag ids' });
    else filters.tags = tags.map(Number);
  }
  return { filters, problems };
};

/** A saved view's body: a name, private or shared with one department, filters and columns. */
export const parseSavedView = (body: unknown, known: { kinds: string[]; states: string[]; severities: string[] }): { ok: true; value: SavedViewInput } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const name = isText(input.name) ? input.name.trim() : '';
  if (!name || name.length > 60 || name.includes('\u0000')) problems.push({ path: ['name'], message: 'must be a name of 1 to 60 characters' });
  let department: string | null = null;
  if (input.department !== undefined && input.department !== null && input.department !== '') {
    if (!isText(input.department) || !/^[a-z0-9-]{1,40}$/.test(input.department)) problems.push({ path: ['department'], message: 'must be a department code or null (private)' });
    else department = input.department;
  }
  const { filters, problems: filterProblems } = parseFilters(input.filters ?? {}, known, 'filters.');
  problems.push(...filterProblems);
  let columns: QueueColumn[] = [...QUEUE_COLUMNS];
  if (input.columns !== undefined) {
    if (!Array.isArray(input.columns) || !input.columns.length || !input.columns.every((c) => QUEUE_COLUMNS.includes(c as QueueColumn)))
      problems.push({ path: ['columns'], message: `must be a non-empty list of ${QUEUE_COLUMNS.join(', ')}` });
    else columns = QUEUE_COLUMNS.filter((c) => (input.columns as string[]).includes(c));
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { name, department, filters, columns } };
};

/** Where the next page starts: the last row's due time (epoch ms, null for none), kind rank and id. */
export interface QueueCursor {
  due: number;
  rank: number;
  id: number;
}

export const encodeCursor = (cursor: QueueCursor): string => Buffer.from(JSON.stringify([cursor.due, cursor.rank, cursor.id])).toString('base64url');

export const decodeCursor = (text: unknown): QueueCursor | null => {
  if (text === undefined || text === null || text === '') return null;
  if (!isText(text) || text.length > 200) throw new Error('cursor');
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((n) => Number.isSafeInteger(n) && n >= 0)) return { due: value[0], rank: value[1], id: value[2] };
  } catch {
    // fall through
  }
  throw new Error('cursor');
};

export interface TagInput {
  name: string;
  colour: string;
}

/** A managed tag: a name of 1 to 30 characters and a colour `#rrggbb`. */
export const parseTag = (body: unknown): { ok: true; value: TagInput } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const name = isText(input.name) ? input.name.trim() : '';
  if (!name || name.length > 30 || name.includes(',') || name.includes('\u0000')) problems.push({ path: ['name'], message: 'must be a name of 1 to 30 characters without commas' });
  const colour = isText(input.colour) ? input.colour.trim().toLowerCase() : '';
  if (!/^#[0-9a-f]{6}$/.test(colour)) problems.push({ path: ['colour'], message: 'must be a colour like #3366ff' });
  return problems.length ? { ok: false, problems } : { ok: true, value: { name, colour } };
};

/** How a search text is read: a reference (or its start), an email, phone digits, and the words. */
export interface SearchTerms {
  text: string;
  reference: string | null;
  email: string | null;
  /** Digits of a phone number (7 or more, spaces, dashes and a leading + or 00 ignored). */
  phoneDigits: string | null;
  /** Words of at least 2 characters (Chinese text is kept as typed: a word is matched as a part). */
  words: string[];
}

export const readSearch = (q: unknown): { ok: true; value: SearchTerms } | { ok: false; problems: FieldProblem[] } => {
  const text = isText(q) ? q.normalize('NFKC').trim() : '';
  if (text.length < 2 || text.length > 100 || text.includes('\u0000')) return { ok: false, problems: [{ path: ['q'], message: 'must be 2 to 100 characters' }] };
  const reference = /^[A-Za-z]{2,4}-\d[\d-]*$/.test(text) || /^[A-Za-z]{2,4}-$/.test(text) ? text.toUpperCase() : null;
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? text.toLowerCase() : null;
  const compact = text.replace(/[\s\-().]/g, '');
  const phoneDigits = !reference && /^\+?\d{7,15}$/.test(compact) ? compact.replace(/^\+/, '') : null;
  const words = reference || email || phoneDigits ? [] : [...new Set(text.split(/\s+/).filter((w) => w.length >= 2))].slice(0, 5);
  if (!reference && !email && !phoneDigits && !words.length) return { ok: false, problems: [{ path: ['q'], message: 'must hold a word of at least 2 characters' }] };
  return { ok: true, value: { text, reference, email, phoneDigits, words } };
};

/** A `LIKE` pattern finding `word` anywhere in a text: its `%`, `_` and `\\` taken literally (escape character `\\`). */
export const containsPattern = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A word with no upper or lower case anywhere (Chinese, digits, punctuation): matching it with case ignored finds what
 * matching it as it is finds, so a search may use `LIKE` and spare PostgreSQL lowering every text it reads (`ILIKE`).
 */
export const caseless = (word: string): boolean => word.toLowerCase() === word && word.toUpperCase() === word;

/** Ranks a search hit: an exact reference first, then contact matches, then how many words hit the summary before other text. */
export const searchScore = (hit: { referenceExact?: boolean; referencePrefix?: boolean; contact?: boolean; name?: boolean; summaryWords?: number; otherWords?: number }): number =>
  (hit.referenceExact ? 1000 : 0) + (hit.referencePrefix ? 500 : 0) + (hit.contact ? 300 : 0) + (hit.name ? 200 : 0) + (hit.summaryWords ?? 0) * 20 + (hit.otherWords ?? 0) * 10;
