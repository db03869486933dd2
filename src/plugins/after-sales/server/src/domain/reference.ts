import { dateTimeFormat } from './dates/intl-formats';
/**
 * Human-readable references: PREFIX-YYYYMMDD-NNNN, the date taken in the business time zone and
 * NNNN the 1-based position of the item in that day's sequence (wider than 4 digits past 9999).
 */

const REFERENCE_PATTERN = /^([A-Z]{2})-(\d{8})-(\d{4,})$/;

/** The calendar day of `instant` in `timeZone`, as YYYYMMDD. */
export const dayKey = (instant: Date, timeZone: string): string => {
  // One formatter per zone (dateTimeFormat): constructing one costs far more than using it (it showed up in the intake profile).
  const parts = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
};

export const formatReference = (prefix: string, day: string, sequence: number): string => {
  if (!/^[A-Z]{2}$/.test(prefix)) throw new Error(`Invalid reference prefix: ${prefix}`);
  if (!/^\d{8}$/.test(day)) throw new Error(`Invalid reference day: ${day}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`Invalid reference sequence: ${sequence}`);
  return `${prefix}-${day}-${String(sequence).padStart(4, '0')}`;
};

export const parseReference = (reference: string): { prefix: string; day: string; sequence: number } | null => {
  const match = REFERENCE_PATTERN.exec(reference);
  if (!match) return null;
  return { prefix: match[1], day: match[2], sequence: Number(match[3]) };
};
