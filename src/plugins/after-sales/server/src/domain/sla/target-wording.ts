import type { Target } from '../../../../shared/sla-policy';
import { numberFormat } from '../dates/intl-formats';

/**
 * A target as the customer reads it ("24 个工作小时", "24 working hours", "3 天"): the amount and
 * whether it counts working time or calendar time, so a message promises what the clock measures
 * (004 二(一): tell the customer the expected time; issue #21: say whether working or calendar hours).
 */
const ZH: Record<Target['unit'], string> = {
  minutes: '分钟',
  hours: '小时',
  days: '天',
  businessHours: '个工作小时',
  businessDays: '个工作日',
};
const EN: Record<Target['unit'], [one: string, many: string]> = {
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  days: ['day', 'days'],
  businessHours: ['working hour', 'working hours'],
  businessDays: ['working day', 'working days'],
};

const amountText = (amount: number, locale: string) => numberFormat(locale === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 2, useGrouping: false }).format(amount);

export const targetWording = (target: Target, locale: string): string => {
  if (!(target.unit in ZH)) throw new RangeError(`unknown target unit ${JSON.stringify(target.unit)}`);
  const amount = amountText(target.amount, locale);
  if (locale === 'en') return `${amount} ${EN[target.unit][target.amount === 1 ? 0 : 1]}`;
  return `${amount} ${ZH[target.unit]}`;
};
