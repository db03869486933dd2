/**
 * The names of the built-in clocks in what we write to staff (escalation notices), the same as the
 * admin shows (`clock.*` in the admin translations); a clock an item kind titles itself uses its title.
 */
export const CLOCK_TITLES: Record<string, { 'zh-Hans': string; en: string }> = {
  acknowledgeBy: { 'zh-Hans': '受理期限', en: 'Acknowledge by' },
  respondBy: { 'zh-Hans': '承诺答复期限', en: 'Promised reply by' },
  rootCauseBy: { 'zh-Hans': '原因分析期限', en: 'Root cause by' },
  resolveBy: { 'zh-Hans': '解决期限', en: 'Resolve by' },
  callbackBy: { 'zh-Hans': '回访期限', en: 'Callback by' },
  archiveBy: { 'zh-Hans': '归档期限', en: 'Archive by' },
  planBy: { 'zh-Hans': '方案提交期限', en: 'Plan proposed by' },
  closeBy: { 'zh-Hans': '关闭期限', en: 'Close by' },
};
