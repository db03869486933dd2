import { Lunar, Solar } from 'lunar-typescript';
import type { CalendarHoliday } from './calendar';
import { epochDayOf, isoDateOf, weekdayIndexOf } from './local-date';

/**
 * Provisional public holidays of mainland China for a year whose State Council notice is not out
 * yet (the notice comes each autumn for the next year). Computed from the statutory rules, so a
 * due date in a future year never counts the Spring Festival as working days.
 *
 * The rules: 《全国年节及纪念日放假办法》 as amended by State Council decree No. 795 (in force since
 * 2025-01-01), article 2: 元旦 1 day (1 January); 春节 4 days (除夕 and 正月初一 to 初三); 清明节 1 day
 * (the Qingming solar term); 劳动节 2 days (1–2 May); 端午节 1 day (五月初五); 中秋节 1 day (八月十五);
 * 国庆节 3 days (1–3 October). Article 6: a statutory holiday falling on a Saturday or Sunday is
 * made up on a working day; we give the next weekday after the festival (as the notices do).
 *
 * What is NOT derived: the yearly 调休 (weekends swapped to lengthen the Spring Festival, Labour
 * Day and National Day runs) follows no rule, so provisional years have no make-up working days and
 * shorter runs than the notice will give. The notice, once imported, replaces the provisional days
 * of its year. Lunar dates and the solar term come from `lunar-typescript` (6tail's lunar, no
 * dependencies, the usual Chinese-calendar library).
 */

export const CN_STATUTORY_RULES = 'cn-mainland-statutory';

interface Festival {
  name: string;
  /** The statutory days, in order. */
  days: string[];
}

const ymd = (solar: Solar) => solar.toYmd();

const festivalsOf = (year: number): Festival[] => {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  // The Qingming term of `year` always falls on 4–6 April: read it from the lunar year that holds
  // April of `year` (its solar-term table spans both Gregorian years).
  const qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()['清明'];
  return [
    { name: '元旦 New Year’s Day', days: [`${year}-01-01`] },
    {
      name: '春节 Spring Festival',
      days: [ymd(newYear.next(-1)), ymd(newYear), ymd(newYear.next(1)), ymd(newYear.next(2))],
    },
    { name: '清明节 Qingming Festival', days: [ymd(qingming)] },
    { name: '劳动节 Labour Day', days: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节 Dragon Boat Festival', days: [ymd(Lunar.fromYmd(year, 5, 5).getSolar())] },
    { name: '中秋节 Mid-Autumn Festival', days: [ymd(Lunar.fromYmd(year, 8, 15).getSolar())] },
    { name: '国庆节 National Day', days: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
};

const isWeekend = (epochDay: number) => weekdayIndexOf(epochDay) >= 5;

const cache = new Map<number, CalendarHoliday[]>();

/**
 * The provisional holidays of `year` (sorted, each `provisional: true`): the statutory days, the
 * weekend days inside a run, and one weekday after the run for each statutory day that fell on a
 * weekend or on another festival's day (中秋 and 国庆 share a date in some years).
 */
export const cnStatutoryHolidays = (year: number): CalendarHoliday[] => {
  if (!Number.isInteger(year) || year < 1901 || year > 2099) return [];
  const cached = cache.get(year);
  if (cached) return cached.map((h) => ({ ...h }));

  const taken = new Map<number, string>();
  const festivals = festivalsOf(year)
    .map((f) => ({ ...f, epochDays: f.days.map((d) => epochDayOf(d) as number) }))
    .sort((a, b) => a.epochDays[0] - b.epochDays[0]);
  for (const festival of festivals) {
    let owed = 0;
    let last = festival.epochDays[0] - 1;
    for (const day of festival.epochDays) {
      // Weekend days between statutory days belong to the run.
      for (let d = last + 1; d < day; d++) if (!taken.has(d)) taken.set(d, festival.name);
      if (taken.has(day) || isWeekend(day)) owed += 1;
      if (!taken.has(day)) taken.set(day, festival.name);
      last = day;
    }
    let day = last + 1;
    while (owed > 0) {
      if (!taken.has(day)) {
        taken.set(day, festival.name);
        if (!isWeekend(day)) owed -= 1;
      }
      day += 1;
    }
  }
  const holidays = [...taken.entries()].sort(([a], [b]) => a - b).map(([day, name]) => ({ date: isoDateOf(day), name: `${name}（暂定 provisional）`, provisional: true }));
  cache.set(year, holidays);
  return holidays.map((h) => ({ ...h }));
};
