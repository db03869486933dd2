import type { Core } from '@strapi/strapi';
import type { Random } from './random';

/** Demo feedback, complaints and service records over the last six months, in realistic proportions. */

const DAY = 24 * 3600 * 1000;

const CHANNELS = ['hotline', 'website', 'email', 'in-app', 'chat', 'social', 'service-point', 'field'] as const;
const TYPES = ['quality', 'quality', 'quality', 'suggestion', 'service-complaint', 'usage-question', 'usage-question', 'praise'] as const;
const SEVERITY_BY_TYPE: Record<string, readonly string[]> = {
  quality: ['urgent', 'important', 'important', 'general', 'general'],
  suggestion: ['suggestion'],
  'service-complaint': ['important', 'general'],
  'usage-question': ['general'],
  praise: ['general'],
};
const STATES = ['received', 'acknowledged', 'triaged', 'in-progress', 'waiting', 'resolved', 'callback', 'closed', 'closed', 'closed', 'closed', 'duplicate', 'rejected'] as const;

const SYMPTOMS: Record<string, string[]> = {
  quality: ['开机后异响,三档时明显', '显示 E3 故障代码后停止加热', '电池续航只有 20 分钟', 'The unit smells burnt after an hour', '插座外壳发烫,有焦味', 'Water leaks from the relief valve'],
  suggestion: ['希望 App 增加定时功能', 'Please add a night mode with dimmer lights', '建议滤网提醒提前一周'],
  'service-complaint': ['上门工程师迟到两个小时', 'The hotline kept me waiting for 40 minutes', '维修后未告知结果'],
  'usage-question': ['如何复位滤网指示灯?', 'How do I pair the hub with Zigbee devices?', '净水器 TDS 值偏高是否正常?'],
  praise: ['工程师很专业,问题一次解决', 'Great service, thank you!'],
};

export interface DemoRefs {
  customers: { documentId: string }[];
  products: { documentId: string; modelCode: string }[];
  departments: Record<string, { documentId: string }>;
  offices: Record<string, { documentId: string }>;
  users: Record<string, number>;
  articles: { documentId: string }[];
}

/**
 * The office an item came through, spread by position (not drawn, so the rest of the demo's random
 * sequence stays the same): Shanghai, Beijing, Hangzhou, then head office (no office).
 */
const officeOf = (refs: DemoRefs, i: number) => {
  const code = (['shanghai', 'beijing', 'hangzhou', null] as const)[i % 4];
  return code ? refs.offices[code]?.documentId : undefined;
};

/** Creates the document with the plugin's clock set to its (past) creation time, so its reference carries that day. */
const createAt = async <T>(strapi: Core.Strapi, at: Date, create: () => Promise<T>): Promise<T> => {
  const clock = strapi.plugin('after-sales').service('clock');
  clock.set(at);
  try {
    return await create();
  } finally {
    clock.set(null);
  }
};

/**
 * A moment that has happened: what is done (acknowledged, resolved, closed, performed, signed) is dated no later
 * than a minute before the demo was made. The drawn durations would otherwise date a recent item's closing days
 * ahead, and lists sorted by it (the supervisor's, "recently closed") would open with work done tomorrow.
 * Clamping keeps each item's order of events (created ≤ resolved ≤ closed).
 */
const happened = (at: Date, now: Date) => new Date(Math.min(at.getTime(), now.getTime() - 60_000));

const setTimestamps = async (strapi: Core.Strapi, uid: string, documentId: string, data: Record<string, unknown>) => {
  await strapi.db.query(uid as any).update({ where: { documentId }, data });
};

