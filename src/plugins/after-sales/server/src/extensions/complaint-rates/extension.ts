import type { Core } from '@strapi/strapi';
import { complaintRates, isComplaintRateBase, parseVolumesCsv, type ComplaintRateBase, type MonthlyVolume, type VolumeProblem } from '../../domain/reports/complaint-rates';
import { createVolumes, type Volumes } from './volumes';
import { dbTime, type AfterSalesApiV1, type ExtensionContext, type ReportSectionQuery } from '../../extension-api';

export const SECTION_ID = 'after-sales.complaint-rates.by-unit-and-person';

/** What each base means, stated under the table (the report says what it divides by). */
const BASE_NOTES: Record<ComplaintRateBase, { en: string; 'zh-Hans': string }> = {
  'items-handled': {
    en: 'Base: the feedback items the unit handled in the month (created in the month with the unit as department). Units that handle no feedback have no rate; choose orders or deliveries in the extension’s settings.',
    'zh-Hans': '基数：本月该部门处理的反馈数（本月登记、处理部门为该部门）。不处理反馈的部门没有投诉率；可在扩展设置中改为订单数或交付数。',
  },
  orders: {
    en: 'Base: the unit’s orders in the month, as imported (Reports → complaint rate base). A unit without an imported figure has no rate.',
    'zh-Hans': '基数：导入的该部门本月订单数。未导入数据的部门没有投诉率。',
  },
  deliveries: {
    en: 'Base: the unit’s deliveries in the month, as imported (Reports → complaint rate base). A unit without an imported figure has no rate.',
    'zh-Hans': '基数：导入的该部门本月交付数。未导入数据的部门没有投诉率。',
  },
};

export interface ComplaintRatesService {
  volumes: Volumes;
  /**
   * Takes a CSV whole or not at all: the problems name their line and column; unknown department
   * codes are refused. `dryRun`: every check, nothing saved; the lines as they would be saved.
   */
  importCsv(
    csv: string,
    by: { id: number | null; name: string },
    options?: { dryRun?: boolean }
  ): Promise<{ ok: true; imported: number; preview: (MonthlyVolume & { line: number })[] } | { ok: false; problems: VolumeProblem[] }>;
}

let active: ComplaintRatesService | null = null;
/** The running extension's service (null while it is disabled): for its controller. */
export const activeComplaintRates = () => active;

const createService = (strapi: Core.Strapi, api: AfterSalesApiV1): ComplaintRatesService => {
  const volumes = createVolumes(strapi);
  return {
    volumes,
    async importCsv(csv, by, options = {}) {
      const parsed = parseVolumesCsv(csv);
      if (!parsed.ok) return parsed;
      const known = new Set(((await strapi.db.connection('departments').select('code')) as { code: string }[]).map((d) => d.code));
      const preview = parsed.volumes.map((v, i) => ({ ...v, line: parsed.lines[i] }));
      const unknown = preview.filter((v) => !known.has(v.department)).map((v) => ({ path: `line ${v.line}, department`, message: `no department has the code "${v.department}"` }));
      if (unknown.length) return { ok: false, problems: unknown };
      if (options.dryRun) return { ok: true, imported: 0, preview };
      await strapi.db.transaction(async ({ trx }) => {
        await volumes.replace(parsed.volumes, by.name, trx);
        await api.audit.append(
          {
            action: 'complaint-rates.import',
            actor: { kind: 'admin', id: by.id, name: by.name },
            details: { lines: parsed.volumes.length, months: [...new Set(parsed.volumes.map((v) => v.month))].sort() },
          },
          trx
        );
      });
      return { ok: true, imported: parsed.volumes.length, preview };
    },
  };
};

/**
 * The report section: complaints created in the month, by the unit found responsible and the
 * person named, over the configured base.
 */
const section =
  (strapi: Core.Strapi, api: AfterSalesApiV1, volumes: Volumes) =>
  async ({ month, from, to, departments }: ReportSectionQuery) => {
    const knex = strapi.db.connection;
    const configured = await api.configuration.get<string>('base');
    const base: ComplaintRateBase = isComplaintRateBase(configured) ? configured : 'items-handled';
    const complaints = knex('complaints as c')
      .join('complaints_responsible_department_lnk as cr', 'cr.complaint_id', 'c.id')
      .join('departments as rd', 'rd.id', 'cr.department_id')
      .where('c.created_at', '>=', dbTime(strapi, from))
      .andWhere('c.created_at', '<', dbTime(strapi, to));
    if (departments?.length) complaints.whereIn('rd.code', departments);
    const [attributed, handled, monthVolumes, names] = await Promise.all([
      complaints.select({ department: 'rd.code', person: 'c.responsible_person' }).count({ count: '*' }).groupBy('rd.code', 'c.responsible_person'),
      base === 'items-handled'
        ? knex('feedbacks as f')
            .join('feedbacks_department_lnk as fd', 'fd.feedback_id', 'f.id')
            .join('departments as d', 'd.id', 'fd.department_id')
            .where('f.created_at', '>=', dbTime(strapi, from))
            .andWhere('f.created_at', '<', dbTime(strapi, to))
            .select({ department: 'd.code' })
            .count({ count: '*' })
            .groupBy('d.code')
        : Promise.resolve([]),
      base === 'items-handled' ? Promise.resolve([]) : volumes.ofMonth(month),
      knex('departments').select('code', 'name'),
    ]);
    const nameOf = new Map((names as { code: string; name: string }[]).map((d) => [d.code, d.name]));
    const rows = complaintRates({
      base,
      attributed: (attributed as { department: string; person: string | null; count: unknown }[]).map((r) => ({
        department: r.department,
        person: typeof r.person === 'string' && r.person.trim() ? r.person : null,
        count: Number(r.count),
      })),
      handled: (handled as { department: string; count: unknown }[]).map((r) => ({ department: r.department, count: Number(r.count) })),
      volumes: monthVolumes,
    });
    return {
      columns: [
        { key: 'unit', title: { en: 'Responsible unit', 'zh-Hans': '责任部门' } },
        { key: 'person', title: { en: 'Responsible person', 'zh-Hans': '责任人' } },
        { key: 'complaints', title: { en: 'Complaints', 'zh-Hans': '投诉数' } },
        { key: 'base', title: { en: 'Base', 'zh-Hans': '基数' } },
        { key: 'rate', title: { en: 'Rate (%)', 'zh-Hans': '投诉率（%）' } },
      ],
      rows: rows.map((r) => ({
        unit: nameOf.get(r.department) ?? r.department,
        person: r.person,
        complaints: r.complaints,
        base: r.base,
        rate: r.rate === null ? null : Math.round(r.rate * 10_000) / 100,
      })),
      note: BASE_NOTES[base],
    };
  };

export const activate = async (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const service = createService(strapi, api);
  active = service;
  context.subscriptions.push(
    {
      dispose: () => {
        if (active === service) active = null;
      },
    },
    api.reports.registerSection(SECTION_ID, section(strapi, api, service.volumes))
  );
};
