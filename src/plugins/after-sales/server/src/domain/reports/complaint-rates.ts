/**
 * Complaint rate per responsible unit and per responsible person (001 三.4: complaint responsibility
 * feeds performance reviews). The rate divides complaints attributed to a unit by a base the company
 * chooses: the feedback items the unit handled (the default, always available), or the orders or
 * deliveries of the unit in the month, imported as a CSV (sales and production handle no feedback,
 * so items handled leaves them without a rate). Pure: no Strapi, no storage.
 */

export const COMPLAINT_RATE_BASES = ['items-handled', 'orders', 'deliveries'] as const;
export type ComplaintRateBase = (typeof COMPLAINT_RATE_BASES)[number];

export const isComplaintRateBase = (value: unknown): value is ComplaintRateBase => typeof value === 'string' && (COMPLAINT_RATE_BASES as readonly string[]).includes(value);

/** One unit's volume in one month (orders and deliveries may be unknown). */
export interface MonthlyVolume {
  month: string;
  department: string;
  orders: number | null;
  deliveries: number | null;
}

export interface VolumeProblem {
  /** `line 3, orders`: the line of the CSV (the header is line 1) and the column. */
  path: string;
  message: string;
}

export const MAX_VOLUME_LINES = 2000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[a-z][a-z0-9-]{0,63}$/;

const splitLine = (line: string) => line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));

/**
 * Reads `month,department,orders,deliveries` (a header line first; comma, semicolon or tab; an
 * empty cell means unknown). Every problem is reported with its line, and nothing is taken when
 * there is one: an import is whole or not at all. `lines[i]` is the line of `volumes[i]` in the text.
 */
export const parseVolumesCsv = (text: string): { ok: true; volumes: MonthlyVolume[]; lines: number[] } | { ok: false; problems: VolumeProblem[] } => {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length === 0) return { ok: false, problems: [{ path: 'csv', message: 'is empty: expected a header month,department,orders,deliveries and one line per unit and month' }] };
  const header = splitLine(lines[0].line).map((h) => h.toLowerCase());
  const columns = ['month', 'department', 'orders', 'deliveries'];
  const index = Object.fromEntries(columns.map((c) => [c, header.indexOf(c)]));
  const missing = ['month', 'department'].filter((c) => index[c] < 0);
  if (missing.length || (index.orders < 0 && index.deliveries < 0)) {
    return { ok: false, problems: [{ path: 'line 1', message: `the header must name month, department and orders and/or deliveries (found: ${header.join(', ') || 'nothing'})` }] };
  }
  if (lines.length - 1 > MAX_VOLUME_LINES) return { ok: false, problems: [{ path: 'csv', message: `has ${lines.length - 1} lines; at most ${MAX_VOLUME_LINES} per import` }] };

  const problems: VolumeProblem[] = [];
  const seen = new Map<string, number>();
  const volumes: MonthlyVolume[] = [];
  const numbers: number[] = [];
  for (const { line, number } of lines.slice(1)) {
    const cells = splitLine(line);
    const cell = (name: string) => (index[name] >= 0 ? (cells[index[name]] ?? '') : '');
    const month = cell('month');
    const department = cell('department');
    if (!MONTH.test(month)) problems.push({ path: `line ${number}, month`, message: 'must be YYYY-MM' });
    if (!CODE.test(department)) problems.push({ path: `line ${number}, department`, message: 'must be a department code (lower-case letters, digits and hyphens)' });
    const count = (name: 'orders' | 'deliveries'): number | null => {
      const raw = cell(name);
      if (raw === '') return null;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000_000) {
        problems.push({ path: `line ${number}, ${name}`, message: 'must be a whole number of at least 0, or empty when unknown' });
        return null;
      }
      return n;
    };
    const volume = { month, department, orders: count('orders'), deliveries: count('deliveries') };
    const key = `${month}|${department}`;
    if (seen.has(key)) problems.push({ path: `line ${number}`, message: `repeats ${month} ${department} of line ${seen.get(key)}` });
    seen.set(key, number);
    volumes.push(volume);
    numbers.push(number);
  }
  return problems.length ? { ok: false, problems } : { ok: true, volumes, lines: numbers };
};

export interface AttributedComplaints {
  department: string;
  /** The responsible person as recorded (free text), null when nobody was named. */
  person: string | null;
  count: number;
}

export interface ComplaintRateRow {
  department: string;
  /** null: the unit's own line (all its complaints); otherwise one person of the unit. */
  person: string | null;
  complaints: number;
  /** The unit's base for the month (the same for its people); null when unknown. */
  base: number | null;
  /** complaints ÷ base, rounded to 4 places; null without a base. */
  rate: number | null;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** Per person, the spelling staff typed differs in spaces and case only: count those together. */
const personKey = (person: string | null) => (person === null ? null : person.trim().replace(/\s+/g, ' '));

/**
 * One line per responsible unit (its complaints and rate), followed by one line per person of the
 * unit found responsible (their complaints, over the same base: their share of the unit's rate),
 * units in code order, people by complaints then name.
 */
export const complaintRates = (input: {
  base: ComplaintRateBase;
  attributed: AttributedComplaints[];
  /** Feedback items handled per department in the month (the `items-handled` base). */
  handled: { department: string; count: number }[];
  volumes: MonthlyVolume[];
}): ComplaintRateRow[] => {
  const baseOf = (department: string): number | null => {
    if (input.base === 'items-handled') {
      const handled = input.handled.find((h) => h.department === department)?.count ?? 0;
      return handled > 0 ? handled : null;
    }
    const volume = input.volumes.find((v) => v.department === department);
    const value = volume ? volume[input.base] : null;
    return value && value > 0 ? value : null;
  };
  const units = [...new Set(input.attributed.map((a) => a.department))].sort();
  const rows: ComplaintRateRow[] = [];
  for (const department of units) {
    const base = baseOf(department);
    const rate = (complaints: number) => (base ? round4(complaints / base) : null);
    const own = input.attributed.filter((a) => a.department === department);
    const total = own.reduce((sum, a) => sum + a.count, 0);
    rows.push({ department, person: null, complaints: total, base, rate: rate(total) });
    const people = new Map<string, number>();
    for (const a of own) {
      const key = personKey(a.person);
      if (key) people.set(key, (people.get(key) ?? 0) + a.count);
    }
    [...people.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).forEach(([person, complaints]) => rows.push({ department, person, complaints, base, rate: rate(complaints) }));
  }
  return rows;
};
