import { dayBounds } from '../dashboard/period';
import { dateTimeFormat } from './intl-formats';

/**
 * Plausibility of the dates staff and API clients write on a work item. A typing slip such as
 * `2026/12/02` read as 2002-12-02 must be refused with the field named, not stored (it then shows
 * a deadline "over by 217296 h").
 *
 * - `event`: something that happened to the item (acknowledged, resolved, performed, returned,
 *   signed, closed…): not before the local day the item was created, not after today.
 * - `planned`: a planned date or a due date (visit scheduled, short-term fix due…): not before the
 *   local day the item was created, at most `maxFutureDays` ahead.
 * - `history`: a date before the item (purchase, order, delivery): at most `maxPastYears` back,
 *   not after the day the item was created.
 */
export type DateKind = 'event' | 'planned' | 'history';

export const DATE_FIELDS: Record<string, Record<string, DateKind>> = {
  'api::feedback.feedback': {
    acknowledgeBy: 'planned',
    respondBy: 'planned',
    rootCauseBy: 'planned',
    resolveBy: 'planned',
    callbackBy: 'planned',
    acknowledgedAt: 'event',
    resolvedAt: 'event',
    closedAt: 'event',
  },
  'api::complaint.complaint': {
    orderDate: 'history',
    deliveryDate: 'history',
    acknowledgeBy: 'planned',
    respondBy: 'planned',
    resolveBy: 'planned',
    closedAt: 'event',
  },
  'api::service-record.service-record': {
    purchaseDate: 'history',
    scheduledAt: 'planned',
    performedAt: 'event',
    returnedAt: 'event',
    archiveBy: 'planned',
    signedAt: 'event',
    archivedAt: 'event',
  },
  'api::improvement-record.improvement-record': {
    shortTermDueDate: 'planned',
    longTermDueDate: 'planned',
    internallyVerifiedAt: 'event',
    customerVerifiedAt: 'event',
    closedAt: 'event',
  },
};

export interface DateBoundsOptions {
  /** When the item was created (now, for an item being created). */
  createdAt: Date;
  now: Date;
  timeZone: string;
  /** How far ahead a planned date may be; default 730 days (two years). */
  maxFutureDays?: number;
  /** How far back a purchase, order or delivery date may be; default 30 years. */
  maxPastYears?: number;
}

export interface DateProblem {
  field: string;
  /** `date-invalid`, `date-before-item`, `date-in-future`, `date-too-far-ahead`, `date-too-old`, `date-after-item`. */
  code: string;
  message: string;
  /** The values in the message (`created`, `got`, `today`, `days`, `years`), for its translation. */
  values: Record<string, string>;
}

const DAY = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601 as JSON and the admin send it: `2026-12-02`, `2026-12-02T09:30`, `…:00.000Z`, `…+08:00`. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

const localDay = (instant: Date, timeZone: string) => dayBounds(instant, timeZone);
const isoDay = (instant: Date, timeZone: string) => dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

/** Reads a written value as an instant; `date` values (YYYY-MM-DD) as the start of that local day. */
export const readDate = (value: unknown, timeZone: string): Date | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : null;
  if (typeof value !== 'string' || !ISO_DATETIME.test(value.trim())) return null;
  const text = value.trim();
  if (ISO_DAY.test(text)) {
    const [y, m, d] = text.split('-').map(Number);
    const utc = new Date(Date.UTC(y, m - 1, d));
    if (utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
    return localDay(new Date(utc.getTime() + 12 * 3600_000), timeZone).start;
  }
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
};

/**
 * The problems of the dates in `data` for an item of content type `uid` (empty when all are
 * plausible or `uid` has no dated fields). Empty values (null, '') are not checked here.
 */
export const checkDates = (uid: string, data: Record<string, unknown>, options: DateBoundsOptions): DateProblem[] => {
  const fields = DATE_FIELDS[uid];
  if (!fields) return [];
  const { timeZone, now, createdAt, maxFutureDays = 730, maxPastYears = 30 } = options;
  const createdDay = localDay(createdAt, timeZone);
  const today = localDay(now, timeZone);
  const problems: DateProblem[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const value = data[field];
    if (value === undefined || value === null || value === '') continue;
    const instant = readDate(value, timeZone);
    if (!instant) {
      problems.push({ field, code: 'date-invalid', message: `is not a date (write YYYY-MM-DD or an ISO 8601 date and time)`, values: {} });
      continue;
    }
    const created = isoDay(createdAt, timeZone);
    if (kind === 'history') {
      const earliest = new Date(createdDay.start.getTime() - maxPastYears * 365.25 * DAY);
      if (instant.getTime() >= createdDay.end.getTime())
        problems.push({ field, code: 'date-after-item', message: `must not be after the day this item was created (${created})`, values: { created } });
      else if (instant < earliest)
        problems.push({ field, code: 'date-too-old', message: `must not be more than ${maxPastYears} years before this item (${created})`, values: { created, years: String(maxPastYears) } });
      continue;
    }
    const got = isoDay(instant, timeZone);
    if (instant < createdDay.start) {
      problems.push({ field, code: 'date-before-item', message: `must not be before the day this item was created (${created}); got ${got}`, values: { created, got } });
    } else if (kind === 'event' && instant.getTime() >= today.end.getTime()) {
      problems.push({ field, code: 'date-in-future', message: `must not be in the future (after ${isoDay(now, timeZone)}); got ${got}`, values: { today: isoDay(now, timeZone), got } });
    } else if (kind === 'planned' && instant.getTime() >= today.end.getTime() + maxFutureDays * DAY) {
      problems.push({ field, code: 'date-too-far-ahead', message: `must be within ${maxFutureDays} days from today; got ${got}`, values: { days: String(maxFutureDays), got } });
    }
  }
  return problems;
};
