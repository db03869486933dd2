import { columnProblem } from '../column-fit';

describe('columnProblem: a value the database column cannot hold is named before it gets there', () => {
  it.each([
    ['decimal', 1e12, /at most 99999999.99/],
    ['decimal', '1e9', /at most/],
    ['integer', 2 ** 31, /whole number/],
    ['integer', 1.5, /whole number/],
    ['date', '2026-02-30', /real date/],
    ['date', '0000-01-01', /real date/],
    ['date', 'tomorrow', /real date/],
    ['datetime', '2026-02-30T10:00:00Z', /real date/],
    ['datetime', 'not a time', /ISO 8601/],
    ['string', 'x'.repeat(256), /255/],
  ])('%s %p is refused', (type, value, message) => {
    expect(columnProblem(type, value)).toMatch(message);
  });

  it.each([
    ['decimal', 99999999.99],
    ['decimal', '12.5'],
    ['integer', -5],
    ['date', '2028-02-29'],
    ['datetime', '2026-11-22T10:00:00.000Z'],
    ['string', 'x'.repeat(255)],
    ['text', 'x'.repeat(100000)],
    ['decimal', null],
  ])('%s %p fits', (type, value) => {
    expect(columnProblem(type, value)).toBeNull();
  });
});
