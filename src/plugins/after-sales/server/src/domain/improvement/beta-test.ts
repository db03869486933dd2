/**
 * The beta test of a fix (004 二(四): 小范围客户试用, 邀请10-20名客户参与Beta测试) and its customer
 * verification report (《客户验证报告》: "问题是否解决", "使用体验是否提升"), and the internal
 * verification of the analysis report's test cases by someone other than the fix's author. Pure rules:
 * parsing the invitation and the answers, counting the report, checking a verification.
 */

export interface LocalizedText {
  en: string;
  'zh-Hans': string;
}

/** The choices a question offers: yes / partly / no, or yes / no. */
export type QuestionKind = 'yes-partly-no' | 'yes-no';
export type Choice = 'yes' | 'partly' | 'no';

export interface BetaQuestion {
  key: string;
  title: LocalizedText;
  kind: QuestionKind;
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

export const CHOICES: Record<QuestionKind, Choice[]> = { 'yes-partly-no': ['yes', 'partly', 'no'], 'yes-no': ['yes', 'no'] };

/** The manual's two questions, the defaults when a beta test names none. */
export const DEFAULT_QUESTIONS: BetaQuestion[] = [
  { key: 'solved', title: { en: 'Is the problem gone?', 'zh-Hans': '问题是否已解决？' }, kind: 'yes-partly-no' },
  { key: 'better', title: { en: 'Is the product better to use?', 'zh-Hans': '使用体验是否提升？' }, kind: 'yes-partly-no' },
];

export const MAX_NAME = 120;
export const MAX_QUESTIONS = 10;
export const MAX_QUESTION_TITLE = 200;
export const MAX_COMMENT = 2000;
const KEY = /^[a-z][a-z0-9-]{0,39}$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.trim() && value.trim().length <= max && !value.includes('\u0000') ? value.trim() : null);

const parseQuestions = (value: unknown, problems: FieldProblem[]): BetaQuestion[] => {
  if (value === undefined || value === null) return DEFAULT_QUESTIONS;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_QUESTIONS) {
    problems.push({ path: ['data', 'questions'], message: `a list of 1 to ${MAX_QUESTIONS} questions` });
    return [];
  }
  const keys = new Set<string>();
  const questions: BetaQuestion[] = [];
  value.forEach((q, i) => {
    const at = (field: string) => ['data', 'questions', i, field];
    if (!q || typeof q !== 'object') {
      problems.push({ path: ['data', 'questions', i], message: 'a question { key, title: { zh-Hans, en }, kind }' });
      return;
    }
    const { key, title, kind } = q as Record<string, unknown>;
    if (typeof key !== 'string' || !KEY.test(key)) problems.push({ path: at('key'), message: 'lower-case letters, digits and "-", starting with a letter' });
    else if (keys.has(key)) problems.push({ path: at('key'), message: `"${key}" is used by another question` });
    else keys.add(key);
    const titles = title && typeof title === 'object' ? (title as Record<string, unknown>) : {};
    const zh = text(titles['zh-Hans'], MAX_QUESTION_TITLE);
    const en = text(titles.en, MAX_QUESTION_TITLE);
    if (!zh) problems.push({ path: [...at('title'), 'zh-Hans'], message: `the question in Chinese, 1 to ${MAX_QUESTION_TITLE} characters` });
    if (!en) problems.push({ path: [...at('title'), 'en'], message: `the question in English, 1 to ${MAX_QUESTION_TITLE} characters` });
    const k = kind === undefined ? 'yes-partly-no' : kind;
    if (k !== 'yes-partly-no' && k !== 'yes-no') problems.push({ path: at('kind'), message: 'yes-partly-no or yes-no' });
    if (typeof key === 'string' && zh && en && (k === 'yes-partly-no' || k === 'yes-no')) questions.push({ key, title: { 'zh-Hans': zh, en }, kind: k });
  });
  return questions;
};

export interface BetaTestInput {
  name: string;
  questions: BetaQuestion[];
  customers: string[];
}

/**
 * A beta test's invitation: `{ name, questions?, customers: [customer documentId] }`, the number of
 * customers between `min` and `max` (the settings; 10–20 by default), each once. Every problem names
 * its field (`data.customers`, `data.customers.3`, `data.questions.0.title.en`).
 */
