import type { BusinessCalendar, CalendarHoliday, MakeUpWorkingDay, WorkingInterval } from './calendar';
import { addDays } from './local-date';

/**
 * The default business calendar, 'cn-mainland': Asia/Shanghai, Monday–Friday 09:00–12:00 and
 * 13:30–18:30 (8 working hours), with mainland China's 2026 public holidays and make-up working days.
 *
 * Source: 国务院办公厅关于2026年部分节假日安排的通知 (General Office of the State Council, notice on
 * the 2026 holiday arrangements), dated 4 November 2025, full text released by Xinhua the same day.
 * The dates below were checked against that Xinhua text as republished by gmw.cn (光明网), not
 * against gov.cn directly:
 *   元旦 1月1日(周四)至3日(周六)放假调休,共3天;1月4日(周日)上班。
 *   春节 2月15日(腊月二十八、周日)至23日(正月初七、周一)放假调休,共9天;2月14日(周六)、2月28日(周六)上班。
 *   清明节 4月4日(周六)至6日(周一)放假,共3天。
 *   劳动节 5月1日(周五)至5日(周二)放假调休,共5天;5月9日(周六)上班。
 *   端午节 6月19日(周五)至21日(周日)放假,共3天。
 *   中秋节 9月25日(周五)至27日(周日)放假,共3天。
 *   国庆节 10月1日(周四)至7日(周三)放假调休,共7天;9月20日(周日)、10月10日(周六)上班。
 * Weekend days inside a holiday period are listed as holidays too, so the file mirrors the notice.
 * Years after 2026 are provisional (`provisionalRules: 'cn-mainland-statutory'`, see
 * cn-statutory-holidays.ts): their holidays are computed from the statutory rules until an
 * administrator imports that year's notice (by hand, JSON or .ics import), which replaces them.
 */

export const DEFAULT_CALENDAR_ID = 'cn-mainland';

const WEEKDAY_HOURS: WorkingInterval[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:30' },
];

/** Every date from `first` to `last` inclusive, named `name`. */
const holidayRun = (first: string, last: string, name: string): CalendarHoliday[] => {
  const days: CalendarHoliday[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) days.push({ date, name });
  return days;
};

const HOLIDAYS_2026: CalendarHoliday[] = [
  ...holidayRun('2026-01-01', '2026-01-03', '元旦 New Year’s Day'),
  ...holidayRun('2026-02-15', '2026-02-23', '春节 Spring Festival'),
  ...holidayRun('2026-04-04', '2026-04-06', '清明节 Qingming Festival'),
  ...holidayRun('2026-05-01', '2026-05-05', '劳动节 Labour Day'),
  ...holidayRun('2026-06-19', '2026-06-21', '端午节 Dragon Boat Festival'),
  ...holidayRun('2026-09-25', '2026-09-27', '中秋节 Mid-Autumn Festival'),
  ...holidayRun('2026-10-01', '2026-10-07', '国庆节 National Day'),
];

const MAKE_UP_WORKING_DAYS_2026: MakeUpWorkingDay[] = [
  { date: '2026-01-04', name: '元旦调休上班 New Year make-up working day' },
  { date: '2026-02-14', name: '春节调休上班 Spring Festival make-up working day' },
  { date: '2026-02-28', name: '春节调休上班 Spring Festival make-up working day' },
  { date: '2026-05-09', name: '劳动节调休上班 Labour Day make-up working day' },
  { date: '2026-09-20', name: '国庆节调休上班 National Day make-up working day' },
  { date: '2026-10-10', name: '国庆节调休上班 National Day make-up working day' },
];

/** A fresh copy of the default calendar (safe to edit). */
export const createDefaultCalendar = (): BusinessCalendar => ({
  id: DEFAULT_CALENDAR_ID,
  name: '中国大陆工作日历 Mainland China business calendar',
  timeZone: 'Asia/Shanghai',
  weeklyHours: {
    mon: WEEKDAY_HOURS.map((h) => ({ ...h })),
    tue: WEEKDAY_HOURS.map((h) => ({ ...h })),
    wed: WEEKDAY_HOURS.map((h) => ({ ...h })),
    thu: WEEKDAY_HOURS.map((h) => ({ ...h })),
    fri: WEEKDAY_HOURS.map((h) => ({ ...h })),
    sat: [],
    sun: [],
  },
  holidays: HOLIDAYS_2026.map((h) => ({ ...h })),
  workingDays: MAKE_UP_WORKING_DAYS_2026.map((w) => ({ ...w })),
  provisionalRules: 'cn-mainland-statutory',
  source: '国务院办公厅关于2026年部分节假日安排的通知 (General Office of the State Council, 2025-11-04, released by Xinhua); verify against gov.cn and add later years in Settings',
});

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

/** The default calendar, frozen: copy it (`createDefaultCalendar()`) to change it. */
export const DEFAULT_CALENDAR: BusinessCalendar = deepFreeze(createDefaultCalendar());
