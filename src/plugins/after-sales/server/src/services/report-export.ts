import type * as ExcelJS from 'exceljs';
import type { MonthlyReport, ReportSectionTable } from './reports';
import type { ServiceNetworkFigures } from '../../../shared/reports';
import { maskContactsInText } from '../domain/privacy/mask';
import { csvDocument } from '../domain/reports/csv';
import { clockLabel, labelled, localDateTime, parenthesised, REPORT_WORDS, valueLabel, type ReportLocale } from '../domain/reports/labels';

/** The report as rows of [section, key, value]: the common ground of CSV, XLSX and HTML. Contact data quoted in a key (a root cause) is masked. */
const reportRows = (report: MonthlyReport): [string, string, string | number | null][] => reportRowsUnmasked(report).map(([section, key, value]) => [section, maskContactsInText(key) ?? '', value]);

const reportRowsUnmasked = (report: MonthlyReport): [string, string, string | number | null][] => {
  const rows: [string, string, string | number | null][] = [
    ['report', 'month', report.month],
    ['report', 'product', report.scope.product ?? 'all'],
    ['report', 'department', report.scope.department ?? 'all'],
    ['volume', 'total', report.volume.total],
  ];
  for (const c of report.volume.byType) rows.push(['volume by type', c.key ?? 'unclassified', c.count]);
  for (const c of report.volume.bySeverity) rows.push(['volume by severity', c.key ?? 'unclassified', c.count]);
  for (const c of report.volume.byChannel) rows.push(['volume by channel', c.key ?? 'unknown', c.count]);
  rows.push(['satisfaction', 'responses', report.satisfaction.responses], ['satisfaction', 'average', report.satisfaction.average]);
  for (const d of report.satisfaction.distribution) rows.push(['satisfaction distribution', String(d.score), d.count]);
  rows.push(['reopen', 'items', report.reopen.items], ['reopen', 'reopened', report.reopen.reopened], ['reopen', 'rate', report.reopen.rate]);
  rows.push(['complaints', 'total', report.complaints.total]);
  for (const c of report.complaints.byCause) rows.push(['complaints by cause', c.key ?? 'unknown', c.count]);
  for (const r of report.complaints.rateByDepartment)
    rows.push(['complaint rate by department', r.department, r.rate], ['complaints by department', r.department, r.complaints], ['items handled by department', r.department, r.itemsHandled]);
  for (const c of report.topRootCauses) rows.push(['top root causes', c.key ?? '', c.count]);
  for (const h of report.highFrequencyIssues) rows.push(['high-frequency issues', `${h.productModel} / ${h.batch ?? 'any batch'} / ${h.groupedBy}: ${h.key}`, h.count]);
  for (const clock of report.sla?.clocks ?? []) {
    const name = `${clock.contentType}.${clock.clock}`;
    rows.push(
      ['sla clocks counted', name, clock.total],
      ['sla clocks met', name, clock.met],
      ['sla compliance', name, clock.compliance],
      ['sla median business ms', name, clock.medianBusinessMs],
      ['sla p90 business ms', name, clock.p90BusinessMs]
    );
  }
  // The service network, when offices exist: each region (`head-office` for items of no office), then each office by code.
  if ((report.offices ?? []).some((o) => o.office)) {
    const network = (section: string, key: string, f: ServiceNetworkFigures) =>
      rows.push(
        [section, `${key}.received`, f.volume.total],
        [section, `${key}.returnsAndExchanges`, f.volume.returnsAndExchanges],
        [section, `${key}.onTimeRate`, f.onTime.rate],
        [section, `${key}.satisfaction`, f.satisfaction.average],
        [section, `${key}.complaintRate`, f.complaintRate]
      );
    for (const region of report.regions ?? []) {
      network('region', region.region ?? 'head-office', region);
      for (const issue of region.highFrequencyIssues) rows.push(['region high-frequency issues', `${region.region ?? 'head-office'} / ${issue.productModel} / ${issue.type}`, issue.count]);
    }
    for (const office of report.offices ?? []) network('office', office.office?.code ?? 'head-office', office);
  }
  // Contributed sections: one line per cell, keyed by the row's position and the column's key.
  for (const section of report.sections ?? [])
    section.rows.forEach((row, i) => {
      for (const column of section.columns) rows.push([section.id, `${i + 1}.${column.key}`, cellValue(row[column.key])]);
    });
  return rows;
};