export const seedFeedback = async (strapi: Core.Strapi, random: Random, refs: DemoRefs, now: Date) => {
  const created: string[] = [];
  for (let i = 0; i < 100; i++) {
    const type = random.pick(TYPES);
    const severity = random.pick(SEVERITY_BY_TYPE[type]);
    const state = random.pick(STATES);
    const product = random.pick(refs.products);
    const createdAt = new Date(now.getTime() - random.int(0, 180) * DAY - random.int(0, 23) * 3600 * 1000);
    const technical = type === 'quality' && (severity === 'urgent' || severity === 'important');
    const started = !['received', 'acknowledged'].includes(state);
    const doc = await createAt(strapi, createdAt, () =>
      strapi.documents('api::feedback.feedback').create({
        data: {
          channel: random.pick(CHANNELS),
          type: started ? type : undefined,
          severity: started ? severity : undefined,
          customer: random.pick(refs.customers).documentId,
          product: product.documentId,
          batch: `B${24 + random.int(0, 1)}${String(random.int(1, 12)).padStart(2, '0')}`,
          symptom: random.pick(SYMPTOMS[type]),
          scenario: random.chance(0.5) ? '家中日常使用 / at home, daily use' : undefined,
          frequency: random.pick(['每次 / every time', '偶发 / sometimes', '每天一次 / daily']),
          expectedSolution: random.pick(['维修 / repair', '换货 / exchange', '解释原因 / explanation', undefined]),
          department: started ? refs.departments[technical ? 'technical' : 'after-sales'].documentId : undefined,
          assignee: started ? refs.users[technical ? 'engineer@demo.local' : 'agent@demo.local'] : undefined,
          needsRnd: technical,
          office: officeOf(refs, i),
        } as any,
      })
    );
    const resolved = ['resolved', 'callback', 'closed'].includes(state);
    const resolvedAt = resolved ? happened(new Date(createdAt.getTime() + random.int(1, 10) * DAY), now) : null;
    const score = state === 'closed' ? random.pick([2, 3, 4, 4, 5, 5, 5]) : null;
    await setTimestamps(strapi, 'api::feedback.feedback', doc.documentId, {
      state,
      createdAt,
      updatedAt: resolvedAt ?? createdAt,
      acknowledgedAt: state === 'received' ? null : happened(new Date(createdAt.getTime() + 2 * 3600 * 1000), now),
      acknowledgeBy: new Date(createdAt.getTime() + DAY),
      resolvedAt,
      closedAt: state === 'closed' ? happened(new Date((resolvedAt as Date).getTime() + 3 * DAY), now) : null,
      resolutionSummary: resolved ? '已更换故障部件并测试正常 / faulty part replaced and tested' : null,
      rootCause: technical && resolved ? '部件批次缺陷 / component batch defect' : null,
      satisfactionScore: score,
      duplicateOf: state === 'duplicate' && created.length ? created[0] : null,
      rejectionReason: state === 'rejected' ? '非本公司产品 / not our product' : null,
    });
    created.push(doc.reference as string);
  }
  return created;
};

