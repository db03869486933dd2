import type { StaffFigures, SupervisorView } from '../../../../shared/supervisor';
import { csvDocument } from '../reports/csv';
import { clockLabel, type ReportLocale } from '../reports/labels';

const WORDS: Record<ReportLocale, Record<string, string>> = {
  'zh-Hans': {
    title: '主管视图',
    period: '期间',
    name: '姓名',
    email: '邮箱',
    kind: '岗位',
    departments: '部门',
    handled: '处理事项',
    feedback: '反馈',
    complaint: '投诉',
    serviceRecord: '服务记录',
    onTime: '按时率（全部时限）',
    median: '处理时长中位数（小时）',
    satisfaction: '满意度平均分',
    responses: '评分数',
    reopenRate: '重开率',
    complaints: '被判定负责的投诉',
    training: '参加培训',
    sessions: '培训课程',
    agent: '客服',
    engineer: '工程师',
    other: '其他',
  },
  en: {
    title: "Supervisor's view",
    period: 'Period',
    name: 'Name',
    email: 'Email',
    kind: 'Position',
    departments: 'Departments',
    handled: 'Items handled',
    feedback: 'Feedback',
    complaint: 'Complaints',
    serviceRecord: 'Service records',
    onTime: 'On time (all deadlines)',
    median: 'Median handling time (hours)',
    satisfaction: 'Satisfaction average',
    responses: 'Scores',
    reopenRate: 'Reopen rate',
    complaints: 'Complaints found responsible',
    training: 'Training sessions',
    sessions: 'Sessions',
    agent: 'Agent',
    engineer: 'Engineer',
    other: 'Other',
  },
};

const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);
const hours = (ms: number | null) => (ms === null ? null : Number((ms / 3_600_000).toFixed(1)));

/**
 * The view as a CSV for people, in the admin's language (like the monthly report's CSV asked with a
 * `locale`): the title and period, then one line per staff member with each figure, the on-time
 * rate of each deadline (`met/total` and the share), and the training sessions attended.
 */
export const supervisorCsv = (view: SupervisorView, locale: ReportLocale): string => {
  const w = WORDS[locale];
  const clocks = view.staff[0]?.onTime.clocks.map((c) => ({ contentType: c.contentType, clock: c.clock })) ?? [];
  const kindOf = (contentType: string) => contentType.split('.').pop() ?? contentType;
  const header = [
    w.name,
    w.email,
    w.kind,
    w.departments,
    w.handled,
    w.feedback,
    w.complaint,
    w.serviceRecord,
    w.onTime,
    ...clocks.map((c) => clockLabel(locale, kindOf(c.contentType), c.clock)),
    w.median,
    w.satisfaction,
    w.responses,
    w.reopenRate,
    w.complaints,
    w.training,
    w.sessions,
  ];
  const line = (s: StaffFigures) => [
    s.person.name,
    s.person.email,
    w[s.person.kind],
    s.person.departments.join(' / '),
    s.handled.total,
    s.handled.feedback,
    s.handled.complaint,
    s.handled.serviceRecord,
    percent(s.onTime.rate),
    ...s.onTime.clocks.map((c) => (c.total ? `${c.met}/${c.total} (${percent(c.rate)})` : null)),
    hours(s.medianHandlingMs),
    s.satisfaction.average,
    s.satisfaction.responses,
    percent(s.reopen.rate),
    s.complaintsResponsible,
    s.training.count,
    s.training.sessions.map((t) => `${t.date} ${t.topic}`).join('; '),
  ];
  return csvDocument([[w.title], [w.period, `${view.period.from} – ${view.period.to}`], [], header, ...view.staff.map(line)]);
};
