import { complaintRates, parseVolumesCsv } from '../complaint-rates';

describe('parseVolumesCsv', () => {
  it('reads the header in any column order, commas, semicolons or tabs, a BOM and empty cells as unknown', () => {
    const parsed = parseVolumesCsv('\uFEFFdepartment;month;deliveries;orders\r\nsales;2026-11;;1200\nquality\t2026-11\t800\t\n\n');
    expect(parsed).toEqual({
      ok: true,
      volumes: [
        { month: '2026-11', department: 'sales', orders: 1200, deliveries: null },
        { month: '2026-11', department: 'quality', orders: null, deliveries: 800 },
      ],
      lines: [2, 3],
    });
  });

  it('keeps the text line of each volume across blank lines (the preview and the problems name the same line)', () => {
    const parsed = parseVolumesCsv('month,department,orders\n\n2026-11,sales,10\n\n\n2026-11,quality,3\n');
    expect(parsed).toMatchObject({ ok: true, lines: [3, 6] });
    expect(parseVolumesCsv('month,department,orders\n\n2026-11,sales,10\n\n2026-13,quality,3')).toEqual({
      ok: false,
      problems: [{ path: 'line 5, month', message: 'must be YYYY-MM' }],
    });
  });

  it('names every bad line and column, and takes nothing', () => {
    const parsed = parseVolumesCsv('month,department,orders\n2026-13,sales,10\n2026-11,Sales Dept,-1\n2026-11,quality,1.5\n2026-11,quality,3');
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { path: 'line 2, month', message: 'must be YYYY-MM' },
        { path: 'line 3, department', message: expect.stringContaining('department code') },
        { path: 'line 3, orders', message: expect.stringContaining('whole number') },
        { path: 'line 4, orders', message: expect.stringContaining('whole number') },
        { path: 'line 5', message: 'repeats 2026-11 quality of line 4' },
      ],
    });
  });

  it('refuses an empty file and a header without the columns it needs', () => {
    expect(parseVolumesCsv(' \n')).toMatchObject({ ok: false, problems: [{ path: 'csv' }] });
    expect(parseVolumesCsv('month,department\n2026-11,sales')).toMatchObject({ ok: false, problems: [{ path: 'line 1' }] });
  });
});

describe('complaintRates', () => {
  const attributed = [
    { department: 'sales', person: '刘业务', count: 2 },
    { department: 'sales', person: ' 刘业务 ', count: 1 },
    { department: 'sales', person: null, count: 1 },
    { department: 'after-sales', person: '吴客服', count: 1 },
    { department: 'after-sales', person: 'Zhou', count: 2 },
  ];

  it('items handled: a unit that handles no feedback has no rate; people share their unit’s base', () => {
    const rows = complaintRates({ base: 'items-handled', attributed, handled: [{ department: 'after-sales', count: 40 }], volumes: [] });
    expect(rows).toEqual([
      { department: 'after-sales', person: null, complaints: 3, base: 40, rate: 0.075 },
      { department: 'after-sales', person: 'Zhou', complaints: 2, base: 40, rate: 0.05 },
      { department: 'after-sales', person: '吴客服', complaints: 1, base: 40, rate: 0.025 },
      { department: 'sales', person: null, complaints: 4, base: null, rate: null },
      { department: 'sales', person: '刘业务', complaints: 3, base: null, rate: null },
    ]);
  });

  it('orders: the imported volume of the month is the base, a zero or missing volume gives no rate', () => {
    const volumes = [
      { month: '2026-11', department: 'sales', orders: 1000, deliveries: 900 },
      { month: '2026-11', department: 'after-sales', orders: 0, deliveries: null },
    ];
    const rows = complaintRates({ base: 'orders', attributed, handled: [{ department: 'after-sales', count: 40 }], volumes });
    expect(rows.find((r) => r.department === 'sales' && r.person === null)).toMatchObject({ complaints: 4, base: 1000, rate: 0.004 });
    expect(rows.find((r) => r.department === 'sales' && r.person === '刘业务')).toMatchObject({ complaints: 3, rate: 0.003 });
    expect(rows.find((r) => r.department === 'after-sales' && r.person === null)).toMatchObject({ base: null, rate: null });
    expect(complaintRates({ base: 'deliveries', attributed, handled: [], volumes })[3]).toMatchObject({ department: 'sales', base: 900, rate: 0.0044 });
  });
});
