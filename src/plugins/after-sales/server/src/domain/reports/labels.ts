/**
 * Words of the monthly report for people (the printable page and the XLSX): codes such as
 * `service-complaint` or `feedback.acknowledgeBy` become 服务投诉 / 受理期限. Unknown codes are shown
 * as they are (an extension may add types or channels).
 */
export type ReportLocale = 'zh-Hans' | 'en';

const VALUES: Record<ReportLocale, Record<string, string>> = {
  'zh-Hans': {
    quality: '产品质量问题', suggestion: '功能建议', 'service-complaint': '服务投诉', 'usage-question': '使用咨询', praise: '表扬',
    urgent: '紧急', important: '重要', general: '一般',
    hotline: '客服热线', website: '官网', email: '电子邮件', 'in-app': 'App 内反馈', chat: '在线客服', social: '社交媒体', 'service-point': '服务网点', field: '现场',
    human: '人为因素', software: '软件(App)体验', other: '其他', minor: '轻微', serious: '严重',
    unclassified: '未分类', unknown: '未知',
  },
  en: {
    quality: 'Product quality', suggestion: 'Suggestion', 'service-complaint': 'Service complaint', 'usage-question': 'Usage question', praise: 'Praise',
    urgent: 'Urgent', important: 'Important', general: 'General',
    hotline: 'Hotline', website: 'Website', email: 'Email', 'in-app': 'In the app', chat: 'Online chat', social: 'Social media', 'service-point': 'Service point', field: 'On site',
    human: 'Human error', software: 'Software (app)', other: 'Other', minor: 'Minor', serious: 'Serious',
    unclassified: 'Unclassified', unknown: 'Unknown',
  },
};

const CLOCKS: Record<ReportLocale, Record<string, string>> = {
  'zh-Hans': {
    'feedback.acknowledgeBy': '反馈 · 受理', 'feedback.respondBy': '反馈 · 承诺答复', 'feedback.rootCauseBy': '反馈 · 原因分析', 'feedback.resolveBy': '反馈 · 解决', 'feedback.callbackBy': '反馈 · 回访',
    'complaint.respondBy': '投诉 · 答复', 'complaint.resolveBy': '投诉 · 解决', 'service-record.archiveBy': '服务记录 · 归档',
  },
  en: {
    'feedback.acknowledgeBy': 'Feedback · acknowledge', 'feedback.respondBy': 'Feedback · promised answer', 'feedback.rootCauseBy': 'Feedback · root cause', 'feedback.resolveBy': 'Feedback · resolve', 'feedback.callbackBy': 'Feedback · callback',
    'complaint.respondBy': 'Complaint · answer', 'complaint.resolveBy': 'Complaint · resolve', 'service-record.archiveBy': 'Service record · archive',
  },
};

export const REPORT_WORDS = {
  'zh-Hans': {
    title: '月度客户反馈分析报告',
    period: '统计期间', scope: '范围', allProducts: '全部产品', allDepartments: '全部部门', product: '产品型号', department: '部门', generated: '生成时间', timeZone: '时区',
    summary: '概览', volume: '反馈数量', byType: '按类型', bySeverity: '按严重程度', byChannel: '按渠道', sla: '服务时限达成', satisfaction: '客户满意度', complaints: '客户投诉',
    byCause: '按原因', byDepartment: '各部门投诉率', rootCauses: '主要原因', highFrequency: '高频问题',
    item: '项目', value: '数值', count: '数量', share: '占比', clock: '时限', counted: '统计数', met: '按时完成', overdueOpen: '已超时未完成', compliance: '达成率', median: '中位用时(小时)', p90: '90% 用时(小时)',
    responses: '回访答复数', average: '平均分', score: '评分', reopened: '重新打开', reopenRate: '重开率', items: '处理数', itemsHandled: '处理数', complaintCount: '投诉数', complaintRate: '投诉率', total: '合计',
    batch: '批次', issue: '问题', references: '单号', anyBatch: '全部批次', none: '无', workingHours: '工作时间', elapsedHours: '自然时间', measure: '计时方式',
    groupedBy: { type: '类型', 'knowledge-article': '知识库文章' } as Record<string, string>,
  },
  en: {
    title: 'Monthly customer feedback analysis',
    period: 'Period', scope: 'Scope', allProducts: 'all products', allDepartments: 'all departments', product: 'Product model', department: 'Department', generated: 'Generated', timeZone: 'Time zone',
    summary: 'Summary', volume: 'Feedback volume', byType: 'By type', bySeverity: 'By severity', byChannel: 'By channel', sla: 'Deadlines met (SLA)', satisfaction: 'Customer satisfaction', complaints: 'Complaints',
    byCause: 'By cause', byDepartment: 'Complaint rate per department', rootCauses: 'Top root causes', highFrequency: 'High-frequency issues',
    item: 'Item', value: 'Value', count: 'Count', share: 'Share', clock: 'Deadline', counted: 'Counted', met: 'Met', overdueOpen: 'Overdue, still open', compliance: 'Compliance', median: 'Median (hours)', p90: '90th percentile (hours)',
    responses: 'Answers', average: 'Average score', score: 'Score', reopened: 'Reopened', reopenRate: 'Reopen rate', items: 'Items', itemsHandled: 'Items handled', complaintCount: 'Complaints', complaintRate: 'Complaint rate', total: 'Total',
    batch: 'Batch', issue: 'Issue', references: 'References', anyBatch: 'any batch', none: 'None', workingHours: 'working time', elapsedHours: 'elapsed time', measure: 'Measured in',
    groupedBy: { type: 'type', 'knowledge-article': 'knowledge article' } as Record<string, string>,
  },
};

export const valueLabel = (locale: ReportLocale, code: string | null, fallback = 'unclassified') => VALUES[locale][code ?? fallback] ?? code ?? VALUES[locale][fallback];
export const clockLabel = (locale: ReportLocale, contentType: string, clock: string) => CLOCKS[locale][`${contentType}.${clock}`] ?? `${contentType} · ${clock}`;
export const reportLocaleOf = (value: unknown): ReportLocale => (typeof value === 'string' && value.startsWith('en') ? 'en' : 'zh-Hans');

/** `2026-11-01 00:00` in the report's time zone: instants are shown as local dates and times. */
export const localDateTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
