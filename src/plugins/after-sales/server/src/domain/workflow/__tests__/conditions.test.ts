import { conditionFields, evaluateCondition, hasValue } from '../conditions';
import type { Condition, WorkflowRecord } from '../types';
import serviceRecordPackage from '../../../extensions/service-record-workflow/package.json';
import feedbackPackage from '../../../extensions/feedback-workflow/package.json';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';

const serviceRecord = serviceRecordPackage.afterSales.contributes.workflows[0];
const transition = (id: string) => serviceRecord.transitions.find((t) => t.id === id)!;

describe('hasValue', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['a blank string', '  \t\n '],
    ['an empty list', []],
  ])('%s is no value', (_label, value) => {
    expect(hasValue(value)).toBe(false);
  });

  it.each([
    ['zero', 0],
    ['NaN', Number.NaN],
    ['false', false],
    ['a string', 'x'],
    ['a padded string', ' x '],
    ['a list with one null', [null]],
    ['an empty object', {}],
    ['a relation', { id: 1 }],
    ['a date', new Date(0)],
  ])('%s is a value', (_label, value) => {
    expect(hasValue(value)).toBe(true);
  });
});

describe('evaluateCondition: comparisons', () => {
  const record: WorkflowRecord = {
    kind: 'return',
    score: 3,
    zero: 0,
    flag: false,
    empty: '',
    nothing: null,
    list: ['a'],
    department: { id: 4, documentId: 'doc4', code: 'quality' },
    product: { id: 9, documentId: 'doc9' },
    batch: { id: 12 },
    nested: { deeper: { value: 'x', count: 2 } },
  };
  const test = (condition: Condition) => evaluateCondition(condition, record);

  it('eq / ne use strict equality', () => {
    expect(test({ field: 'kind', eq: 'return' })).toBe(true);
    expect(test({ field: 'kind', eq: 'exchange' })).toBe(false);
    expect(test({ field: 'score', eq: '3' })).toBe(false);
    expect(test({ field: 'score', eq: 3 })).toBe(true);
    expect(test({ field: 'kind', ne: 'exchange' })).toBe(true);
    expect(test({ field: 'kind', ne: 'return' })).toBe(false);
    expect(test({ field: 'flag', eq: false })).toBe(true);
    expect(test({ field: 'zero', eq: false })).toBe(false);
  });

  it('eq / ne on null and missing values', () => {
    expect(test({ field: 'nothing', eq: null })).toBe(true);
    expect(test({ field: 'missing', eq: undefined })).toBe(true);
    expect(test({ field: 'missing', ne: 'eligible' })).toBe(true);
    expect(test({ field: 'nothing', ne: 'eligible' })).toBe(true);
    expect(test({ field: 'nothing', ne: null })).toBe(false);
  });

  it('an explicit eq: undefined is still checked', () => {
    expect(test({ field: 'kind', eq: undefined })).toBe(false);
  });

  it('in / nin', () => {
    expect(test({ field: 'kind', in: ['return', 'exchange'] })).toBe(true);
    expect(test({ field: 'kind', in: ['repair'] })).toBe(false);
    expect(test({ field: 'kind', in: [] })).toBe(false);
    expect(test({ field: 'kind', nin: ['return', 'exchange'] })).toBe(false);
    expect(test({ field: 'kind', nin: ['repair'] })).toBe(true);
    expect(test({ field: 'kind', nin: [] })).toBe(true);
    expect(test({ field: 'score', in: [1, 2, 3] })).toBe(true);
    expect(test({ field: 'score', in: ['3'] })).toBe(false);
    expect(test({ field: 'missing', in: [null] })).toBe(false);
    expect(test({ field: 'missing', in: [undefined] })).toBe(true);
    expect(test({ field: 'missing', nin: ['return'] })).toBe(true);
  });

  it('lt / lte / gt / gte on numbers', () => {
    expect(test({ field: 'score', lt: 4 })).toBe(true);
    expect(test({ field: 'score', lt: 3 })).toBe(false);
    expect(test({ field: 'score', lte: 3 })).toBe(true);
    expect(test({ field: 'score', lte: 2 })).toBe(false);
    expect(test({ field: 'score', gt: 2 })).toBe(true);
    expect(test({ field: 'score', gt: 3 })).toBe(false);
    expect(test({ field: 'score', gte: 3 })).toBe(true);
    expect(test({ field: 'score', gte: 4 })).toBe(false);
    expect(test({ field: 'zero', lt: 1 })).toBe(true);
    expect(test({ field: 'zero', gte: 0 })).toBe(true);
  });

  it('numeric comparisons are false for anything but a number (no coercion)', () => {
    const values: WorkflowRecord = { s: '2', b: true, n: null, arr: [1], nan: Number.NaN };
    for (const field of ['s', 'b', 'n', 'arr', 'nan', 'missing']) {
      for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
        expect([field, op, evaluateCondition({ field, [op]: op.startsWith('l') ? 100 : -100 } as Condition, values)]).toEqual([field, op, false]);
      }
    }
  });

  it('combines several operators in one condition with AND', () => {
    expect(test({ field: 'score', gte: 1, lte: 5 })).toBe(true);
    expect(test({ field: 'score', gte: 4, lte: 5 })).toBe(false);
    expect(test({ field: 'score', in: [1, 2, 3], ne: 3 })).toBe(false);
    expect(test({ field: 'kind', exists: true, eq: 'return' })).toBe(true);
    expect(test({ field: 'kind', exists: true, eq: 'repair' })).toBe(false);
  });

  it('a condition with a field but no operator holds', () => {
    expect(test({ field: 'kind' })).toBe(true);
    expect(test({ field: 'missing' })).toBe(true);
  });

  it('exists uses hasValue on the raw value', () => {
    expect(test({ field: 'kind', exists: true })).toBe(true);
    expect(test({ field: 'kind', exists: false })).toBe(false);
    expect(test({ field: 'zero', exists: true })).toBe(true);
    expect(test({ field: 'flag', exists: true })).toBe(true);
    for (const field of ['empty', 'nothing', 'missing']) {
      expect(test({ field, exists: true })).toBe(false);
      expect(test({ field, exists: false })).toBe(true);
    }
    expect(test({ field: 'list', exists: true })).toBe(true);
    expect(evaluateCondition({ field: 'list', exists: true }, { list: [] })).toBe(false);
    // A populated relation is a value even though it is compared by its code.
    expect(test({ field: 'department', exists: true })).toBe(true);
  });

  it('compares populated relations by code, then documentId, then id', () => {
    expect(test({ field: 'department', eq: 'quality' })).toBe(true);
    expect(test({ field: 'department', eq: 'doc4' })).toBe(false);
    expect(test({ field: 'department', in: ['technical', 'quality'] })).toBe(true);
    expect(test({ field: 'product', eq: 'doc9' })).toBe(true);
    expect(test({ field: 'product', eq: 9 })).toBe(false);
    expect(test({ field: 'batch', eq: 12 })).toBe(true);
    expect(test({ field: 'batch', gt: 10 })).toBe(true);
    expect(evaluateCondition({ field: 'department', eq: 'doc4' }, { department: { code: null, documentId: 'doc4', id: 4 } })).toBe(true);
  });

  it('an object without code, documentId or id is compared as itself', () => {
    const value = { name: 'x' };
    expect(evaluateCondition({ field: 'v', eq: value }, { v: value })).toBe(true);
    expect(evaluateCondition({ field: 'v', eq: { name: 'x' } }, { v: value })).toBe(false);
  });

  it('lists are not unwrapped', () => {
    expect(test({ field: 'list', eq: 'a' })).toBe(false);
    expect(test({ field: 'list', in: ['a'] })).toBe(false);
  });

  it('follows dotted paths, and a broken path reads as missing', () => {
    expect(test({ field: 'nested.deeper.value', eq: 'x' })).toBe(true);
    expect(test({ field: 'nested.deeper.count', gt: 1 })).toBe(true);
    expect(test({ field: 'department.code', eq: 'quality' })).toBe(true);
    expect(test({ field: 'department.id', eq: 4 })).toBe(true);
    expect(test({ field: 'nested.nope.value', exists: false })).toBe(true);
    expect(test({ field: 'kind.length', exists: false })).toBe(true);
    expect(test({ field: 'nothing.x', eq: undefined })).toBe(true);
  });
});

