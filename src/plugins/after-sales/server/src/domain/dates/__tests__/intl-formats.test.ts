import { dateTimeFormat, numberFormat } from '../intl-formats';

describe('Intl formatters built once', () => {
  it('gives the same formatter for the same locale and options, another for others', () => {
    const a = dateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(dateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })).toBe(a);
    const b = dateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(b).not.toBe(a);
    const instant = new Date('2026-12-05T20:30:00Z');
    expect(a.format(instant)).toBe('2026-12-06');
    expect(b.format(instant)).toBe('2026-12-05');
    expect(numberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false }).format(1234.567)).toBe('1234.57');
    expect(numberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false })).toBe(numberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false }));
  });
});