const cellValue = (cell: string | number | boolean | null | undefined): string | number | null => (cell === undefined || cell === null ? null : typeof cell === 'boolean' ? String(cell) : cell);

/**
 * The report as CSV. Without a presentation: rows of section, key, value with the stored codes
 * (for programs). With one (the admin asks in its interface language): for people, each section
 * as its title, its column headers and its rows, with labels instead of codes (产品质量问题, not
 * `quality`) and shares as percentages.
 */
export const reportToCsv = (report: MonthlyReport, presentation?: ReportPresentation): string => {
  const lines: (string | number | null)[][] = presentation ? [] : [['section', 'key', 'value'], ...reportRows(report)];
  if (presentation) {
    for (const section of reportSections(report, presentation)) {
      if (lines.length) lines.push([]);
      lines.push(
        [section.title],
        section.columns.map((c) => c.header)
      );
      for (const row of section.rows) lines.push(section.columns.map((c) => csvValue(row[c.key] ?? null, c.format)));
    }
  }
  return csvDocument(lines);
};

const csvValue = (value: string | number | null, format: CellFormat) =>
  typeof value === 'number' && format === 'percent' ? `${(value * 100).toFixed(1)}%` : typeof value === 'number' && format === 'hours' ? Math.round(value * 10) / 10 : value;

/** How a report is written for people: in which language, with the departments' names. */
export interface ReportPresentation {
  locale?: ReportLocale;
  departmentNames?: Record<string, string>;
  generatedAt?: Date;
}

type CellFormat = 'count' | 'percent' | 'hours' | 'score' | 'text';
interface Column {
  header: string;
  key: string;
  format: CellFormat;
  width: number;
}
interface Section {
  /** Sheet name and page heading. */
  title: string;
  columns: Column[];
  rows: Record<string, string | number | null>[];
  /** The column drawn as bars on the printable page, against `barMax` (or the column's largest value). */
  bar?: { key: string; max?: number };
}

const NUMBER_FORMATS: Record<CellFormat, string | undefined> = { count: '#,##0', percent: '0.0%', hours: '0.0', score: '0.00', text: undefined };
const hoursOf = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);
const shareOf = (count: number, total: number) => (total ? count / total : null);

/**
 * The report as sections of labelled, typed columns: the common ground of the XLSX (one sheet per
 * section) and the printable page (one table, with bars, per section). Contact data quoted in a
 * root cause is masked.
 */
