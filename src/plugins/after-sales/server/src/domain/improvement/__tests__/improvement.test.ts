import { causeCategoriesOf, DEFAULT_CAUSE_CATEGORIES, inSerialRanges, missingForSubmission, parseAnalysisReportFields } from '../analysis-report';
import { DEFAULT_ISSUE_GROUPING, frequentIssues, groupIssues, issueGroupingOf, issueKeyOf, parseIssueGrouping, type IssueFacts } from '../issue-grouping';
import { actionsToEscalate, isOverdue, parsePlanActions, planGaps } from '../plan-actions';

const item = (batch: string, causeCategory: string | null, type = 'quality', productModel = 'AP-200'): IssueFacts & { ref: string } => ({
  productModel,
  batch,
  causeCategory,
  type,
  ref: `${productModel}/${batch}/${causeCategory}`,
});

describe('issue grouping (同一问题)', () => {
  it('by default, unrelated defects on one batch no longer merge: model + batch + cause category', () => {
    expect(DEFAULT_ISSUE_GROUPING).toEqual(['productModel', 'batch', 'causeCategory']);
    const items = [...Array.from({ length: 4 }, () => item('B2405', 'component-batch')), ...Array.from({ length: 3 }, () => item('B2405', 'software-bug'))];
    const groups = groupIssues(items, DEFAULT_ISSUE_GROUPING);
    expect(groups.map((g) => [g.key, g.items.length])).toEqual([
      ['productModel=AP-200|batch=B2405|causeCategory=component-batch', 4],
      ['productModel=AP-200|batch=B2405|causeCategory=software-bug', 3],
    ]);
    // Today's rule (model + batch + type) merged them into one issue of 7, over the threshold of 5.
    expect(frequentIssues(items, ['productModel', 'batch', 'type'], 5).map((g) => g.items.length)).toEqual([7]);
    expect(frequentIssues(items, DEFAULT_ISSUE_GROUPING, 5)).toEqual([]);
  });

  it('one defect across batches groups when the batch is left out of the grouping', () => {
    const items = [item('B1', 'design-defect'), item('B2', 'design-defect'), item('B3', 'design-defect'), item('B4', 'design-defect'), item('B5', 'design-defect'), item('B6', 'design-defect')];
    expect(frequentIssues(items, DEFAULT_ISSUE_GROUPING, 5)).toEqual([]);
    const acrossBatches = issueGroupingOf(['causeCategory', 'productModel']);
    expect(acrossBatches).toEqual(['productModel', 'causeCategory']);
    const [issue] = frequentIssues(items, acrossBatches, 5);
    expect(issue).toMatchObject({ key: 'productModel=AP-200|causeCategory=design-defect', facts: { productModel: 'AP-200', causeCategory: 'design-defect' } });
    expect(issue.items).toHaveLength(6);
  });

  it('an item without a cause category waits for its analysis; a bad setting falls back to the default', () => {
    expect(issueKeyOf(item('B1', null), DEFAULT_ISSUE_GROUPING)).toBeNull();
    expect(issueKeyOf(item('B1', null), ['productModel', 'batch', 'type'])).toBe('productModel=AP-200|batch=B1|type=quality');
    expect(parseIssueGrouping([])).toBeNull();
    expect(parseIssueGrouping(['batch', 'batch'])).toBeNull();
    expect(parseIssueGrouping(['colour'])).toBeNull();
    expect(issueGroupingOf('nonsense')).toEqual(DEFAULT_ISSUE_GROUPING);
  });
});

describe('analysis report fields', () => {
  it('checks each field and names it', () => {
    const parsed = parseAnalysisReportFields(
      { causeCategory: 'gremlins', serialRanges: [{ from: 'SN-10', to: 'SN-9' }, { from: '' }], testCases: [{ title: '连续打印 50 页' }], affectedBatches: ['B 1'], colour: 'red' },
      DEFAULT_CAUSE_CATEGORIES
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path.join('.'))).toEqual(['colour', 'causeCategory', 'affectedBatches.0', 'serialRanges.0.to', 'serialRanges.1.from', 'testCases.0.expected']);
  });

  it('cleans what it accepts, and serial ranges compare as numbers are read', () => {
    const parsed = parseAnalysisReportFields(
      { causeCategory: 'component-batch', affectedModels: ['AP-200', 'AP-200 '], serialRanges: [{ from: 'SN-9', to: 'SN-120' }, { from: 'SN-500' }], description: '  ' },
      DEFAULT_CAUSE_CATEGORIES
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        causeCategory: 'component-batch',
        affectedModels: ['AP-200'],
        serialRanges: [
          { from: 'SN-9', to: 'SN-120' },
          { from: 'SN-500', to: 'SN-500' },
        ],
        description: null,
      },
    });
    expect(inSerialRanges('SN-10', [{ from: 'SN-9', to: 'SN-120' }])).toBe(true);
    expect(inSerialRanges('SN-121', [{ from: 'SN-9', to: 'SN-120' }])).toBe(false);
  });

  it('the configured categories replace the defaults only when every entry is usable', () => {
    const mine = [{ id: 'supplier', title: { en: 'Supplier', 'zh-Hans': '供应商' } }];
    expect(causeCategoriesOf(mine)).toEqual(mine);
    expect(causeCategoriesOf([...mine, { id: 'Bad Id', title: { en: 'x', 'zh-Hans': 'x' } }])).toBe(DEFAULT_CAUSE_CATEGORIES);
    expect(DEFAULT_CAUSE_CATEGORIES.map((c) => c.title['zh-Hans'])).toEqual(['设计缺陷', '零部件批次问题', '软件漏洞', '生产制造问题', '使用或操作不当', '运输损坏', '其他']);
  });

  it('a report is submitted with a cause category, a description and a test case', () => {
    expect(missingForSubmission({}).map((p) => p.path[0])).toEqual(['causeCategory', 'description', 'testCases']);
    expect(missingForSubmission({ causeCategory: 'other', description: 'x', testCases: [{ title: 't', expected: 'e' }] })).toEqual([]);
  });
});

describe('improvement plan actions', () => {
  it('names each bad field of each action', () => {
    const parsed = parsePlanActions(
      {
        actions: [
          { term: 'medium', action: '', ownerId: 'x', dueDate: '2026-02-30' },
          { term: 'short', action: '换搓轮', ownerId: 3, dueDate: '2026-01-01' },
        ],
      },
      '2026-03-01'
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path.join('.'))).toEqual(['actions.0.term', 'actions.0.action', 'actions.0.ownerId', 'actions.0.dueDate', 'actions.1.dueDate']);
    expect(parsePlanActions({ plan: [] }, '2026-03-01')).toMatchObject({ ok: false, problems: [{ path: ['plan'] }, { path: ['actions'] }] });
  });

  it('an open action past its due date is overdue and escalated once; a plan needs both terms', () => {
    const actions = [
      { term: 'short' as const, dueDate: '2026-03-01', doneAt: null, escalatedAt: null },
      { term: 'short' as const, dueDate: '2026-03-01', doneAt: '2026-02-28T10:00:00Z', escalatedAt: null },
      { term: 'short' as const, dueDate: '2026-03-01', doneAt: null, escalatedAt: '2026-03-02T01:00:00Z' },
      { term: 'short' as const, dueDate: '2026-03-02', doneAt: null, escalatedAt: null },
    ];
    expect(isOverdue(actions[0], '2026-03-01')).toBe(false);
    expect(actionsToEscalate(actions, '2026-03-02')).toEqual([actions[0]]);
    expect(planGaps(actions).map((p) => p.message)).toEqual([expect.stringContaining('long-term')]);
  });
});
