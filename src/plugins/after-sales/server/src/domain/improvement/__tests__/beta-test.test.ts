import {
  approvedSince,
  bestBetaTest,
  customerVerificationGap,
  internalVerificationGap,
  type CaseVerdict,
  DEFAULT_QUESTIONS,
  fixAuthors,
  parseBetaAnswers,
  parseBetaTest,
  parseVerifications,
  percent,
  verificationReport,
  verificationSummary,
  type BetaAnswers,
} from '../beta-test';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `customer${i}`);
const paths = (r: { ok: boolean; problems?: { path: (string | number)[] }[] }) => (r.ok ? [] : (r.problems ?? []).map((p) => p.path.join('.')));

describe('a beta test’s invitation', () => {
  const limits = { min: 10, max: 20 };
  it('takes 10 to 20 customers, each once, and the manual’s questions by default', () => {
    const ok = parseBetaTest({ name: ' 搓轮 Beta ', customers: ids(12) }, limits);
    expect(ok).toEqual({ ok: true, value: { name: '搓轮 Beta', questions: DEFAULT_QUESTIONS, customers: ids(12) } });
    expect(paths(parseBetaTest({ name: 'x', customers: ids(9) }, limits))).toEqual(['data.customers']);
    expect(paths(parseBetaTest({ name: 'x', customers: ids(21) }, limits))).toEqual(['data.customers']);
    expect(parseBetaTest({ name: 'x', customers: ids(10) }, limits).ok).toBe(true);
    expect(parseBetaTest({ name: 'x', customers: ids(20) }, limits).ok).toBe(true);
    expect(paths(parseBetaTest({ name: 'x', customers: [...ids(10), 'customer3'] }, limits))).toEqual(['data.customers.10']);
    expect(paths(parseBetaTest({ name: 'x', customers: 'all' }, limits))).toEqual(['data.customers']);
    expect(paths(parseBetaTest({ customers: ids(5) }, { min: 5, max: 5 }))).toEqual(['data.name']);
  });

  it('checks each question, naming the field', () => {
    const bad = parseBetaTest(
      {
        name: 'x',
        customers: ids(10),
        questions: [
          { key: 'solved', title: { 'zh-Hans': '解决了吗?', en: 'Solved?' } },
          { key: 'solved', title: { 'zh-Hans': '', en: 'Again?' }, kind: 'scale' },
        ],
      },
      limits
    );
    expect(paths(bad)).toEqual(['data.questions.1.key', 'data.questions.1.title.zh-Hans', 'data.questions.1.kind']);
    expect(paths(parseBetaTest({ name: 'x', customers: ids(10), questions: [] }, limits))).toEqual(['data.questions']);
    const ok = parseBetaTest({ name: 'x', customers: ids(10), questions: [{ key: 'works', title: { 'zh-Hans': '好用吗', en: 'Works?' }, kind: 'yes-no' }] }, limits);
    expect(ok.ok && ok.value.questions).toEqual([{ key: 'works', title: { 'zh-Hans': '好用吗', en: 'Works?' }, kind: 'yes-no' }]);
  });
});

describe('a customer’s answers', () => {
  it('need a choice of the question’s kind for every question; comments are optional', () => {
    expect(parseBetaAnswers(DEFAULT_QUESTIONS, { solved: 'partly', comment_solved: ' 偶尔卡纸 \r\n', better: 'yes' })).toEqual({
      ok: true,
      answers: { solved: { choice: 'partly', comment: '偶尔卡纸' }, better: { choice: 'yes', comment: null } },
    });
    expect(paths(parseBetaAnswers(DEFAULT_QUESTIONS, { solved: 'maybe' }))).toEqual(['solved', 'better']);
    expect(paths(parseBetaAnswers([{ key: 'works', title: { en: 'a', 'zh-Hans': 'b' }, kind: 'yes-no' }], { works: 'partly' }))).toEqual(['works']);
    expect(paths(parseBetaAnswers(DEFAULT_QUESTIONS, { solved: 'yes', better: 'no', comment_better: 'x'.repeat(2001) }))).toEqual(['comment_better']);
  });
});

describe('the customer verification report (客户验证报告)', () => {
  it('counts each choice and its share among those who answered, with the comments', () => {
    const a = (solved: 'yes' | 'partly' | 'no', better: 'yes' | 'partly' | 'no', comment: string | null = null): { answers: BetaAnswers } => ({
      answers: { solved: { choice: solved, comment }, better: { choice: better, comment: null } },
    });
    const report = verificationReport(DEFAULT_QUESTIONS, [a('yes', 'yes'), a('yes', 'partly'), a('no', 'no', '还是卡纸'), { answers: null } as never]);
    expect([report.invited, report.answered, report.responseRate]).toEqual([4, 3, 75]);
    expect(report.questions[0]).toMatchObject({
      key: 'solved',
      answered: 3,
      counts: { yes: 2, partly: 0, no: 1 },
      percents: { yes: 66.7, partly: 0, no: 33.3 },
      comments: [{ choice: 'no', comment: '还是卡纸' }],
    });
    expect(report.questions[1].counts).toEqual({ yes: 1, partly: 1, no: 1 });
    const empty = verificationReport(DEFAULT_QUESTIONS, []);
    expect([empty.responseRate, empty.questions[0].percents.yes]).toEqual([null, null]);
    expect(percent(1, 3)).toBe(33.3);
  });
});

