/**
 * Units customers own that no case names yet, imported as a CSV so that a field action reaches them
 * (`customer,model,batch,serialNumber`: a header line first; comma, semicolon or tab). The customer
 * is a customer's documentId, phone or email. Every problem is reported with its line; an import is
 * whole or not at all. Pure, no Strapi.
 */
export const MAX_UNIT_LINES = 5000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
const ALIASES: Record<string, string> = { customer: 'customer', model: 'model', batch: 'batch', serialnumber: 'serialNumber', serial: 'serialNumber', serial_number: 'serialNumber' };

export interface ImportedUnitLine {
  line: number;
  customer: string;
  model: string;
  batch: string | null;
  serialNumber: string | null;
}

export interface UnitCsvProblem {
  path: (string | number)[];
  message: string;
}

const splitLine = (line: string) =>
  line.split(/[,;\t]/).map((cell) =>
    cell
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
  );

export const parseUnitsCsv = (text: unknown): { ok: true; units: ImportedUnitLine[] } | { ok: false; problems: UnitCsvProblem[] } => {
  if (typeof text !== 'string') return { ok: false, problems: [{ path: ['csv'], message: 'must be the CSV text' }] };
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length < 2) return { ok: false, problems: [{ path: ['csv'], message: 'expected a header customer,model,batch,serialNumber and one line per unit' }] };
  const header = splitLine(lines[0].line).map((h) => ALIASES[h.toLowerCase().replace(/\s+/g, '')] ?? h);
  const index = Object.fromEntries(['customer', 'model', 'batch', 'serialNumber'].map((c) => [c, header.indexOf(c)]));
  if (index.customer < 0 || index.model < 0) return { ok: false, problems: [{ path: ['csv', 1], message: `the header must name customer and model (found: ${header.join(', ')})` }] };
  if (lines.length - 1 > MAX_UNIT_LINES) return { ok: false, problems: [{ path: ['csv'], message: `has ${lines.length - 1} lines; at most ${MAX_UNIT_LINES} per import` }] };
  const problems: UnitCsvProblem[] = [];
  const units: ImportedUnitLine[] = [];
  for (const { line, number } of lines.slice(1)) {
    const cells = splitLine(line);
    const cell = (name: string) => (index[name] >= 0 ? (cells[index[name]] ?? '') : '');
    const customer = cell('customer');
    const model = cell('model');
    const batch = cell('batch');
    const serialNumber = cell('serialNumber');
    if (!customer || customer.length > 320) problems.push({ path: ['csv', number, 'customer'], message: "must be the customer's documentId, phone or email" });
    if (!CODE.test(model)) problems.push({ path: ['csv', number, 'model'], message: 'must be a product model code' });
    if (batch && !CODE.test(batch)) problems.push({ path: ['csv', number, 'batch'], message: 'must be a batch code (letters, digits, . _ - /, at most 64)' });
    if (serialNumber && !CODE.test(serialNumber)) problems.push({ path: ['csv', number, 'serialNumber'], message: 'must be a serial number (letters, digits, . _ - /, at most 64)' });
    units.push({ line: number, customer, model, batch: batch || null, serialNumber: serialNumber || null });
  }
  return problems.length ? { ok: false, problems } : { ok: true, units };
};