export const parseBetaTest = (body: unknown, limits: { min: number; max: number }): { ok: true; value: BetaTestInput } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const data = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const name = text(data.name, MAX_NAME);
  if (!name) problems.push({ path: ['data', 'name'], message: `a name, 1 to ${MAX_NAME} characters` });
  const questions = parseQuestions(data.questions, problems);
  const customers: string[] = [];
  if (!Array.isArray(data.customers)) problems.push({ path: ['data', 'customers'], message: `a list of ${limits.min} to ${limits.max} customers (document ids)` });
  else {
    const seen = new Set<string>();
    data.customers.forEach((c, i) => {
      if (typeof c !== 'string' || !DOCUMENT_ID.test(c)) problems.push({ path: ['data', 'customers', i], message: 'a customer document id' });
      else if (seen.has(c)) problems.push({ path: ['data', 'customers', i], message: 'this customer is listed twice' });
      else {
        seen.add(c);
        customers.push(c);
      }
    });
    if (data.customers.length < limits.min || data.customers.length > limits.max)
      problems.push({ path: ['data', 'customers'], message: `invite between ${limits.min} and ${limits.max} customers (${data.customers.length} given)` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { name: name as string, questions, customers } };
};

export type BetaAnswers = Record<string, { choice: Choice; comment: string | null }>;

/**
 * A customer's answers as a form posts them: `<key>` = a choice of the question's kind (required),
 * `comment_<key>` optional (no dot: the body parser reads dots as nesting). Problems name the form field.
 */
export const parseBetaAnswers = (questions: BetaQuestion[], form: Record<string, unknown>): { ok: true; answers: BetaAnswers } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const answers: BetaAnswers = {};
  for (const q of questions) {
    const choice = form[q.key];
    const raw = form[`comment_${q.key}`];
    const comment = raw === undefined || raw === null ? '' : raw;
    let ok = true;
    if (typeof choice !== 'string' || !(CHOICES[q.kind] as string[]).includes(choice)) {
      problems.push({ path: [q.key], message: `one of ${CHOICES[q.kind].join(', ')}` });
      ok = false;
    }
    if (typeof comment !== 'string' || comment.length > MAX_COMMENT || comment.includes('\u0000')) {
      problems.push({ path: [`comment_${q.key}`], message: `at most ${MAX_COMMENT} characters` });
      ok = false;
    }
    if (ok) answers[q.key] = { choice: choice as Choice, comment: (comment as string).replace(/\r\n/g, '\n').trim() || null };
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers };
};

/** Percent of a whole, rounded to one decimal (null for no whole). */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

export interface QuestionReport {
  key: string;
  title: LocalizedText;
  kind: QuestionKind;
  answered: number;
  counts: Record<Choice, number>;
  percents: Record<Choice, number | null>;
  comments: { choice: Choice; comment: string }[];
}

export interface VerificationReport {
  invited: number;
  answered: number;
  /** % of the invited who answered. */
  responseRate: number | null;
  questions: QuestionReport[];
}

/** The customer verification report (客户验证报告): per question the count and % of each choice among those who answered, and their comments. */
export const verificationReport = (questions: BetaQuestion[], invitations: { answers: BetaAnswers | null }[]): VerificationReport => {
  const answered = invitations.filter((i) => i.answers);
  return {
    invited: invitations.length,
    answered: answered.length,
    responseRate: percent(answered.length, invitations.length),
    questions: questions.map((q) => {
      const given = answered.map((i) => (i.answers as BetaAnswers)[q.key]).filter(Boolean);
      const counts = { yes: 0, partly: 0, no: 0 } as Record<Choice, number>;
      for (const a of given) counts[a.choice] += 1;
      return {
        key: q.key,
        title: q.title,
        kind: q.kind,
        answered: given.length,
        counts,
        percents: { yes: percent(counts.yes, given.length), partly: percent(counts.partly, given.length), no: percent(counts.no, given.length) },
        comments: given.filter((a) => a.comment).map((a) => ({ choice: a.choice, comment: a.comment as string })),
      };
    }),
  };
};

export type VerificationResult = 'passed' | 'failed';

