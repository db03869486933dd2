import { calendarCoverage } from '../calendar';
import { calendarCoverageWidget } from '../coverage-widget';
import { DEFAULT_CALENDAR } from '../default-calendar';

const shipped = { id: 'cn-mainland', name: '中国大陆工作日历', coverage: calendarCoverage(DEFAULT_CALENDAR, '2026-12-04') };

describe('the dashboard widget of the holiday calendars', () => {
  it('warns from 60 days before the last listed date, naming the calendar, the date and what applies after it', () => {
    const data = calendarCoverageWidget([{ ...shipped, coverage: { ...shipped.coverage, provisionalAfter: true } }], '2026-12-04');
    expect(data.rows).toEqual([{ calendar: '中国大陆工作日历', lastListedDate: '2026-12-31', daysLeft: 27, needsNotice: true, provisionalAfter: true }]);
    expect(data.note).toEqual({
      en: "Warning — 中国大陆工作日历: holidays are listed only up to 2026-12-31 (27 days left); after that, provisional holidays computed from the statutory rules are used. Import the State Council's next notice under Settings → After-sales → SLA calendars.",
      'zh-Hans': '注意 — 中国大陆工作日历：节假日仅列到 2026-12-31（还剩 27 天），之后按法定规则推算的暂定假日计算。请在 设置 → 售后 → 服务时限日历 导入国务院的下一份节假日通知。',
    });
  });

  it('says nothing is needed more than 60 days before; says how long ago the notices ended, or that none are listed', () => {
    const early = calendarCoverageWidget([{ id: 'cn', name: 'CN', coverage: calendarCoverage(DEFAULT_CALENDAR, '2026-10-31') }], '2026-10-31');
    expect(early.rows[0]).toMatchObject({ daysLeft: 61, needsNotice: false });
    expect(early.note).toEqual({ en: "Every calendar's holidays are listed more than 60 days ahead.", 'zh-Hans': '所有日历的节假日都已列到 60 天以后。' });
    const late = calendarCoverageWidget(
      [
        { id: 'cn', name: 'CN', coverage: { lastListedDate: '2026-12-31', warn: true, provisionalAfter: false } },
        { id: 'de', name: '', coverage: { lastListedDate: null, warn: true, provisionalAfter: false } },
      ],
      '2027-01-10'
    );
    expect(late.rows.map((r) => [r.calendar, r.daysLeft])).toEqual([
      ['CN', -10],
      ['de', null],
    ]);
    expect((late.note as { en: string }).en).toBe(
      "Warning — CN: holidays are listed only up to 2026-12-31 (10 days ago); after that, every weekday counts as a working day. de: no holidays are listed, every weekday counts as a working day. Import the State Council's next notice under Settings → After-sales → SLA calendars."
    );
  });
});