describe('evaluateCondition: all / any / not', () => {
  const record = { kind: 'return', eligibility: 'pending', score: 2 };
  const isReturn: Condition = { field: 'kind', eq: 'return' };
  const isExchange: Condition = { field: 'kind', eq: 'exchange' };
  const eligible: Condition = { field: 'eligibility', eq: 'eligible' };

  it('all needs every member, and is true when empty', () => {
    expect(evaluateCondition({ all: [isReturn, { field: 'score', lt: 3 }] }, record)).toBe(true);
    expect(evaluateCondition({ all: [isReturn, eligible] }, record)).toBe(false);
    expect(evaluateCondition({ all: [] }, record)).toBe(true);
  });

  it('any needs one member, and is false when empty', () => {
    expect(evaluateCondition({ any: [isExchange, isReturn] }, record)).toBe(true);
    expect(evaluateCondition({ any: [isExchange, eligible] }, record)).toBe(false);
    expect(evaluateCondition({ any: [] }, record)).toBe(false);
  });

  it('not negates', () => {
    expect(evaluateCondition({ not: isReturn }, record)).toBe(false);
    expect(evaluateCondition({ not: isExchange }, record)).toBe(true);
    expect(evaluateCondition({ not: { not: isReturn } }, record)).toBe(true);
  });

  it('nests', () => {
    const condition: Condition = {
      all: [
        { any: [isReturn, isExchange] },
        { not: eligible },
        {
          any: [
            { field: 'score', in: [1, 2] },
            { field: 'vip', eq: true },
          ],
        },
      ],
    };
    expect(evaluateCondition(condition, record)).toBe(true);
    expect(evaluateCondition(condition, { ...record, eligibility: 'eligible' })).toBe(false);
    expect(evaluateCondition(condition, { ...record, score: 5 })).toBe(false);
    expect(evaluateCondition(condition, { ...record, score: 5, vip: true })).toBe(true);
  });
});

