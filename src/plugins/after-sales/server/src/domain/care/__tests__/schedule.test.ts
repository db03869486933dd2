import { callsToOpen, carePlanProblems, dayIn, nextCallOn, openCallKey, planForCustomer, type CarePlanRule } from '../schedule';

const plan = (over: Partial<CarePlanRule> = {}): CarePlanRule => ({ documentId: 'p-key', active: true, segment: 'key', customer: null, every: 1, unit: 'months', retryAfterDays: 3, ...over });

describe('care plans: the next call', () => {
  it('a monthly plan calls again a month after the call, kept in a short month', () => {
    expect(nextCallOn(plan(), 'reached', '2026-03-10')).toBe('2026-04-10');
    expect(nextCallOn(plan(), 'satisfied', '2026-01-31')).toBe('2026-02-28');
    expect(nextCallOn(plan({ every: 3 }), 'issue-raised', '2026-11-30')).toBe('2027-02-28');
  });

  it('a weekly plan counts weeks', () => {
    expect(nextCallOn(plan({ every: 2, unit: 'weeks' }), 'reached', '2026-12-28')).toBe('2027-01-11');
  });

  it('a customer not reached is tried again sooner, after the retry days', () => {
    expect(nextCallOn(plan({ retryAfterDays: 3 }), 'not-reached', '2026-03-30')).toBe('2026-04-02');
    expect(nextCallOn(plan({ retryAfterDays: 0 }), 'not-reached', '2026-03-30')).toBe('2026-03-31');
  });

  it('the day is the business time zone’s day', () => {
    expect(dayIn(new Date('2026-03-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(dayIn(new Date('2026-03-31T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-03-31');
  });
});

describe('care plans: which plan and which calls', () => {
  const keyPlan = plan();
  const regular = plan({ documentId: 'p-regular', segment: 'regular', every: 6 });
  const forC3 = plan({ documentId: 'p-c3', segment: null, customer: 'c3', every: 2, unit: 'weeks' });

  it('a plan naming the customer wins over the segment’s; inactive plans count for nothing', () => {
    expect(planForCustomer({ documentId: 'c1', segment: 'key' }, [keyPlan, regular, forC3])?.documentId).toBe('p-key');
    expect(planForCustomer({ documentId: 'c3', segment: 'key' }, [keyPlan, regular, forC3])?.documentId).toBe('p-c3');
    expect(planForCustomer({ documentId: 'c3', segment: 'key' }, [keyPlan, { ...forC3, active: false }])?.documentId).toBe('p-key');
    expect(planForCustomer({ documentId: 'c4', segment: null }, [keyPlan, regular])).toBeNull();
    expect(planForCustomer({ documentId: 'c5', segment: 'vip' }, [keyPlan, regular])).toBeNull();
  });

  it('opens one call per customer with no open call, when the scheduled day has come', () => {
    const customers = [
      { documentId: 'c1', segment: 'key' },
      { documentId: 'c2', segment: 'key' },
      { documentId: 'c3', segment: 'key' },
      { documentId: 'c4', segment: 'key' },
      { documentId: 'c5', segment: null },
    ];
    const calls = callsToOpen({
      today: '2026-04-10',
      plans: [keyPlan, forC3],
      customers,
      openKeys: new Set([openCallKey('c2', 'p-key')]),
      lastScheduled: new Map([
        [openCallKey('c3', 'p-c3'), '2026-04-08'],
        [openCallKey('c4', 'p-key'), '2026-04-11'],
      ]),
    });
    expect(calls.map((c) => [c.customer, c.plan.documentId, c.dueOn])).toEqual([
      ['c1', 'p-key', '2026-04-10'],
      ['c3', 'p-c3', '2026-04-08'],
    ]);
  });
});

describe('care plans: what a manager enters', () => {
  it('names each wrong field', () => {
    expect(carePlanProblems({ segment: 'key', every: 1, unit: 'months' })).toEqual({});
    expect(Object.keys(carePlanProblems({ every: 0, unit: 'days', retryAfterDays: 100 })).sort()).toEqual(['every', 'retryAfterDays', 'segment', 'unit']);
    expect(carePlanProblems({ customer: 'c1', every: 2, unit: 'weeks', retryAfterDays: 2 })).toEqual({});
  });
});