export const seedComplaints = async (strapi: Core.Strapi, random: Random, refs: DemoRefs, now: Date) => {
  const states = ['registered', 'verified', 'analysing', 'plan-proposed', 'approved', 'executing', 'customer-confirmed', 'closed', 'recorded', 'explained'];
  for (let i = 0; i < 10; i++) {
    const createdAt = new Date(now.getTime() - random.int(0, 150) * DAY);
    const cause = random.pick(['quality', 'human', 'software', 'other'] as const);
    const state = states[i % states.length];
    // What the workflow requires by the time an item reaches its state: the person for a human or other cause, the customer's
    // agreement once confirmed (picked by position, so the random sequence of the rest of the demo stays the same).
    const person = cause === 'human' || cause === 'other' ? { responsiblePerson: ['周工程师', '吴客服', 'Zhou (installer)'][i % 3] } : {};
    const agreed =
      state === 'customer-confirmed' || state === 'closed'
        ? { agreedBy: ['张女士', 'Mr Li', '采购部王经理'][i % 3], agreedVia: (['phone', 'email', 'in-person'] as const)[i % 3], agreedAt: createdAt.toISOString() }
        : {};
    const doc = await createAt(strapi, createdAt, () =>
      strapi.documents('api::complaint.complaint').create({
        data: {
          cause,
          seriousness: i % 3 === 0 ? 'serious' : 'minor',
          customer: random.pick(refs.customers).documentId,
          product: random.pick(refs.products).documentId,
          orderNumber: `SO-2026-${String(1000 + i * 17)}`,
          orderDate: new Date(createdAt.getTime() - 40 * DAY).toISOString().slice(0, 10),
          productVersion: `v${random.int(1, 3)}.${random.int(0, 9)}`,
          quantity: random.int(1, 20),
          deliveryDate: new Date(createdAt.getTime() - 30 * DAY).toISOString().slice(0, 10),
          price: random.int(300, 9000),
          salesHandler: random.pick(['刘业务', 'Liu Sales']),
          description: random.pick(['批量到货中有 3 台无法开机', 'The engineer was rude on site', 'App 升级后设备全部离线', '包装破损,外壳划伤']),
          customerDemand: random.pick(['全部换新 / replace all', '道歉并赔偿 / apology and compensation', '尽快修复 / fix quickly']),
          department: refs.departments['after-sales'].documentId,
          office: officeOf(refs, i),
          responsibleDepartment: refs.departments[cause === 'human' ? 'after-sales' : cause === 'software' ? 'technical' : 'quality'].documentId,
          ourFault: i % 5 !== 4,
          ...person,
          ...agreed,
        } as any,
      })
    );
    await setTimestamps(strapi, 'api::complaint.complaint', doc.documentId, {
      state,
      createdAt,
      updatedAt: createdAt,
    });
  }
};

export const seedServiceRecords = async (strapi: Core.Strapi, random: Random, refs: DemoRefs, now: Date) => {
  const kinds = ['installation', 'onsite-repair', 'remote-support', 'mail-in-repair', 'return', 'exchange'] as const;
  const states = ['scheduled', 'in-progress', 'completed', 'signed', 'archived'];
  for (let i = 0; i < 10; i++) {
    const state = states[i % states.length];
    const done = ['completed', 'signed', 'archived'].includes(state);
    // Up to 5 days ahead for a visit still to come; one under way or done was scheduled no later than now.
    const drawn = new Date(now.getTime() - random.int(-5, 90) * DAY);
    const scheduledAt = state === 'scheduled' ? drawn : happened(drawn, now);
    const createdAt = happened(new Date(scheduledAt.getTime() - 2 * DAY), now);
    const doc = await createAt(strapi, createdAt, () =>
      strapi.documents('api::service-record.service-record').create({
        data: {
          kind: kinds[i % kinds.length],
          customer: random.pick(refs.customers).documentId,
          product: random.pick(refs.products).documentId,
          department: refs.departments['after-sales'].documentId,
          serialNumber: `SN${String(100000 + i * 7919)}`,
          batch: `B25${String(random.int(1, 12)).padStart(2, '0')}`,
          scheduledAt,
          technician: refs.users['engineer@demo.local'],
          // Returns and exchanges are accepted by an office.
          office: officeOf(refs, i),
        } as any,
      })
    );
    await setTimestamps(strapi, 'api::service-record.service-record', doc.documentId, {
      state,
      createdAt,
      performedAt: done ? scheduledAt : null,
      returnedAt: done ? happened(new Date(scheduledAt.getTime() + 4 * 3600 * 1000), now) : null,
      findings: done ? '主板电源模块损坏 / power module on the main board failed' : null,
      actions: done ? '更换电源模块 / replaced the power module' : null,
      customerOpinion: ['signed', 'archived'].includes(state) ? '满意 / satisfied' : null,
      signedAt: ['signed', 'archived'].includes(state) ? happened(new Date(scheduledAt.getTime() + 4 * 3600 * 1000), now) : null,
      archivedAt: state === 'archived' ? happened(new Date(scheduledAt.getTime() + 2 * DAY), now) : null,
    });
  }
};