const builtInSections = (report: MonthlyReport, presentation: ReportPresentation = {}): Section[] => {
  const locale = presentation.locale ?? 'zh-Hans';
  const w = REPORT_WORDS[locale];
  const tz = report.period.timeZone;
  const department = (code: string) => presentation.departmentNames?.[code] ?? code;
  const col = (header: string, key: string, format: CellFormat, width = 14): Column => ({ header, key, format, width });
  const volumeRows = [
    ...report.volume.byType.map((c) => ({ dimension: w.byType, item: valueLabel(locale, c.key), count: c.count, share: shareOf(c.count, report.volume.total) })),
    ...report.volume.bySeverity.map((c) => ({ dimension: w.bySeverity, item: valueLabel(locale, c.key), count: c.count, share: shareOf(c.count, report.volume.total) })),
    ...report.volume.byChannel.map((c) => ({ dimension: w.byChannel, item: valueLabel(locale, c.key, 'unknown'), count: c.count, share: shareOf(c.count, report.volume.total) })),
  ];
  const scoreTotal = report.satisfaction.distribution.reduce((sum, d) => sum + d.count, 0);
  // The service network, when the organisation has offices: each region, then its offices (indented).
  const network = (report.offices ?? []).some((o) => o.office) ? [regionSection(report, locale)] : [];
  return [
    {
      title: w.summary,
      columns: [col(w.item, 'item', 'text', 28), col(w.value, 'value', 'text', 40)],
      rows: [
        { item: w.period, value: parenthesised(locale, `${localDateTime(report.period.start, tz)} – ${localDateTime(report.period.end, tz)}`, tz) },
        { item: w.scope, value: `${report.scope.product ?? w.allProducts} · ${report.scope.department ? department(report.scope.department) : w.allDepartments}` },
        { item: w.volume, value: report.volume.total },
        { item: w.complaints, value: report.complaints.total },
        { item: `${w.satisfaction} · ${w.average}`, value: report.satisfaction.average },
        { item: `${w.satisfaction} · ${w.responses}`, value: report.satisfaction.responses },
        { item: w.reopenRate, value: report.reopen.rate === null ? null : `${(report.reopen.rate * 100).toFixed(1)}% (${report.reopen.reopened}/${report.reopen.items})` },
      ],
    },
    {
      title: w.volume,
      columns: [col(w.scope, 'dimension', 'text', 14), col(w.item, 'item', 'text', 24), col(w.count, 'count', 'count', 10), col(w.share, 'share', 'percent', 10)],
      rows: volumeRows,
      bar: { key: 'count', max: report.volume.total },
    },
    {
      title: w.sla,
      columns: [
        col(w.clock, 'clock', 'text', 26),
        col(w.measure, 'measure', 'text', 12),
        col(w.counted, 'total', 'count', 10),
        col(w.met, 'met', 'count', 10),
        col(w.overdueOpen, 'overdueOpen', 'count', 14),
        col(w.compliance, 'compliance', 'percent', 10),
        col(w.median, 'median', 'hours', 16),
        col(w.p90, 'p90', 'hours', 18),
      ],
      rows: (report.sla?.clocks ?? []).map((c) => ({
        clock: clockLabel(locale, c.contentType, c.clock),
        measure: c.measure === 'elapsed' ? w.elapsedHours : c.measure === 'business' ? w.workingHours : '',
        total: c.total,
        met: c.met,
        overdueOpen: c.overdueOpen,
        compliance: c.compliance,
        median: hoursOf(c.medianBusinessMs),
        p90: hoursOf(c.p90BusinessMs),
      })),
      bar: { key: 'compliance', max: 1 },
    },
    {
      title: w.satisfaction,
      columns: [col(w.score, 'score', 'text', 10), col(w.count, 'count', 'count', 10), col(w.share, 'share', 'percent', 10)],
      rows: [...report.satisfaction.distribution].sort((a, b) => b.score - a.score).map((d) => ({ score: `${d.score} ★`, count: d.count, share: shareOf(d.count, scoreTotal) })),
      bar: { key: 'count' },
    },
    {
      title: w.complaints,
      columns: [col(w.byCause, 'cause', 'text', 20), col(w.count, 'count', 'count', 10), col(w.share, 'share', 'percent', 10)],
      rows: report.complaints.byCause.map((c) => ({ cause: valueLabel(locale, c.key, 'unknown'), count: c.count, share: shareOf(c.count, report.complaints.total) })),
      bar: { key: 'count', max: report.complaints.total },
    },
    {
      title: w.byDepartment,
      columns: [
        col(w.department, 'department', 'text', 30),
        col(w.complaintCount, 'complaints', 'count', 10),
        col(w.itemsHandled, 'itemsHandled', 'count', 10),
        col(w.complaintRate, 'rate', 'percent', 10),
      ],
      rows: report.complaints.rateByDepartment.map((r) => ({ department: department(r.department), complaints: r.complaints, itemsHandled: r.itemsHandled, rate: r.rate })),
      bar: { key: 'rate' },
    },
    {
      title: w.rootCauses,
      columns: [col(w.item, 'cause', 'text', 50), col(w.count, 'count', 'count', 10)],
      rows: report.topRootCauses.map((c) => ({ cause: maskContactsInText(c.key ?? '') ?? '', count: c.count })),
      bar: { key: 'count' },
    },
    {
      title: w.highFrequency,
      columns: [
        col(w.product, 'productModel', 'text', 14),
        col(w.batch, 'batch', 'text', 12),
        col(w.issue, 'issue', 'text', 30),
        col(w.count, 'count', 'count', 8),
        col(w.references, 'references', 'text', 60),
      ],
      rows: report.highFrequencyIssues.map((h) => ({
        productModel: h.productModel,
        batch: h.batch ?? w.anyBatch,
        issue: labelled(locale, w.groupedBy[h.groupedBy] ?? h.groupedBy, h.groupedBy === 'type' ? valueLabel(locale, h.key) : (maskContactsInText(h.key) ?? '')),
        count: h.count,
        references: h.references.join(' '),
      })),
      bar: { key: 'count' },
    },
    ...network,
  ];
};