export interface VerificationInput {
  report: string;
  testCase: number;
  result: VerificationResult;
  note: string | null;
}

/** Internal verification: `{ results: [{ report, testCase, result: passed|failed, note? }] }`; a failed case needs a note. */
export const parseVerifications = (body: unknown): { ok: true; results: VerificationInput[] } | { ok: false; problems: FieldProblem[] } => {
  const data = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const problems: FieldProblem[] = [];
  if (!Array.isArray(data.results) || data.results.length === 0 || data.results.length > 200) return { ok: false, problems: [{ path: ['data', 'results'], message: 'a list of 1 to 200 results' }] };
  const results: VerificationInput[] = [];
  const seen = new Set<string>();
  data.results.forEach((r, i) => {
    const at = (field: string) => ['data', 'results', i, field];
    const row = r && typeof r === 'object' ? (r as Record<string, unknown>) : {};
    let ok = true;
    if (typeof row.report !== 'string' || !DOCUMENT_ID.test(row.report)) {
      problems.push({ path: at('report'), message: 'an analysis report document id' });
      ok = false;
    }
    if (!Number.isInteger(row.testCase) || (row.testCase as number) < 0) {
      problems.push({ path: at('testCase'), message: 'the index of a test case of the report (0 = the first)' });
      ok = false;
    }
    if (row.result !== 'passed' && row.result !== 'failed') {
      problems.push({ path: at('result'), message: 'passed or failed' });
      ok = false;
    }
    const note = row.note === undefined || row.note === null || row.note === '' ? null : text(row.note, MAX_COMMENT);
    if (row.note !== undefined && row.note !== null && row.note !== '' && !note) {
      problems.push({ path: at('note'), message: `at most ${MAX_COMMENT} characters` });
      ok = false;
    } else if (row.result === 'failed' && !note) {
      problems.push({ path: at('note'), message: 'say what failed' });
      ok = false;
    }
    const id = `${String(row.report)}#${String(row.testCase)}`;
    if (ok && seen.has(id)) {
      problems.push({ path: at('testCase'), message: 'this test case is listed twice' });
      ok = false;
    }
    seen.add(id);
    if (ok) results.push({ report: row.report as string, testCase: row.testCase as number, result: row.result as VerificationResult, note });
  });
  return problems.length ? { ok: false, problems } : { ok: true, results };
};

/** The fix's authors: the owners of the short-term fix, the long-term plan and every action of the plan. */
export const fixAuthors = (record: { shortTermOwnerId?: number | null; longTermOwnerId?: number | null }, actionOwnerIds: number[]): Set<number> =>
  new Set([record.shortTermOwnerId, record.longTermOwnerId, ...actionOwnerIds].filter((id): id is number => typeof id === 'number'));

export interface TestCaseStatus {
  report: string;
  testCase: number;
  result: VerificationResult | null;
}

/** Where the internal verification stands: every test case passed (its latest result), how many failed, how many are open. */
export const verificationSummary = (cases: TestCaseStatus[]) => ({
  total: cases.length,
  passed: cases.filter((c) => c.result === 'passed').length,
  failed: cases.filter((c) => c.result === 'failed').length,
  open: cases.filter((c) => c.result === null).length,
  allPassed: cases.length > 0 && cases.every((c) => c.result === 'passed'),
});

/** A refusal of a workflow action: the field it names and why (a 400 for the caller). */
export interface ActionGap {
  field: string;
  message: string;
}

/** A test case as the verify-internally action checks it: its latest verdict, who gave it and when. */
export interface CaseVerdict extends TestCaseStatus {
  title: string;
  reportReference: string | null;
  verifiedById: number | null;
  verifiedAt: string | null;
}

/** The latest moment the current plan was approved (the fix being verified): verdicts and beta tests before it were of an earlier fix. */
export const approvedSince = (approvals: { decision?: string | null; decidedAt?: string | Date | null }[] | null | undefined): number | null => {
  const times = (approvals ?? []).filter((a) => a.decision === 'approved' && a.decidedAt).map((a) => new Date(a.decidedAt as string).getTime());
  return times.length ? Math.max(...times) : null;
};

const caseName = (c: CaseVerdict) => `"${c.title}"${c.reportReference ? ` (${c.reportReference})` : ''}`;

