import { keyCustomerRow, keyCustomerRows, monthDays, noFacts, notReachedRows, npsTrend, type KeyCustomerFacts } from '../key-report';

const facts = (over: Partial<KeyCustomerFacts>): KeyCustomerFacts => ({ ...noFacts(1, '华东电子'), ...over });

describe('key-customer report figures', () => {
  it('makes one row: contacts, cases, deadlines met and satisfaction', () => {
    expect(
      keyCustomerRow(
        facts({ callsPlanned: 2, callsReached: 1, callsNotReached: 1, casesOpened: 3, casesClosed: 2, clocksStopped: 3, clocksMet: 2, scores: [5, 4, 4], openCases: 1, npsBefore: 6, npsInMonth: 9 })
      )
    ).toEqual({
      customer: '华东电子',
      planned: 2,
      reached: 1,
      notReached: 1,
      opened: 3,
      closed: 2,
      onTimePercent: 66.7,
      satisfaction: 4.33,
      open: 1,
      npsPrevious: 6,
      npsLatest: 9,
    });
    expect(keyCustomerRow(facts({}))).toMatchObject({ onTimePercent: null, satisfaction: null });
  });

  it('lists the key customers nobody reached, and orders rows by planned contacts, open cases, name', () => {
    const all = [
      facts({ id: 1, name: 'B 公司', callsPlanned: 1, callsReached: 1 }),
      facts({ id: 2, name: 'A 公司', callsPlanned: 1, callsNotReached: 2, openCases: 2 }),
      facts({ id: 3, name: 'C 公司', callsPlanned: 0 }),
    ];
    expect(keyCustomerRows(all).map((r) => r.customer)).toEqual(['A 公司', 'B 公司', 'C 公司']);
    expect(notReachedRows(all)).toEqual([
      { customer: 'A 公司', planned: 1, attempts: 2 },
      { customer: 'C 公司', planned: 0, attempts: 0 },
    ]);
  });

  it('takes the loyalty trend from the last answer before the month and the last one in it', () => {
    const from = new Date('2026-09-30T16:00:00Z');
    const to = new Date('2026-10-31T16:00:00Z');
    const answers = [
      { answeredAt: '2026-08-01T02:00:00.000Z', score: 3 },
      { answeredAt: '2026-09-20T02:00:00.000Z', score: 6 },
      { answeredAt: '2026-10-21T02:00:00.000Z', score: 9 },
      { answeredAt: '2026-10-05T02:00:00.000Z', score: 8 },
      { answeredAt: '2026-11-02T02:00:00.000Z', score: 10 },
    ];
    expect(npsTrend(answers, from, to)).toEqual({ before: 6, inMonth: 9 });
    expect(npsTrend(answers.slice(0, 2), from, to)).toEqual({ before: 6, inMonth: null });
    expect(npsTrend([], from, to)).toEqual({ before: null, inMonth: null });
  });

  it('gives the first and last day of a month', () => {
    expect(monthDays('2027-02')).toEqual({ first: '2027-02-01', last: '2027-02-28' });
    expect(monthDays('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthDays('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });
});
