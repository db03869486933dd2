import ExcelJS from 'exceljs';
import type { MonthlyReport } from './reports';
import { maskContactsInText } from '../domain/privacy/mask';

/** The report as rows of [section, key, value]: the common ground of CSV, XLSX and HTML. Contact data quoted in a key (a root cause) is masked. */
export const reportRows = (report: MonthlyReport): [string, string, string | number | null][] =>
  reportRowsUnmasked(report).map(([section, key, value]) => [section, maskContactsInText(key) ?? '', value]);

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
  for (const r of report.complaints.rateByDepartment) rows.push(['complaint rate by department', r.department, r.rate], ['complaints by department', r.department, r.complaints], ['items handled by department', r.department, r.itemsHandled]);
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
  return rows;
};

const csvCell = (value: string | number | null) => {
  if (value === null) return '';
  const text = String(value);
  // Cells starting with = + - @ are neutralised so that a spreadsheet never runs them as formulas.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const reportToCsv = (report: MonthlyReport): string =>
  `\uFEFF${[['section', 'key', 'value'], ...reportRows(report)].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;

export const reportToXlsx = async (report: MonthlyReport): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'after-sales CRM';
  const sheet = workbook.addWorksheet(`Report ${report.month}`);
  sheet.columns = [
    { header: 'section', key: 'section', width: 30 },
    { header: 'key', key: 'key', width: 50 },
    { header: 'value', key: 'value', width: 14 },
  ];
  for (const [section, key, value] of reportRows(report)) sheet.addRow({ section, key, value });
  sheet.getRow(1).font = { bold: true };
  const issues = workbook.addWorksheet('High-frequency issues');
  issues.columns = [
    { header: 'product model', key: 'productModel', width: 16 },
    { header: 'batch', key: 'batch', width: 12 },
    { header: 'grouped by', key: 'groupedBy', width: 18 },
    { header: 'key', key: 'key', width: 30 },
    { header: 'count', key: 'count', width: 8 },
    { header: 'references', key: 'references', width: 80 },
  ];
  for (const issue of report.highFrequencyIssues) issues.addRow({ ...issue, references: issue.references.join(' ') });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable page (A4, no scripts) for the monthly review meeting. */
export const reportToHtml = (report: MonthlyReport): string => {
  const sections = new Map<string, [string, string | number | null][]>();
  for (const [section, key, value] of reportRows(report)) {
    if (!sections.has(section)) sections.set(section, []);
    sections.get(section)!.push([key, value]);
  }
  const tables = [...sections.entries()]
    .map(([section, rows]) => `<h2>${escapeHtml(section)}</h2><table><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>Monthly feedback analysis ${escapeHtml(report.month)}</title>
<style>@page{size:A4;margin:16mm}body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;color:#222;font-size:12px}h1{font-size:20px}h2{font-size:14px;margin:18px 0 6px;text-transform:capitalize}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{width:60%;font-weight:normal;background:#f6f6f9}</style>
</head><body><h1>月度反馈分析报告 · Monthly feedback analysis — ${escapeHtml(report.month)}</h1>
<p>${escapeHtml(report.period.start)} – ${escapeHtml(report.period.end)} (${escapeHtml(report.period.timeZone)})</p>
${tables}
</body></html>`;
};
