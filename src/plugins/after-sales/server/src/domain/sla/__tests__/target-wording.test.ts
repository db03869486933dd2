import { targetWording } from '../target-wording';

describe('targetWording: the promise as the customer reads it', () => {
  it('says working hours or calendar hours, in Chinese', () => {
    expect(targetWording({ amount: 24, unit: 'businessHours' }, 'zh-Hans')).toBe('24 个工作小时');
    expect(targetWording({ amount: 24, unit: 'hours' }, 'zh-Hans')).toBe('24 小时');
    expect(targetWording({ amount: 1, unit: 'businessDays' }, 'zh-Hans')).toBe('1 个工作日');
    expect(targetWording({ amount: 3, unit: 'days' }, 'zh-Hans')).toBe('3 天');
    expect(targetWording({ amount: 90, unit: 'minutes' }, 'zh-Hans')).toBe('90 分钟');
    expect(targetWording({ amount: 0.5, unit: 'businessDays' }, 'zh-Hans')).toBe('0.5 个工作日');
  });

  it('and in English, singular for one', () => {
    expect(targetWording({ amount: 48, unit: 'businessHours' }, 'en')).toBe('48 working hours');
    expect(targetWording({ amount: 24, unit: 'hours' }, 'en')).toBe('24 hours');
    expect(targetWording({ amount: 1, unit: 'businessDays' }, 'en')).toBe('1 working day');
    expect(targetWording({ amount: 2, unit: 'businessDays' }, 'en')).toBe('2 working days');
    expect(targetWording({ amount: 1, unit: 'days' }, 'en')).toBe('1 day');
    expect(targetWording({ amount: 1.5, unit: 'hours' }, 'en')).toBe('1.5 hours');
  });

  it('refuses a unit it does not know', () => {
    expect(() => targetWording({ amount: 1, unit: 'weeks' as never }, 'en')).toThrow(RangeError);
  });
});
