/**
 * Whether a value fits the database column Strapi makes for an attribute type (PostgreSQL is the
 * strict one: `decimal(10,2)`, `integer`, `varchar(255)`, `date`). Pure: no Strapi import.
 * Returns the problem, or null when the value fits (or is empty).
 */
const MAX_DECIMAL = 99999999.99;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const VARCHAR = 255;
const STRING_TYPES = new Set(['string', 'email', 'uid', 'enumeration', 'password']);

const isRealDay = (year: number, month: number, day: number) => {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export const columnProblem = (type: string, value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (STRING_TYPES.has(type)) {
    if (typeof value === 'string' && value.length > VARCHAR) return `must be at most ${VARCHAR} characters`;
    return null;
  }
  if (type === 'integer' || type === 'decimal' || type === 'float' || type === 'biginteger') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) return 'must be a number';
    if (type === 'integer' && (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX)) return `must be a whole number from ${INT_MIN} to ${INT_MAX}`;
    if (type === 'biginteger' && !Number.isInteger(n)) return 'must be a whole number';
    if (type === 'decimal' && Math.abs(n) > MAX_DECIMAL) return `must be at most ${MAX_DECIMAL} (two decimals)`;
    return null;
  }
  if (type === 'date') {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'must be a real date YYYY-MM-DD' : null;
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    return match && isRealDay(Number(match[1]), Number(match[2]), Number(match[3])) ? null : 'must be a real date YYYY-MM-DD';
  }
  if (type === 'datetime' || type === 'timestamp') {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) return 'must be a date and time (ISO 8601)';
    const year = date.getUTCFullYear();
    if (year < 1 || year > 9999) return 'must be a date between the years 1 and 9999';
    if (typeof value === 'string') {
      const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
      if (day && !isRealDay(Number(day[1]), Number(day[2]), Number(day[3]))) return 'must be a real date and time';
    }
    return null;
  }
  return null;
};
