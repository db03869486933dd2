import { figuresOf, serviceNetworkFigures, type OfficeTally } from '../regions';

const OFFICES = [
  { code: 'beijing', name: '北京办事处', region: '华北' },
  { code: 'shanghai', name: '上海办事处', region: '华东' },
  { code: 'hangzhou', name: '杭州服务网点', region: '华东' },
];
const tally = (office: string | null, counts: Partial<OfficeTally>): OfficeTally => ({
  office,
  feedback: 0,
  complaints: 0,
  serviceRecords: 0,
  returnsAndExchanges: 0,
  clocks: 0,
  clocksMet: 0,
  scoreResponses: 0,
  scoreSum: 0,
  ...counts,
});

describe('figuresOf', () => {
  it('volume, on-time rate, satisfaction average and complaint rate from counts; nothing counted is null, not 0', () => {
    expect(figuresOf(tally('x', { feedback: 6, complaints: 2, serviceRecords: 3, returnsAndExchanges: 1, clocks: 8, clocksMet: 6, scoreResponses: 3, scoreSum: 11 }))).toEqual({
      volume: { total: 11, feedback: 6, complaints: 2, serviceRecords: 3, returnsAndExchanges: 1 },
      onTime: { total: 8, met: 6, rate: 0.75 },
      satisfaction: { responses: 3, average: 3.67 },
      complaintRate: 0.25,
    });
    expect(figuresOf(tally('x', {}))).toMatchObject({ onTime: { rate: null }, satisfaction: { average: null }, complaintRate: null });
  });
});

describe('serviceNetworkFigures', () => {
  const tallies = [
    tally('shanghai', { feedback: 4, complaints: 1, clocks: 4, clocksMet: 3, scoreResponses: 2, scoreSum: 9 }),
    tally('hangzhou', { feedback: 2, complaints: 1, serviceRecords: 2, returnsAndExchanges: 2, clocks: 2, clocksMet: 0, scoreResponses: 1, scoreSum: 2 }),
    tally(null, { feedback: 3, clocks: 1, clocksMet: 1 }),
  ];

  it('a row per office (counted or not) by region then name, head office last; a region adds up its offices’ counts, it does not average their rates', () => {
    const { regions, offices } = serviceNetworkFigures(OFFICES, tallies, [], 5);
    // 华北 (huáběi) before 华东 (huádōng), 杭州 before 上海: Chinese collation, by pinyin.
    expect(offices.map((o) => o.office?.code ?? null)).toEqual(['beijing', 'hangzhou', 'shanghai', null]);
    expect(offices.find((o) => o.office?.code === 'beijing')).toMatchObject({ volume: { total: 0 }, onTime: { rate: null }, complaintRate: null });
    expect(regions.map((r) => [r.region, r.offices])).toEqual([
      ['华北', ['beijing']],
      ['华东', ['hangzhou', 'shanghai']],
      [null, []],
    ]);
    const east = regions.find((r) => r.region === '华东')!;
    // 3 of 6 clocks on time (not the average of 75 % and 0 %), 11 / 3 points, 2 complaints of 8 items.
    expect(east).toMatchObject({
      volume: { total: 10, feedback: 6, complaints: 2, serviceRecords: 2, returnsAndExchanges: 2 },
      onTime: { total: 6, met: 3, rate: 0.5 },
      satisfaction: { responses: 3, average: 3.67 },
      complaintRate: 0.25,
    });
    expect(regions.find((r) => r.region === null)).toMatchObject({ volume: { total: 3 }, onTime: { rate: 1 } });
  });

  it('leaves head office out when it has no items, and counts an office no longer listed as head office', () => {
    expect(serviceNetworkFigures(OFFICES, tallies.slice(0, 2), [], 5).offices.map((o) => o.office?.code ?? null)).not.toContain(null);
    const { offices } = serviceNetworkFigures(OFFICES, [tally('closed-down', { feedback: 2 })], [], 5);
    expect(offices.find((o) => o.office === null)?.volume.feedback).toBe(2);
  });

  it('high-frequency issues per region: model × type over the threshold, added up across the region’s offices', () => {
    const issues = [
      { office: 'shanghai', productModel: 'AP-200', type: 'quality', count: 3 },
      { office: 'hangzhou', productModel: 'AP-200', type: 'quality', count: 3 },
      { office: 'hangzhou', productModel: 'RC-5', type: 'quality', count: 5 },
      { office: 'beijing', productModel: 'AP-200', type: 'quality', count: 4 },
      { office: null, productModel: 'SC-1', type: 'usage-question', count: 9 },
    ];
    const { regions } = serviceNetworkFigures(OFFICES, tallies, issues, 5);
    expect(regions.find((r) => r.region === '华东')!.highFrequencyIssues).toEqual([{ productModel: 'AP-200', type: 'quality', count: 6 }]);
    expect(regions.find((r) => r.region === '华北')!.highFrequencyIssues).toEqual([]);
    expect(regions.find((r) => r.region === null)!.highFrequencyIssues).toEqual([{ productModel: 'SC-1', type: 'usage-question', count: 9 }]);
  });
});
