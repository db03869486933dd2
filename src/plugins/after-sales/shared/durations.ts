/**
 * How long until, or since, a deadline: one pure function for every screen (dashboard, homepage
 * widgets, the side panel's SLA clocks). Shared by the server and the admin; no Strapi, no React.
 *
 * - Overdue is said in **calendar time** since the due date ("overdue by 174 days"): a customer
 *   waiting for half a year waits 174 days, not 520 "working days" of 8 hours.
 * - Time left is said in the clock's own measure: **working time** on the business calendar
 *   (working days as long as the calendar's standard day, then hours and minutes) for working-time
 *   targets, calendar time for `hours` / `days` targets.
 */
export type DurationUnit = 'day' | 'workingDay' | 'hour' | 'minute';
export interface DurationPart {
  value: number;
  unit: DurationUnit;
}

export interface DeadlineView {
  status: 'overdue' | 'left';
  /** `calendar` for overdue and for elapsed-time clocks, `working` for working-time clocks. */
  measure: 'calendar' | 'working';
  parts: DurationPart[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Calendar time: minutes under an hour; hours and minutes under two days; whole days from then on. */
export const calendarParts = (ms: number): DurationPart[] => {
  const abs = Math.max(0, Math.abs(ms));
  if (abs < HOUR) return [{ value: Math.max(abs > 0 ? 1 : 0, Math.floor(abs / MINUTE)), unit: 'minute' }];
  if (abs < 2 * DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return minutes
      ? [
          { value: hours, unit: 'hour' },
          { value: minutes, unit: 'minute' },
        ]
      : [{ value: hours, unit: 'hour' }];
  }
  return [{ value: Math.floor(abs / DAY), unit: 'day' }];
};

/** Working time: working days of `workingDayMs` and hours, or hours and minutes under one working day. */
export const workingParts = (ms: number, workingDayMs: number): DurationPart[] => {
  const abs = Math.max(0, Math.abs(ms));
  const days = workingDayMs > 0 ? Math.floor(abs / workingDayMs) : 0;
  const rest = abs - days * workingDayMs;
  const hours = Math.floor(rest / HOUR);
  const minutes = Math.floor((rest % HOUR) / MINUTE);
  const parts: DurationPart[] = [];
  if (days) parts.push({ value: days, unit: 'workingDay' });
  if (hours) parts.push({ value: hours, unit: 'hour' });
  if (!days && (minutes || !hours)) parts.push({ value: minutes, unit: 'minute' });
  return parts;
};

/**
 * The deadline of a running clock as staff should read it. `remainingMs` is the time left in the
 * clock's measure (negative once missed), `dueAt` and `now` give the calendar time overdue.
 */
export const deadlineView = (args: { remainingMs: number; dueAt: string | Date | null; now: Date | number; measure?: 'business' | 'elapsed' | null; workingDayMs?: number | null }): DeadlineView => {
  const { remainingMs, dueAt, measure } = args;
  const nowMs = typeof args.now === 'number' ? args.now : args.now.getTime();
  if (remainingMs < 0) {
    const dueMs = dueAt ? new Date(dueAt).getTime() : NaN;
    const overdue = Number.isFinite(dueMs) ? Math.max(nowMs - dueMs, MINUTE) : -remainingMs;
    return { status: 'overdue', measure: 'calendar', parts: calendarParts(overdue) };
  }
  if (measure === 'elapsed') return { status: 'left', measure: 'calendar', parts: calendarParts(remainingMs) };
  return { status: 'left', measure: 'working', parts: workingParts(remainingMs, args.workingDayMs ?? 8 * HOUR) };
};

/** `174 天`, `3 h 20 min`, `2 个工作日 3 小时`: the parts with the words of the interface's language. */
export const formatParts = (parts: DurationPart[], words: Record<DurationUnit, string>): string => parts.map((p) => `${p.value} ${words[p.unit]}`).join(' ');
