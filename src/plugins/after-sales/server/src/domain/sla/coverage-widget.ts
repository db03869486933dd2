import { NOTICE_WARNING_DAYS, type CalendarCoverage } from './calendar';
import { epochDayOf } from './local-date';
import type { SectionData } from '../extensions/sections';

/** One stored calendar as the dashboard widget sees it. */
export interface CalendarCoverageRow {
  id: string;
  name: string;
  coverage: CalendarCoverage;
}

/**
 * The dashboard's holiday-calendar widget (issue #21: the same warning as the SLA calendars page,
 * from 60 days before the last date a State Council notice lists). One row per calendar; the note
 * under the table is the warning itself, naming each calendar that needs the next notice, in both
 * languages (the widget's cells are language-neutral: names, dates, numbers, yes/no).
 */
export const calendarCoverageWidget = (calendars: CalendarCoverageRow[], today: string): SectionData => {
  const todayDay = epochDayOf(today);
  const daysLeftOf = (date: string | null) => {
    const last = date ? epochDayOf(date) : null;
    return last === null || todayDay === null ? null : last - todayDay;
  };
  const rows = calendars.map(({ id, name, coverage }) => ({
    calendar: name || id,
    lastListedDate: coverage.lastListedDate,
    daysLeft: daysLeftOf(coverage.lastListedDate),
    needsNotice: coverage.warn,
    provisionalAfter: coverage.provisionalAfter,
  }));
  const warned = calendars.filter((c) => c.coverage.warn);
  const sentence = (c: CalendarCoverageRow, language: 'en' | 'zh-Hans') => {
    const name = c.name || c.id;
    const date = c.coverage.lastListedDate;
    const days = daysLeftOf(date);
    if (language === 'zh-Hans') {
      if (date === null) return `${name}：未列出任何节假日，${c.coverage.provisionalAfter ? '只按法定规则推算的暂定假日计算' : '每个工作日都按上班计算'}`;
      const after = c.coverage.provisionalAfter ? '，之后按法定规则推算的暂定假日计算' : '，之后每个工作日都按上班计算';
      return `${name}：节假日仅列到 ${date}（${days! >= 0 ? `还剩 ${days} 天` : `已过 ${-days!} 天`}）${after}`;
    }
    if (date === null)
      return `${name}: no holidays are listed, ${c.coverage.provisionalAfter ? 'only provisional holidays computed from the statutory rules are used' : 'every weekday counts as a working day'}`;
    const after = c.coverage.provisionalAfter ? '; after that, provisional holidays computed from the statutory rules are used' : '; after that, every weekday counts as a working day';
    return `${name}: holidays are listed only up to ${date} (${days! >= 0 ? `${days} days left` : `${-days!} days ago`})${after}`;
  };
  const note = warned.length
    ? {
        en: `Warning — ${warned.map((c) => sentence(c, 'en')).join('. ')}. Import the State Council's next notice under Settings → After-sales → SLA calendars.`,
        'zh-Hans': `注意 — ${warned.map((c) => sentence(c, 'zh-Hans')).join('。')}。请在 设置 → 售后 → 服务时限日历 导入国务院的下一份节假日通知。`,
      }
    : {
        en: `Every calendar's holidays are listed more than ${NOTICE_WARNING_DAYS} days ahead.`,
        'zh-Hans': `所有日历的节假日都已列到 ${NOTICE_WARNING_DAYS} 天以后。`,
      };
  return {
    columns: [
      { key: 'calendar', title: { en: 'Calendar', 'zh-Hans': '日历' } },
      { key: 'lastListedDate', title: { en: 'Holidays listed up to', 'zh-Hans': '节假日列到' } },
      { key: 'daysLeft', title: { en: 'Days left', 'zh-Hans': '剩余天数' } },
      { key: 'needsNotice', title: { en: 'Next notice needed', 'zh-Hans': '需导入新通知' } },
      { key: 'provisionalAfter', title: { en: 'Provisional holidays after it', 'zh-Hans': '之后使用暂定假日' } },
    ],
    rows,
    note,
  };
};