describe('evaluateCondition: the built-in definitions', () => {
  it('approve-return applies to returns that are not yet eligible', () => {
    const when = transition('approve-return').availableWhen as Condition;
    expect(evaluateCondition(when, { kind: 'return' })).toBe(true);
    expect(evaluateCondition(when, { kind: 'return', eligibility: 'pending' })).toBe(true);
    expect(evaluateCondition(when, { kind: 'return', eligibility: 'not-eligible' })).toBe(true);
    expect(evaluateCondition(when, { kind: 'return', eligibility: 'eligible' })).toBe(false);
    expect(evaluateCondition(when, { kind: 'exchange' })).toBe(false);
    expect(evaluateCondition(when, { kind: 'onsite-repair' })).toBe(false);
    expect(evaluateCondition(when, { kind: { id: 1, code: 'return' } })).toBe(true);
  });

  it('decline applies to returns and exchanges', () => {
    const when = transition('decline').availableWhen as Condition;
    expect(evaluateCondition(when, { kind: 'return' })).toBe(true);
    expect(evaluateCondition(when, { kind: 'exchange' })).toBe(true);
    expect(evaluateCondition(when, { kind: 'onsite-repair' })).toBe(false);
    expect(evaluateCondition(when, {})).toBe(false);
  });

  it('start requires an approved return or exchange, nothing for other kinds', () => {
    const condition = transition('start').requires![0].condition as Condition;
    expect(evaluateCondition(condition, { kind: 'onsite-repair' })).toBe(true);
    expect(evaluateCondition(condition, {})).toBe(true);
    expect(evaluateCondition(condition, { kind: 'return' })).toBe(false);
    expect(evaluateCondition(condition, { kind: 'exchange', eligibility: 'not-eligible' })).toBe(false);
    expect(evaluateCondition(condition, { kind: 'exchange', eligibility: 'eligible' })).toBe(true);
  });

  it('record-satisfaction accepts whole scores 1 to 5 and reopens below 4', () => {
    const recordSatisfaction = feedbackPackage.afterSales.contributes.workflows[0].transitions.find((t) => t.id === 'record-satisfaction')!;
    const range = recordSatisfaction.requires![0].condition as Condition;
    const reopen = recordSatisfaction.branches![0].when as Condition;
    expect([0, 1, 2, 3, 4, 5, 6, 2.5, '3', null].map((s) => evaluateCondition(range, { satisfactionScore: s }))).toEqual([false, true, true, true, true, true, false, false, false, false]);
    expect([1, 2, 3, 3.99, 4, 5].map((s) => evaluateCondition(reopen, { satisfactionScore: s }))).toEqual([true, true, true, true, false, false]);
  });

  it('complaint "record" only for minor complaints', () => {
    const when = complaintPackage.afterSales.contributes.workflows[0].transitions.find((t) => t.id === 'record')!.availableWhen as Condition;
    expect(evaluateCondition(when, { seriousness: 'minor' })).toBe(true);
    expect(evaluateCondition(when, { seriousness: 'major' })).toBe(false);
    expect(evaluateCondition(when, {})).toBe(false);
  });
});

describe('conditionFields', () => {
  it('lists every field a condition mentions, in order', () => {
    expect(conditionFields({ field: 'a', eq: 1 })).toEqual(['a']);
    expect(conditionFields({ all: [{ field: 'a' }, { any: [{ field: 'b' }, { not: { field: 'c' } }] }] })).toEqual(['a', 'b', 'c']);
    expect(conditionFields({ all: [] })).toEqual([]);
  });

  it('reports a leaf without a field as undefined', () => {
    expect(conditionFields({} as Condition)).toEqual([undefined]);
  });
});
