/**
 * The problem analysis report (问题分析报告, 004 二(三)): the cause category from a configurable
 * list, the description, evidence, reproduction steps, the affected scope (models, batches, serial
 * ranges), the test cases the fix is verified against. Pure rules: parsing and checking its fields.
 */

export interface LocalizedTitle {
  en: string;
  'zh-Hans': string;
}

export interface CauseCategory {
  id: string;
  title: LocalizedTitle;
}

/** The manual's causes (设计缺陷、零部件批次问题、软件漏洞…), the defaults of the configurable list. */
export const DEFAULT_CAUSE_CATEGORIES: CauseCategory[] = [
  { id: 'design-defect', title: { en: 'Design defect', 'zh-Hans': '设计缺陷' } },
  { id: 'component-batch', title: { en: 'Component batch problem', 'zh-Hans': '零部件批次问题' } },
  { id: 'software-bug', title: { en: 'Software bug', 'zh-Hans': '软件漏洞' } },
  { id: 'manufacturing', title: { en: 'Manufacturing problem', 'zh-Hans': '生产制造问题' } },
  { id: 'usage', title: { en: 'Usage or operation', 'zh-Hans': '使用或操作不当' } },
  { id: 'transport', title: { en: 'Transport damage', 'zh-Hans': '运输损坏' } },
  { id: 'other', title: { en: 'Other', 'zh-Hans': '其他' } },
];

const CATEGORY_ID = /^[a-z][a-z0-9-]{0,39}$/;

/** The configured list, or the defaults when the setting is missing or unusable (the settings form checks it on save). */
export const causeCategoriesOf = (configured: unknown): CauseCategory[] => {
  if (!Array.isArray(configured) || configured.length === 0) return DEFAULT_CAUSE_CATEGORIES;
  const usable = configured.filter(
    (c): c is CauseCategory =>
      !!c && typeof c === 'object' && typeof c.id === 'string' && CATEGORY_ID.test(c.id) && !!c.title && typeof c.title.en === 'string' && typeof c.title['zh-Hans'] === 'string'
  );
  return usable.length === configured.length ? usable : DEFAULT_CAUSE_CATEGORIES;
};

export interface SerialRange {
  from: string;
  to: string;
}

export interface TestCase {
  title: string;
  expected: string;
}

/** The fields of a report staff write (all optional until the report is submitted). */
export interface AnalysisReportFields {
  title?: string;
  causeCategory?: string | null;
  description?: string | null;
  evidence?: string | null;
  reproductionSteps?: string | null;
  affectedModels?: string[];
  affectedBatches?: string[];
  serialRanges?: SerialRange[];
  testCases?: TestCase[];
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

const MAX_TEXT = 20_000;
const MAX_LIST = 200;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

/** Serial numbers compare as people read them: `SN-9` before `SN-10`. */
const serialOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

const textField = (value: unknown, path: string, max: number, problems: FieldProblem[]) => {
  if (value === null) return null;
  if (typeof value !== 'string') {
    problems.push({ path: [path], message: 'must be text' });
    return undefined;
  }
  if (value.length > max) {
    problems.push({ path: [path], message: `must be at most ${max} characters` });
    return undefined;
  }
  return value.trim() === '' ? null : value;
};

const codeList = (value: unknown, path: string, problems: FieldProblem[]) => {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    problems.push({ path: [path], message: `must be a list of at most ${MAX_LIST} codes` });
    return undefined;
  }
  const bad = value.findIndex((v) => typeof v !== 'string' || !CODE.test(v.trim()));
  if (bad >= 0) {
    problems.push({ path: [path, bad], message: 'must be a model or batch code (letters, digits, . _ - /, at most 64)' });
    return undefined;
  }
  return [...new Set(value.map((v: string) => v.trim()))];
};

/**
 * A list of serial ranges `[{ from, to }]` as staff give it (`to` defaults to `from`; compared as people read
 * serials), each problem naming its field (`serialRanges.1.to`); undefined when the list itself is wrong.
 * Shared with field actions, which select units by the same ranges.
 */