/** Regions and offices: items received, returns and exchanges, on-time rate, satisfaction, complaint rate, the region's high-frequency issues. */
const regionSection = (report: MonthlyReport, locale: ReportLocale): Section => {
  const w = REPORT_WORDS[locale];
  const col = (header: string, key: string, format: CellFormat, width = 14): Column => ({ header, key, format, width });
  const figures = (f: ServiceNetworkFigures) => ({
    received: f.volume.total,
    returns: f.volume.returnsAndExchanges,
    onTime: f.onTime.rate,
    satisfaction: f.satisfaction.average,
    complaintRate: f.complaintRate,
  });
  const rows = (report.regions ?? []).flatMap((region) => [
    {
      name: region.region ?? w.headOffice,
      ...figures(region),
      issues: region.highFrequencyIssues.map((i) => `${i.productModel} · ${valueLabel(locale, i.type)} × ${i.count}`).join('; '),
    },
    ...(report.offices ?? []).filter((o) => o.office && o.office.region === region.region).map((o) => ({ name: `  ${o.office!.name}`, ...figures(o), issues: '' })),
  ]);
  return {
    title: w.byRegion,
    columns: [
      col(w.regionOrOffice, 'name', 'text', 24),
      col(w.received, 'received', 'count', 10),
      col(w.returnsAndExchanges, 'returns', 'count', 12),
      col(w.onTimeRate, 'onTime', 'percent', 10),
      col(w.satisfaction, 'satisfaction', 'text', 10),
      col(w.complaintRate, 'complaintRate', 'percent', 10),
      col(w.highFrequency, 'issues', 'text', 40),
    ],
    rows,
  };
};

type Localized = ReportSectionTable['title'];
const textIn = (text: Localized, locale: ReportLocale) => (typeof text === 'string' ? text : ((locale === 'zh-Hans' ? text['zh-Hans'] : undefined) ?? text.en));

/** A contributed section as an export section: numbers formatted as counts (whole) or scores, texts with contact data masked. */
const contributedSection = (section: ReportSectionTable, locale: ReportLocale): Section => ({
  title: textIn(section.title, locale),
  columns: section.columns.map((column) => {
    const values = section.rows.map((row) => row[column.key]).filter((v) => v !== null && v !== undefined);
    const numeric = values.length > 0 && values.every((v) => typeof v === 'number');
    const format: CellFormat = numeric ? (values.every((v) => Number.isInteger(v)) ? 'count' : 'score') : 'text';
    return { header: textIn(column.title, locale), key: column.key, format, width: numeric ? 12 : 24 };
  }),
  rows: section.rows.map((row) =>
    Object.fromEntries(
      section.columns.map((column) => {
        const value = cellValue(row[column.key]);
        return [column.key, typeof value === 'string' ? (maskContactsInText(value) ?? '') : value];
      })
    )
  ),
});

/** The built-in sections, then the ones extensions contributed (in the report's language). */
const reportSections = (report: MonthlyReport, presentation: ReportPresentation = {}): Section[] => [
  ...builtInSections(report, presentation),
  ...(report.sections ?? []).map((section) => contributedSection(section, presentation.locale ?? 'zh-Hans')),
];

