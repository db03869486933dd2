export const DEMO_PRODUCTS = [
  { modelCode: 'AP-200', name: '空气净化器 AP-200 Air purifier', category: 'air-care', warrantyMonths: 24 },
  { modelCode: 'AP-350', name: '空气净化器 AP-350 Air purifier', category: 'air-care', warrantyMonths: 24 },
  { modelCode: 'WH-60', name: '电热水器 WH-60 Water heater', category: 'water', warrantyMonths: 36 },
  { modelCode: 'WP-10', name: '净水器 WP-10 Water purifier', category: 'water', warrantyMonths: 12 },
  { modelCode: 'RC-5', name: '扫地机器人 RC-5 Robot cleaner', category: 'cleaning', warrantyMonths: 12 },
  { modelCode: 'RC-7', name: '扫地机器人 RC-7 Robot cleaner', category: 'cleaning', warrantyMonths: 12 },
  { modelCode: 'DH-20', name: '除湿机 DH-20 Dehumidifier', category: 'air-care', warrantyMonths: 24 },
  { modelCode: 'SC-1', name: '智能插座 SC-1 Smart plug', category: 'smart-home', warrantyMonths: 12 },
  { modelCode: 'HUB-2', name: '智能网关 HUB-2 Smart hub', category: 'smart-home', warrantyMonths: 24 },
  { modelCode: 'APP', name: '智能家居 App Smart home app', category: 'software', warrantyMonths: 0 },
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];
const COMPANIES = ['上海明达科技有限公司', 'Nordic Home GmbH', '深圳华星电子', 'Sunrise Hotels Ltd.', ''];

/** Twenty customers: Chinese and English speakers, some companies, a few key accounts. */
export const demoCustomers = () =>
  Array.from({ length: 20 }, (_, i) => {
    const english = i % 4 === 3;
    const name = english ? ['Anna Schmidt', 'Tom Baker', 'Maria Rossi', 'James Lee', 'Sophie Martin'][i % 5] : `${SURNAMES[i % 10]}${GIVEN[(i * 3) % 10]}`;
    return {
      name,
      company: COMPANIES[i % COMPANIES.length] || undefined,
      phone: `+86 138 ${String(1000 + i * 37).padStart(4, '0')} ${String(8000 + i).padStart(4, '0')}`,
      email: `customer${String(i + 1).padStart(2, '0')}@example.cn`,
      wechat: english ? undefined : `wx_demo_${i + 1}`,
      address: english ? `${i + 1} Demo Street, Hamburg` : `上海市浦东新区演示路${i + 1}号`,
      // The key accounts hold a service contract: the segment rules make key customers of them
      // (the segment is written as the rules give it, not as a manual choice).
      serviceContract: i % 5 === 0,
      segment: i % 5 === 0 ? 'key' : 'regular',
      segmentReason: i % 5 === 0 ? 'service contract' : 'no rule applies',
      segmentManual: false,
      preferredChannel: ['hotline', 'email', 'in-app', 'chat', 'website'][i % 5],
      locale: english ? 'en' : 'zh-Hans',
      contactConsent: true,
    };
  });
