import { assignSegment, reasonText, segmentChanges, validateSegment, type Segment } from '../rules';
import { winBackOf, winBackSettings, DEFAULT_WIN_BACK } from '../win-back';
import { nightlyRunDue } from '../nightly';

const KEY: Segment = { key: 'key', title: { en: 'Key', 'zh-Hans': '重点客户' }, priority: 10, rules: [{ contract: true }, { minUnits: 3 }], isDefault: false, builtIn: true };
const REGULAR: Segment = { key: 'regular', title: { en: 'Regular', 'zh-Hans': '普通客户' }, priority: 100, rules: [], isDefault: true, builtIn: true };
const AT_RISK: Segment = { key: 'at-risk', title: { en: 'At risk', 'zh-Hans': '流失风险' }, priority: 5, rules: [{ minOpenComplaints: 2 }], isDefault: false };

describe('assignSegment', () => {
  it('places a customer by the first segment whose rule holds, else the default', () => {
    expect(assignSegment([REGULAR, KEY], { units: 1, openComplaints: 0, contract: false })).toEqual({ segment: 'regular', manual: false, reason: { kind: 'default' } });
    expect(assignSegment([REGULAR, KEY], { units: 3, openComplaints: 0, contract: false })).toEqual({
      segment: 'key',
      manual: false,
      reason: { kind: 'rule', parts: [{ fact: 'units', value: 3, threshold: 3 }] },
    });
    expect(assignSegment([REGULAR, KEY], { units: 0, openComplaints: 0, contract: true }).reason).toEqual({ kind: 'rule', parts: [{ fact: 'contract', value: true }] });
  });

  it('re-assigns when the facts change, by priority', () => {
    const segments = [REGULAR, KEY, AT_RISK];
    expect(assignSegment(segments, { units: 4, openComplaints: 1, contract: false }).segment).toBe('key');
    expect(assignSegment(segments, { units: 4, openComplaints: 2, contract: false }).segment).toBe('at-risk');
    expect(assignSegment(segments, { units: 2, openComplaints: 0, contract: false }).segment).toBe('regular');
  });

  it('a rule naming several facts needs all of them', () => {
    const both: Segment = { ...KEY, rules: [{ minUnits: 2, contract: true }] };
    expect(assignSegment([REGULAR, both], { units: 2, openComplaints: 0, contract: false }).segment).toBe('regular');
    expect(assignSegment([REGULAR, both], { units: 2, openComplaints: 0, contract: true }).reason).toEqual({
      kind: 'rule',
      parts: [
        { fact: 'units', value: 2, threshold: 2 },
        { fact: 'contract', value: true },
      ],
    });
  });

  it('a manual choice wins over the rules while its segment exists', () => {
    const facts = { units: 9, openComplaints: 0, contract: true, manual: { segment: 'regular', reason: '客户要求不参加关怀计划' } };
    expect(assignSegment([REGULAR, KEY], facts)).toEqual({ segment: 'regular', manual: true, reason: { kind: 'manual', text: '客户要求不参加关怀计划' } });
    expect(assignSegment([REGULAR, KEY], { ...facts, manual: { segment: 'gone', reason: 'x' } }).segment).toBe('key');
  });
});

describe('the stored reason', () => {
  it('says which facts placed the customer', () => {
    expect(
      reasonText({
        kind: 'rule',
        parts: [
          { fact: 'units', value: 4, threshold: 3 },
          { fact: 'contract', value: true },
        ],
      })
    ).toBe('units 4 ≥ 3; service contract');
    expect(reasonText({ kind: 'rule', parts: [{ fact: 'openComplaints', value: 2, threshold: 2 }] })).toBe('open complaints 2 ≥ 2');
    expect(reasonText({ kind: 'default' })).toBe('no rule applies');
  });

  it('changes only what differs', () => {
    const assignment = assignSegment([REGULAR, KEY], { units: 3, openComplaints: 0, contract: false });
    expect(segmentChanges({ segment: 'regular', segmentReason: null, segmentManual: false }, assignment)).toEqual({ segment: 'key', segmentReason: 'units 3 ≥ 3', segmentManual: false });
    expect(segmentChanges({ segment: 'key', segmentReason: 'units 3 ≥ 3', segmentManual: false }, assignment)).toBeNull();
  });
});

