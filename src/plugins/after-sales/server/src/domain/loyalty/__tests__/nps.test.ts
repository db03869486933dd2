import { campaignProblems, isDetractor, monthIn, npsBySegmentAndMonth, npsGroup, npsOf, parseNpsScore } from '../nps';

describe('NPS arithmetic', () => {
  it('groups the eleven scores: 0–6 detractors, 7–8 passives, 9–10 promoters', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(npsGroup)).toEqual([...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
    expect(isDetractor(6)).toBe(true);
    expect(isDetractor(7)).toBe(false);
  });

  it('NPS is % promoters minus % detractors, rounded', () => {
    expect(npsOf([10, 9, 8, 3])).toEqual({ answers: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
    expect(npsOf([0, 0, 0])).toMatchObject({ nps: -100 });
    expect(npsOf([9, 7, 6])).toMatchObject({ nps: 0 });
    // 1 of 3 promoters, none detractors: 33.3 → 33
    expect(npsOf([9, 7, 8])).toMatchObject({ nps: 33 });
    expect(npsOf([])).toEqual({ answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null });
  });

  it('reads a score from a form: whole numbers 0 to 10 only', () => {
    expect(['0', '10', 7, ' 8 '].map(parseNpsScore)).toEqual([0, 10, 7, 8]);
    expect(['11', '-1', '7.5', '', 'ten', null, undefined, 3.2, '07'].map(parseNpsScore)).toEqual(Array(9).fill(null));
  });

  it('groups by segment and month in the business time zone', () => {
    // 2026-03-31T17:00Z is April 1st in Shanghai.
    expect(monthIn(new Date('2026-03-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-04');
    const result = npsBySegmentAndMonth(
      [
        { segment: 'regular', answeredAt: new Date('2026-03-05T02:00:00Z'), score: 3 },
        { segment: 'key', answeredAt: new Date('2026-03-05T02:00:00Z'), score: 10 },
        { segment: 'key', answeredAt: new Date('2026-03-06T02:00:00Z'), score: 5 },
        { segment: null, answeredAt: new Date('2026-03-06T02:00:00Z'), score: 9 },
        { segment: 'key', answeredAt: new Date('2026-03-31T17:00:00Z'), score: 9 },
      ],
      'Asia/Shanghai'
    );
    expect(result.rows.map((r) => [r.segment, r.month, r.answers, r.nps])).toEqual([
      ['key', '2026-03', 2, 0],
      ['key', '2026-04', 1, 100],
      ['regular', '2026-03', 1, -100],
      [null, '2026-03', 1, 100],
    ]);
    expect(result.total).toEqual({ answers: 5, promoters: 3, passives: 0, detractors: 2, nps: 20 });
  });
});

describe('a campaign as staff send it', () => {
  it('needs a name and one audience', () => {
    expect(campaignProblems({ name: '2026 春季', segment: 'key' })).toEqual({});
    expect(campaignProblems({ name: 'x', product: 'AC-200' })).toEqual({});
    expect(campaignProblems({})).toEqual({ name: expect.any(String), segment: expect.any(String) });
    expect(campaignProblems({ name: 'x', segment: 'key', product: 'AC-200' })).toEqual({ product: expect.any(String) });
    expect(campaignProblems({ name: 'x', segment: 'Key Customers!' })).toEqual({ segment: expect.any(String) });
    expect(campaignProblems({ name: 'x'.repeat(121), product: '' })).toEqual({ name: expect.any(String), product: expect.any(String) });
  });
});
