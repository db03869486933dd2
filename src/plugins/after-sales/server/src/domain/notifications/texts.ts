import type { NotificationKind } from './kinds';
import { dateTimeFormat } from '../dates/intl-formats';

/** What a notification says; the admin has the same sentences in its translation files. */
export interface NotificationParams {
  reference: string;
  summary?: string | null;
  /** Who caused it (the colleague who assigned, wrote the note…). */
  actor?: string | null;
  /** About to breach: the clock and when it runs out (ISO). */
  clock?: string | null;
  dueAt?: string | null;
}

type Locale = 'zh-Hans' | 'en';

const SENTENCES: Record<Locale, Record<NotificationKind, (p: NotificationParams) => string>> = {
  'zh-Hans': {
    'new-in-department': (p) => `本部门有新工单 ${p.reference}`,
    assigned: (p) => `${p.actor ? `${p.actor} 将` : ''}工单 ${p.reference} 分派给了您`,
    'customer-replied': (p) => `客户回复了您的工单 ${p.reference}`,
    'approval-waiting': (p) => `工单 ${p.reference} 的方案等待您审批`,
    'department-informed': (p) => `${p.reference} 已登记，责任部门为贵部门，请知悉`,
    mentioned: (p) => `${p.actor ?? '同事'} 在工单 ${p.reference} 的备注中提到了您`,
    'about-to-breach': (p) => `您的工单 ${p.reference} 即将超时${p.dueAt ? `（截止 ${formatTime(p.dueAt, 'zh-Hans')}）` : ''}`,
  },
  en: {
    'new-in-department': (p) => `New item ${p.reference} in your department`,
    assigned: (p) => `${p.reference} was assigned to you${p.actor ? ` by ${p.actor}` : ''}`,
    'customer-replied': (p) => `The customer replied on your item ${p.reference}`,
    'approval-waiting': (p) => `The plan of ${p.reference} is waiting for your approval`,
    'department-informed': (p) => `${p.reference} was recorded with your department as responsible, for your attention`,
    mentioned: (p) => `${p.actor ?? 'A colleague'} mentioned you in a note on ${p.reference}`,
    'about-to-breach': (p) => `Your item ${p.reference} is about to breach its deadline${p.dueAt ? ` (due ${formatTime(p.dueAt, 'en')})` : ''}`,
  },
};

/** Shanghai time, as the hotline reads it. */
const formatTime = (iso: string, locale: Locale) =>
  dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const notificationText = (kind: NotificationKind, params: NotificationParams, locale: Locale): string => SENTENCES[locale][kind](params);

/** One notification by email: the sentence as subject, the item's summary and its link below. */
export const notificationEmail = (kind: NotificationKind, params: NotificationParams, locale: Locale, link: string) => {
  const subject = `[${locale === 'en' ? 'After-sales' : '售后'}] ${notificationText(kind, params, locale)}`;
  const lines = [notificationText(kind, params, locale), params.summary ? `\n${params.summary}` : '', `\n${locale === 'en' ? 'Open' : '打开'}: ${link}`];
  return { subject, bodyText: lines.join('\n').replace(/\n{3,}/g, '\n\n') };
};

/** Several notifications in one email (a member over the hourly limit). */
export const digestEmail = (entries: { kind: NotificationKind; params: NotificationParams; link: string }[], locale: Locale) => {
  const subject = locale === 'en' ? `[After-sales] ${entries.length} notifications` : `[售后] 您有 ${entries.length} 条新通知`;
  const intro = locale === 'en' ? 'Since the last email:' : '自上一封邮件以来：';
  const body = [intro, '', ...entries.map((e) => `- ${notificationText(e.kind, e.params, locale)}\n  ${e.link}`)].join('\n');
  return { subject, bodyText: body };
};