/** The workbook: one sheet per section, a bold frozen header row, number formats per column (counts, %, hours). */
export const reportToXlsx = async (report: MonthlyReport, presentation: ReportPresentation = {}): Promise<Buffer> => {
  // Loaded with the first workbook asked for, not when the app starts (the largest library here: about a
  // third of a second of every start, for an export a head downloads once a month). CommonJS `require`: the
  // plugin is bundled as CommonJS and the API tests run it in jest, which has no dynamic `import()`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workbook } = require('exceljs') as typeof ExcelJS;
  const workbook = new Workbook();
  workbook.creator = 'after-sales CRM';
  workbook.created = presentation.generatedAt ?? new Date();
  for (const section of reportSections(report, presentation)) {
    const sheet = workbook.addWorksheet(section.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = section.columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: NUMBER_FORMATS[c.format] ? { numFmt: NUMBER_FORMATS[c.format] } : {} }));
    // Values are written as typed cells (text stays text: a root cause starting with = is never a formula).
    for (const row of section.rows) sheet.addRow(row);
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEAEAEF' } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const formatCell = (value: string | number | null, format: CellFormat, locale: ReportLocale) => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (format === 'hours') return value.toFixed(1);
  return value.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN');
};

/**
 * A printable page (A4, no scripts) a manager hands to the monthly review: title, period and scope,
 * then each section as a table with labelled columns and a bar chart column.
 */
export const reportToHtml = (report: MonthlyReport, presentation: ReportPresentation = {}): string => {
  const locale = presentation.locale ?? 'zh-Hans';
  const w = REPORT_WORDS[locale];
  const tz = report.period.timeZone;
  const sections = reportSections(report, presentation);
  const [summary, ...rest] = sections;
  const summaryHtml = `<table class="summary"><tbody>${summary.rows.map((r) => `<tr><th>${escapeHtml(r.item)}</th><td>${escapeHtml(r.value ?? '—')}</td></tr>`).join('')}</tbody></table>`;
  const body = rest
    .map((section) => {
      if (!section.rows.length) return `<section><h2>${escapeHtml(section.title)}</h2><p class="none">${escapeHtml(w.none)}</p></section>`;
      const barMax = section.bar ? (section.bar.max ?? Math.max(0, ...section.rows.map((r) => Number(r[section.bar!.key] ?? 0)))) : 0;
      const head = `<tr>${section.columns.map((c) => `<th class="${c.format}">${escapeHtml(c.header)}</th>`).join('')}${section.bar ? '<th class="chart"></th>' : ''}</tr>`;
      const rows = section.rows
        .map((row) => {
          const cells = section.columns.map((c) => `<td class="${c.format}">${escapeHtml(formatCell(row[c.key] ?? null, c.format, locale))}</td>`).join('');
          const value = section.bar ? Number(row[section.bar.key] ?? 0) : 0;
          const width = barMax > 0 ? Math.max(0, Math.min(100, Math.round((value / barMax) * 100))) : 0;
          return `<tr>${cells}${section.bar ? `<td class="chart"><div class="bar"><div style="width:${width}%"></div></div></td>` : ''}</tr>`;
        })
        .join('');
      return `<section><h2>${escapeHtml(section.title)}</h2><table><thead>${head}</thead><tbody>${rows}</tbody></table></section>`;
    })
    .join('\n');
  const generated = localDateTime((presentation.generatedAt ?? new Date()).toISOString(), tz);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(w.title)} ${escapeHtml(report.month)}</title>
<style>@page{size:A4;margin:16mm}body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;color:#222;font-size:12px;max-width:190mm;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}.meta{color:#555;margin:0 0 16px}h2{font-size:15px;margin:20px 0 6px;border-bottom:2px solid #4945ff;padding-bottom:3px}
section{break-inside:avoid}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}thead th{background:#f0f0f5}
td.count,td.percent,td.hours,td.score,th.count,th.percent,th.hours,th.score{text-align:right}table.summary th{width:40%;background:#f6f6f9;font-weight:normal}
td.chart,th.chart{width:30%}.bar{background:#eee;height:10px;border-radius:2px}.bar div{background:#4945ff;height:10px;border-radius:2px}.none{color:#777}</style>
</head><body><h1>${escapeHtml(w.title)} · ${escapeHtml(report.month)}</h1>
<p class="meta">${escapeHtml(labelled(locale, w.period, parenthesised(locale, `${localDateTime(report.period.start, tz)} – ${localDateTime(report.period.end, tz)}`, tz)))} · ${escapeHtml(labelled(locale, w.generated, generated))}</p>
${summaryHtml}
${body}
</body></html>`;
};
