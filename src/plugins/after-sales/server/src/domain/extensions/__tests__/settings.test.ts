import { settingErrors } from '../settings';
import type { ConfigurationProperty } from '../types';

const properties: Record<string, ConfigurationProperty> = {
  companyName: { type: 'string', maxLength: 10, default: '', label: { en: 'Company name', 'zh-Hans': '公司名称' } },
  primaryColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', default: '#1d4ed8', description: { en: 'Colour', 'zh-Hans': '颜色' } },
  retentionMonths: { type: 'integer', minimum: 1, maximum: 600, default: 36 },
  enabled: { type: 'boolean', default: false },
  base: { type: 'string', enum: ['items-handled', 'orders'], default: 'items-handled', enumLabels: { orders: { en: 'Orders', 'zh-Hans': '订单数' } } },
  footerText: {
    type: 'object',
    additionalProperties: false,
    properties: { 'zh-Hans': { type: 'string', maxLength: 5 }, en: { type: 'string', maxLength: 5 } },
    default: { 'zh-Hans': '', en: '' },
  },
};

describe('settingErrors', () => {
  it('accepts values that fit (labels and descriptions are not part of the value schema)', () => {
    expect(settingErrors(properties, { companyName: 'Lumen', primaryColor: '#0a7d4f', retentionMonths: 12, enabled: true, base: 'orders', footerText: { en: 'Hi' } })).toEqual([]);
  });

  it('names each refused setting in the words of the error catalogue', () => {
    expect(settingErrors(properties, { companyName: 'x'.repeat(11) })).toEqual([{ path: 'data.companyName', message: 'must be a text of at most 10 characters' }]);
    expect(settingErrors(properties, { primaryColor: 'red' })).toEqual([{ path: 'data.primaryColor', message: 'does not have the expected form' }]);
    expect(settingErrors(properties, { retentionMonths: 0 })).toEqual([{ path: 'data.retentionMonths', message: 'must be a whole number from 1 to 600' }]);
    expect(settingErrors(properties, { retentionMonths: 2.5 })).toEqual([{ path: 'data.retentionMonths', message: 'must be a whole number from 1 to 600' }]);
    expect(settingErrors(properties, { enabled: 'yes' })).toEqual([{ path: 'data.enabled', message: 'must be true or false' }]);
    expect(settingErrors(properties, { base: 'weather' })).toEqual([{ path: 'data.base', message: 'must be one of: items-handled, orders' }]);
    expect(settingErrors(properties, { colour: '#fff' })).toEqual([{ path: 'data.colour', message: 'is not allowed' }]);
  });

  it('points at the part of an object value that is wrong (one language of a per-language text)', () => {
    expect(settingErrors(properties, { footerText: { 'zh-Hans': '太长的页脚文字', en: 'ok' } })).toEqual([{ path: 'data.footerText.zh-Hans', message: 'must be a text of at most 5 characters' }]);
    expect(settingErrors(properties, { footerText: { fr: 'Bonjour' } })).toEqual([{ path: 'data.footerText.fr', message: 'is not allowed' }]);
  });

  it('reports every refused setting, not only the first', () => {
    expect(settingErrors(properties, { primaryColor: 'red', enabled: 1 }).map((e) => e.path)).toEqual(['data.primaryColor', 'data.enabled']);
  });
});