export const parseSerialRanges = (value: unknown, problems: FieldProblem[]): SerialRange[] | undefined => {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    problems.push({ path: ['serialRanges'], message: `must be a list of at most ${MAX_LIST} ranges { from, to }` });
    return undefined;
  }
  const out: SerialRange[] = [];
  value.forEach((range, i) => {
    const from = typeof range?.from === 'string' ? range.from.trim() : '';
    const to = typeof range?.to === 'string' && range.to.trim() ? range.to.trim() : from;
    if (!CODE.test(from)) problems.push({ path: ['serialRanges', i, 'from'], message: 'must be a serial number' });
    else if (!CODE.test(to)) problems.push({ path: ['serialRanges', i, 'to'], message: 'must be a serial number' });
    else if (serialOrder(from, to) > 0) problems.push({ path: ['serialRanges', i, 'to'], message: `must not come before "${from}"` });
    else out.push({ from, to });
  });
  return out;
};

const testCases = (value: unknown, problems: FieldProblem[]): TestCase[] | undefined => {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    problems.push({ path: ['testCases'], message: `must be a list of at most ${MAX_LIST} test cases { title, expected }` });
    return undefined;
  }
  const out: TestCase[] = [];
  value.forEach((test, i) => {
    const title = typeof test?.title === 'string' ? test.title.trim() : '';
    const expected = typeof test?.expected === 'string' ? test.expected.trim() : '';
    if (!title || title.length > 500) problems.push({ path: ['testCases', i, 'title'], message: 'is required (at most 500 characters)' });
    else if (!expected || expected.length > 2000) problems.push({ path: ['testCases', i, 'expected'], message: 'is required: the result that shows the problem is solved (at most 2000 characters)' });
    else out.push({ title, expected });
  });
  return out;
};

export const ANALYSIS_REPORT_FIELDS = ['title', 'causeCategory', 'description', 'evidence', 'reproductionSteps', 'affectedModels', 'affectedBatches', 'serialRanges', 'testCases'] as const;

/**
 * Checks the fields present in `input` (a partial update checks only what it changes) and returns
 * them cleaned (lists de-duplicated, a serial range without `to` is one unit), or every problem,
 * each naming its field. `extra` lists further keys the caller accepts.
 */
export const parseAnalysisReportFields = (
  input: Record<string, unknown>,
  categories: readonly CauseCategory[],
  extra: readonly string[] = []
): { ok: true; value: AnalysisReportFields } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const value: AnalysisReportFields = {};
  for (const key of Object.keys(input)) {
    if (!(ANALYSIS_REPORT_FIELDS as readonly string[]).includes(key) && !extra.includes(key)) problems.push({ path: [key], message: 'is not a field of an analysis report' });
  }
  const has = (key: string) => Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;
  if (has('title')) {
    const title = textField(input.title, 'title', 200, problems);
    if (title === null) problems.push({ path: ['title'], message: 'must not be empty' });
    else if (title !== undefined) value.title = title.trim();
  }
  if (has('causeCategory')) {
    if (input.causeCategory === null || input.causeCategory === '') value.causeCategory = null;
    else if (typeof input.causeCategory !== 'string' || !categories.some((c) => c.id === input.causeCategory)) {
      problems.push({ path: ['causeCategory'], message: `must be one of ${categories.map((c) => c.id).join(', ')}` });
    } else value.causeCategory = input.causeCategory;
  }
  for (const key of ['description', 'evidence', 'reproductionSteps'] as const) {
    if (!has(key)) continue;
    const text = textField(input[key], key, MAX_TEXT, problems);
    if (text !== undefined) value[key] = text;
  }
  if (has('affectedModels')) {
    const list = codeList(input.affectedModels, 'affectedModels', problems);
    if (list) value.affectedModels = list;
  }
  if (has('affectedBatches')) {
    const list = codeList(input.affectedBatches, 'affectedBatches', problems);
    if (list) value.affectedBatches = list;
  }
  if (has('serialRanges')) {
    const list = parseSerialRanges(input.serialRanges, problems);
    if (list) value.serialRanges = list;
  }
  if (has('testCases')) {
    const list = testCases(input.testCases, problems);
    if (list) value.testCases = list;
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
};

/** Whether a serial number lies in one of the report's ranges (both ends included). */
export const inSerialRanges = (serial: string, ranges: readonly SerialRange[]) => ranges.some((r) => serialOrder(r.from, serial) <= 0 && serialOrder(serial, r.to) <= 0);

/** What a report needs before it is submitted (the root-cause clock stops then). */
export const missingForSubmission = (report: AnalysisReportFields): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  if (!report.causeCategory) problems.push({ path: ['causeCategory'], message: 'is required: the cause category' });
  if (!report.description?.trim()) problems.push({ path: ['description'], message: 'is required: what the analysis found' });
  if (!report.testCases?.length) problems.push({ path: ['testCases'], message: 'needs at least one test case to verify the fix against' });
  return problems;
};