describe('internal verification', () => {
  it('takes passed or failed per test case; a failure says what failed', () => {
    expect(parseVerifications({ results: [{ report: 'r1', testCase: 0, result: 'passed' }] })).toEqual({ ok: true, results: [{ report: 'r1', testCase: 0, result: 'passed', note: null }] });
    expect(
      paths(
        parseVerifications({
          results: [
            { report: 'r1', testCase: -1, result: 'passed' },
            { report: 'r1', testCase: 1, result: 'failed' },
            { report: 'r1', testCase: 2, result: 'passed' },
            { report: 'r1', testCase: 2, result: 'failed', note: 'jams' },
          ],
        })
      )
    ).toEqual(['data.results.0.testCase', 'data.results.1.note', 'data.results.3.testCase']);
    expect(paths(parseVerifications({}))).toEqual(['data.results']);
  });

  it('knows the fix’s authors and where the verification stands', () => {
    expect([...fixAuthors({ shortTermOwnerId: 3, longTermOwnerId: null }, [3, 7])].sort()).toEqual([3, 7]);
    expect(
      verificationSummary([
        { report: 'r', testCase: 0, result: 'passed' },
        { report: 'r', testCase: 1, result: null },
      ])
    ).toEqual({ total: 2, passed: 1, failed: 0, open: 1, allPassed: false });
    expect(verificationSummary([]).allPassed).toBe(false);
  });
});

describe('the verification actions', () => {
  const approvedAt = '2026-03-09T01:00:00.000Z';
  const since = approvedSince([
    { decision: 'approved', decidedAt: '2026-03-08T01:00:00.000Z' },
    { decision: 'approved', decidedAt: approvedAt },
    { decision: 'rejected', decidedAt: '2026-03-10T01:00:00.000Z' },
  ]);
  const verdict = (over: Partial<CaseVerdict> = {}): CaseVerdict => ({
    report: 'r1',
    testCase: 0,
    title: '连续打印 500 页',
    reportReference: 'AR-20260301-0001',
    result: 'passed',
    verifiedById: 9,
    verifiedAt: '2026-03-10T02:00:00.000Z',
    ...over,
  });
  const authors = new Set([3, 7]);

  it('the latest approval is when the fix being verified was approved', () => {
    expect(since).toBe(new Date(approvedAt).getTime());
    expect(approvedSince([])).toBeNull();
    expect(approvedSince(null)).toBeNull();
  });

  it('internally: every test case passed since the approval, by a non-author, the action taken by a non-author', () => {
    expect(internalVerificationGap([verdict(), verdict({ testCase: 1 })], authors, 9, since)).toBeNull();
    expect(internalVerificationGap([verdict()], authors, 3, since)).toMatchObject({ field: 'verifiedBy' });
    expect(internalVerificationGap([], authors, 9, since)).toMatchObject({ field: 'testCases', message: expect.stringContaining('no test case') });
    const open = internalVerificationGap([verdict(), verdict({ testCase: 1, title: '高湿环境', result: null, verifiedById: null, verifiedAt: null })], authors, 9, since);
    expect(open).toMatchObject({ field: 'testCases', message: expect.stringContaining('"高湿环境" (AR-20260301-0001)') });
    // Given before the plan was approved (an earlier fix), or by an author: not counted.
    expect(internalVerificationGap([verdict({ verifiedAt: '2026-03-09T00:59:59.000Z' })], authors, 9, since)).toMatchObject({ field: 'testCases' });
    expect(internalVerificationGap([verdict({ verifiedById: 7 })], authors, 9, since)).toMatchObject({ field: 'testCases' });
    expect(internalVerificationGap([verdict({ result: 'failed' })], authors, 9, since)).toMatchObject({ field: 'testCases', message: expect.stringContaining('failed') });
  });

  it('with customers: a beta test of the approved fix with enough answers, or the plan’s reason and a word on how they confirmed it', () => {
    const test = (answered: number, createdAt = '2026-03-09T02:00:00.000Z') => ({ name: 'Beta', createdAt, invited: 12, answered });
    expect(customerVerificationGap({}, [test(10)], 10, since)).toBeNull();
    expect(customerVerificationGap({}, [test(9)], 10, since)).toEqual({ field: 'betaTest', message: 'the customer verification report of "Beta" has 9 of 12 answers; 10 are needed' });
    expect(customerVerificationGap({}, [], 10, since)).toMatchObject({ field: 'betaTest', message: expect.stringContaining('no beta test') });
    // A beta test of the earlier fix does not count.
    expect(customerVerificationGap({}, [test(12, '2026-03-08T02:00:00.000Z')], 10, since)).toMatchObject({ field: 'betaTest' });
    expect(bestBetaTest([test(4), test(11), test(12, '2026-03-01T00:00:00.000Z')], since)?.answered).toBe(11);
    expect(customerVerificationGap({ noBetaTestReason: '上门更换' }, [], 10, since)).toMatchObject({ field: 'customerVerification' });
    expect(customerVerificationGap({ noBetaTestReason: '上门更换', customerVerification: '当场确认' }, [], 10, since)).toBeNull();
    expect(customerVerificationGap({ noBetaTestReason: '  ' }, [], 10, since)).toMatchObject({ field: 'betaTest' });
  });
});