/**
 * Whether the internal verification may be recorded (the verify-internally action): taken by someone
 * other than the fix's author, every test case of the linked analysis reports has a verdict given
 * since the plan was approved by a non-author, and every one passed. Null when it may.
 */
export const internalVerificationGap = (cases: CaseVerdict[], authors: Set<number>, actorId: number | string | null, since: number | null): ActionGap | null => {
  if (typeof actorId === 'number' && authors.has(actorId))
    return { field: 'verifiedBy', message: 'the fix’s author (an owner of the plan or of one of its actions) cannot verify it: someone else takes this action' };
  if (!cases.length) return { field: 'testCases', message: 'there is no test case to verify: link an analysis report with its test cases to the record' };
  const counts = (c: CaseVerdict) =>
    c.result !== null && !(c.verifiedById !== null && authors.has(c.verifiedById)) && (since === null || (c.verifiedAt !== null && new Date(c.verifiedAt).getTime() >= since));
  const open = cases.filter((c) => !counts(c));
  if (open.length)
    return { field: 'testCases', message: `record passed or failed for each test case of the analysis report first; no verdict since the plan was approved for ${open.map(caseName).join(', ')}` };
  const failed = cases.filter((c) => c.result === 'failed');
  if (failed.length) return { field: 'testCases', message: `${failed.map(caseName).join(', ')} failed: take "verification failed" and analyse again` };
  return null;
};

/** A beta test as the verify-with-customers action checks it. */
export interface BetaTestStatus {
  name: string;
  createdAt: string;
  invited: number;
  answered: number;
}

/** The beta test of the approved fix (started since the plan was approved) with the most answers, or null. */
export const bestBetaTest = <T extends BetaTestStatus>(tests: T[], since: number | null): T | null =>
  tests.filter((t) => since === null || new Date(t.createdAt).getTime() >= since).reduce<T | null>((a, b) => (!a || b.answered > a.answered ? b : a), null);

/**
 * Whether the verification with customers may be recorded (the verify-with-customers action): a
 * beta test of the approved fix whose customer verification report has at least `minAnswers`
 * answers; or, when the plan says no beta test is needed (its reason), a word on how the customers
 * confirmed the fix. Null when it may.
 */
export const customerVerificationGap = (
  record: { noBetaTestReason?: string | null; customerVerification?: string | null },
  tests: BetaTestStatus[],
  minAnswers: number,
  since: number | null
): ActionGap | null => {
  if (record.noBetaTestReason?.trim()) {
    return record.customerVerification?.trim() ? null : { field: 'customerVerification', message: 'the plan needs no beta test: say how the customers confirmed the fix' };
  }
  const best = bestBetaTest(tests, since);
  if (!best) return { field: 'betaTest', message: 'no beta test of the approved fix yet: invite customers and let them answer (or the plan says why none is needed, noBetaTestReason)' };
  if (best.answered < minAnswers) return { field: 'betaTest', message: `the customer verification report of "${best.name}" has ${best.answered} of ${best.invited} answers; ${minAnswers} are needed` };
  return null;
};

/** The internal verification as text on the record: each test case, its verdict and who gave it. */
export const internalVerificationText = <T extends CaseVerdict>(cases: T[], verifiedBy: (c: T) => string) =>
  [
    `测试用例 ${cases.filter((c) => c.result === 'passed').length}/${cases.length} 通过 (test cases passed)`,
    ...cases.map((c) => `- ${c.reportReference ? `${c.reportReference} ` : ''}${c.title}：${c.result === 'passed' ? '通过' : '未通过'}（${verifiedBy(c)}）`),
  ].join('\n');

/** The customer verification report as text on the record: answers and, per question, the share of each choice. */
export const customerVerificationText = (name: string, report: VerificationReport) =>
  [
    `客户验证报告「${name}」：${report.answered}/${report.invited} 位客户回答 (customers answered)`,
    ...report.questions.map((q) => `- ${q.title['zh-Hans']}：是 ${q.percents.yes ?? 0}%${q.kind === 'yes-partly-no' ? `，部分 ${q.percents.partly ?? 0}%` : ''}，否 ${q.percents.no ?? 0}%`),
  ].join('\n');
