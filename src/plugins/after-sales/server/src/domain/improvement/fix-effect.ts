/**
 * "Did the fix work" (004 二(五): 每月……分析……改进方案有效性): the issue's rate before and after an
 * improvement was released, as items of the issue registered per month. The months are whole
 * calendar months in the business time zone: `window` months before the release month, and the
 * whole months after it up to the report's month (at most `window`). The release month itself is
 * in neither (part before, part after the fix). Pure: the caller gives the items' months.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-03` moved by `n` months (`n` may be negative). */
export const addMonths = (month: string, n: number): string => {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** Months from `a` to `b` (b − a; negative when b is before a). */
export const monthsBetween = (a: string, b: string): number => {
  const [ya, ma] = a.split('-').map(Number);
  const [yb, mb] = b.split('-').map(Number);
  return (yb - ya) * 12 + (mb - ma);
};

export interface EffectWindows {
  /** First and last month (both included) before the release; `months` of them. */
  before: { from: string; to: string; months: number };
  /** First and last month after the release counted so far; null when no whole month has passed by the report's month. */
  after: { from: string; to: string; months: number } | null;
}

/** The windows for a fix released in `releaseMonth`, seen from the report of `reportMonth`. */
export const effectWindows = (releaseMonth: string, reportMonth: string, window: number): EffectWindows => {
  const span = Math.max(1, Math.floor(window));
  const before = { from: addMonths(releaseMonth, -span), to: addMonths(releaseMonth, -1), months: span };
  const afterMonths = Math.min(span, monthsBetween(releaseMonth, reportMonth));
  return { before, after: afterMonths >= 1 ? { from: addMonths(releaseMonth, 1), to: addMonths(releaseMonth, afterMonths), months: afterMonths } : null };
};

export interface FixEffect {
  before: { items: number; months: number; perMonth: number };
  after: { items: number; months: number; perMonth: number } | null;
  /** (after − before) ÷ before, in %, one decimal; null without an after window or with nothing before. */
  changePercent: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Counts the items (one month each, `YYYY-MM`) into the windows: items per month before and after, and the change. */
export const fixEffect = (itemMonths: readonly string[], windows: EffectWindows): FixEffect => {
  const within = (w: { from: string; to: string }) => itemMonths.filter((m) => m >= w.from && m <= w.to).length;
  const beforeItems = within(windows.before);
  const before = { items: beforeItems, months: windows.before.months, perMonth: round1(beforeItems / windows.before.months) };
  if (!windows.after) return { before, after: null, changePercent: null };
  const afterItems = within(windows.after);
  const after = { items: afterItems, months: windows.after.months, perMonth: round1(afterItems / windows.after.months) };
  const exactBefore = beforeItems / windows.before.months;
  const exactAfter = afterItems / windows.after.months;
  return { before, after, changePercent: exactBefore > 0 ? round1(((exactAfter - exactBefore) / exactBefore) * 100) : null };
};

/**
 * The inform clock of one linked item (004 二(四) 信息同步: the customer told within 1 working day of
 * the fix): `told` once the message went out (met when by the due time), `unreachable` when no
 * channel could carry it, else `waiting` or `overdue` by the clock.
 */
export const noticeStatus = (notice: { dueAt: string; sentAt: string | null; unreachable: string | null }, now: Date): 'told' | 'unreachable' | 'waiting' | 'overdue' => {
  if (notice.sentAt) return 'told';
  if (notice.unreachable) return 'unreachable';
  return Date.parse(notice.dueAt) < now.getTime() ? 'overdue' : 'waiting';
};
