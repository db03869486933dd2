import { useIntl } from 'react-intl';
import { deadlineView, formatParts, type DeadlineView } from '../../../shared/durations';
import { getTranslation } from './getTranslation';

/**
 * The one way a deadline reads in the admin (dashboard, homepage widgets, side panel): overdue in
 * calendar time ("已超时 174 天"), time left in working time ("剩余工作时间 2 个工作日 3 小时")
 * or, for elapsed-time clocks, in calendar time. The arithmetic is shared/durations.ts.
 */
export const useDeadlineText = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  return (
    clock: { remainingMs: number; dueAt: string | null; measure?: 'business' | 'elapsed' | null; workingDayMs?: number | null },
    now: number = Date.now()
  ): { view: DeadlineView; text: string } => {
    const view = deadlineView({ ...clock, now });
    const words = { day: t('time.day', 'd'), workingDay: t('time.workingDay', 'working d'), hour: t('time.hour', 'h'), minute: t('time.minute', 'min') };
    const duration = formatParts(view.parts, words);
    const text =
      view.status === 'overdue'
        ? t('deadline.overdue', 'overdue by {duration}', { duration })
        : view.measure === 'working'
          ? t('deadline.leftWorking', '{duration} of working time left', { duration })
          : t('deadline.leftCalendar', '{duration} left', { duration });
    return { view, text };
  };
};