describe('validateSegment', () => {
  it('takes a well-formed segment', () => {
    expect(validateSegment('vip', { title: { en: 'VIP', 'zh-Hans': '贵宾' }, priority: 1, rules: [{ minUnits: 10 }] })).toEqual({
      ok: true,
      segment: { key: 'vip', title: { en: 'VIP', 'zh-Hans': '贵宾' }, priority: 1, rules: [{ minUnits: 10 }], isDefault: false },
    });
  });

  it('names every wrong field', () => {
    const result = validateSegment('V I P', { title: { en: '' }, priority: -1, rules: [{ minUnits: 0, colour: 'red' }, {}] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['key', 'title.en', 'title.zh-Hans', 'priority', 'rules[0].colour', 'rules[0].minUnits', 'rules[1]']);
    const dflt = validateSegment('x', { title: { en: 'X', 'zh-Hans': 'X' }, isDefault: true, rules: [{ contract: true }] });
    expect(!dflt.ok && dflt.errors).toEqual([{ path: 'rules', message: 'the default segment takes no rules (it is what no rule places)' }]);
  });
});

describe('winBackOf', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');
  it('lists a customer silent for the configured days, counting the latest purchase or contact', () => {
    const facts = { since: '2024-01-01T00:00:00.000Z', lastPurchase: '2025-11-01', lastContact: '2025-12-01T08:00:00.000Z', scores: [] };
    expect(winBackOf(facts, DEFAULT_WIN_BACK, now)).toEqual({
      reasons: [{ kind: 'inactive', lastActivity: '2025-12-01T08:00:00.000Z', days: 368 }],
      suggestedCall: 'check-in-call',
    });
    expect(winBackOf({ ...facts, lastContact: '2026-01-10T00:00:00.000Z' }, DEFAULT_WIN_BACK, now)).toBeNull();
    expect(winBackOf({ ...facts, lastPurchase: null, lastContact: null }, { ...DEFAULT_WIN_BACK, inactiveDays: 30 }, now)?.reasons[0]).toMatchObject({ kind: 'inactive', days: 1068 });
  });

  it('lists a customer with two low scores, for an apology call first', () => {
    const facts = { since: '2026-01-01T00:00:00.000Z', lastPurchase: null, lastContact: '2026-11-30T00:00:00.000Z', scores: [5, 3, 2] };
    expect(winBackOf(facts, DEFAULT_WIN_BACK, now)).toEqual({ reasons: [{ kind: 'low-scores', count: 2, scores: [3, 2] }], suggestedCall: 'apology-call' });
    expect(winBackOf({ ...facts, scores: [5, 3, 4] }, DEFAULT_WIN_BACK, now)).toBeNull();
  });

  it('reads the settings, keeping the defaults for what is wrong', () => {
    expect(winBackSettings({ inactiveDays: 90, lowScoreBelow: 'x', lowScoreCount: 0 })).toEqual({ inactiveDays: 90, lowScoreBelow: 4, lowScoreCount: 2 });
  });
});

describe('nightlyRunDue', () => {
  it('is due once per local night, at or after the hour', () => {
    // 2026-12-04 01:30 in Shanghai: too early.
    expect(nightlyRunDue(new Date('2026-12-03T17:30:00.000Z'), 'Asia/Shanghai', 2, '2026-12-03')).toBeNull();
    // 02:10: due for the 4th.
    expect(nightlyRunDue(new Date('2026-12-03T18:10:00.000Z'), 'Asia/Shanghai', 2, '2026-12-03')).toBe('2026-12-04');
    expect(nightlyRunDue(new Date('2026-12-03T18:10:00.000Z'), 'Asia/Shanghai', 2, null)).toBe('2026-12-04');
    // Done already tonight.
    expect(nightlyRunDue(new Date('2026-12-04T10:00:00.000Z'), 'Asia/Shanghai', 2, '2026-12-04')).toBeNull();
  });
});
