/**
 * One CSV cell: empty for null, quoted when it holds a comma, quote or line break. Text starting
 * with = + - @ is neutralised so that a spreadsheet never runs it as a formula.
 */
export const csvCell = (value: string | number | null) => {
  if (value === null) return '';
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Rows as a CSV document spreadsheets open in UTF-8 (byte order mark, CRLF line ends). */
export const csvDocument = (rows: (string | number | null)[][]) => `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
