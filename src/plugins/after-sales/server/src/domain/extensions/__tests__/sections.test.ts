import { checkSectionData, MAX_SECTION_ROWS, SectionTimeout, withTimeout } from '../sections';

const table = (extra: Record<string, unknown> = {}) => ({
  columns: [
    { key: 'channel', title: { en: 'Channel', 'zh-Hans': '渠道' } },
    { key: 'sent', title: 'Sent' },
  ],
  rows: [{ channel: 'email', sent: 3 }],
  ...extra,
});
const messageOf = (value: unknown) => {
  const result = checkSectionData(value);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
};

describe('checkSectionData', () => {
  it('accepts a table and keeps only the declared columns, missing cells as null', () => {
    const result = checkSectionData({ ...table(), rows: [{ channel: 'email', sent: 3, secret: 'x' }, { channel: 'sms' }], note: { en: 'Outbox rows' } });
    expect(result).toEqual({
      ok: true,
      data: {
        columns: table().columns,
        rows: [
          { channel: 'email', sent: 3 },
          { channel: 'sms', sent: null },
        ],
        note: { en: 'Outbox rows' },
      },
    });
  });

  it('accepts no rows', () => {
    expect(checkSectionData(table({ rows: [] })).ok).toBe(true);
  });

  it.each([
    ['not an object', 'x', 'expected an object with columns and rows'],
    ['an array', [], 'expected an object with columns and rows'],
    ['no columns', { rows: [] }, 'columns must be a list of 1 to 20 columns'],
    ['empty columns', { columns: [], rows: [] }, 'columns must be a list of 1 to 20 columns'],
    [
      'a duplicate key',
      {
        columns: [
          { key: 'a', title: 'A' },
          { key: 'a', title: 'B' },
        ],
        rows: [],
      },
      'columns[1].key must be a distinct, non-empty text',
    ],
    ['a title without English', { columns: [{ key: 'a', title: { 'zh-Hans': '甲' } }], rows: [] }, 'columns[0].title must be a text or { en, zh-Hans }'],
    ['rows not a list', { columns: [{ key: 'a', title: 'A' }], rows: {} }, `rows must be a list of at most ${MAX_SECTION_ROWS} rows`],
    ['too many rows', { columns: [{ key: 'a', title: 'A' }], rows: Array.from({ length: MAX_SECTION_ROWS + 1 }, () => ({ a: 1 })) }, `rows must be a list of at most ${MAX_SECTION_ROWS} rows`],
    ['a row that is not an object', { columns: [{ key: 'a', title: 'A' }], rows: [1] }, 'rows[0] must be an object'],
    ['an object cell', { columns: [{ key: 'a', title: 'A' }], rows: [{ a: 1 }, { a: { nested: true } }] }, 'rows[1].a must be a text, a number, true/false or null'],
    ['a bad note', { columns: [{ key: 'a', title: 'A' }], rows: [], note: 3 }, 'note must be a text or { en, zh-Hans }'],
  ])('refuses %s, naming the part', (_label, value, message) => {
    expect(messageOf(value)).toBe(`the section's data is invalid: ${message}`);
  });
});

describe('withTimeout', () => {
  it('passes the value or the error of work that answers in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });

  it('rejects with SectionTimeout when the work is too slow', async () => {
    const slow = new Promise((resolve) => setTimeout(resolve, 200));
    const outcome = withTimeout(slow, 20).then(
      () => new Error('resolved'),
      (error: Error) => error
    );
    const error = await outcome;
    expect(error).toBeInstanceOf(SectionTimeout);
    expect(error.message).toBe('did not answer within 20 ms');
    await slow;
  });
});
