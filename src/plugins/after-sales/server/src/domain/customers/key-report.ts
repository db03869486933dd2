/**
 * The key-customer report (001 一.1C 重点客户关怀计划, 二.5(1)): per key customer, for one month,
 * contacts made against contacts planned, cases opened and closed, the share of deadlines met,
 * satisfaction and the cases still open; and the key customers nobody reached in the month.
 * Pure: the facts come counted from the database, the figures are made here.
 */

/** What the database tells about one key customer for the month. */
export interface KeyCustomerFacts {
  id: number;
  name: string;
  /** Care calls due in the month. */
  callsPlanned: number;
  /** Care calls logged in the month with the customer reached (reached, issue raised, satisfied). */
  callsReached: number;
  /** Care calls logged in the month as not reached. */
  callsNotReached: number;
  /** Cases (feedback and complaints) registered in the month, and closed in the month. */
  casesOpened: number;
  casesClosed: number;
  /** Deadline clocks of the customer's cases stopped in the month, and how many of them in time. */
  clocksStopped: number;
  clocksMet: number;
  /** Satisfaction scores (1–5) given in the month. */
  scores: number[];
  /** Cases not finished today. */
  openCases: number;
  /** Loyalty (NPS, 0–10): the customer's last answer before the month, and their last one in it. */
  npsBefore: number | null;
  npsInMonth: number | null;
}

/** A customer's facts before anything is counted. */
export const noFacts = (id: number, name: string): KeyCustomerFacts => ({
  id,
  name,
  callsPlanned: 0,
  callsReached: 0,
  callsNotReached: 0,
  casesOpened: 0,
  casesClosed: 0,
  clocksStopped: 0,
  clocksMet: 0,
  scores: [],
  openCases: 0,
  npsBefore: null,
  npsInMonth: null,
});

export interface KeyCustomerRow {
  customer: string;
  planned: number;
  reached: number;
  notReached: number;
  opened: number;
  closed: number;
  /** Percent of the deadlines met, one decimal; null when no deadline stopped. */
  onTimePercent: number | null;
  /** Average score, two decimals; null without a score. */
  satisfaction: number | null;
  open: number;
  /** The loyalty trend: the last NPS answer before the month, and the last one in it (0–10). */
  npsPrevious: number | null;
  npsLatest: number | null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export const keyCustomerRow = (facts: KeyCustomerFacts): KeyCustomerRow => ({
  customer: facts.name,
  planned: facts.callsPlanned,
  reached: facts.callsReached,
  notReached: facts.callsNotReached,
  opened: facts.casesOpened,
  closed: facts.casesClosed,
  onTimePercent: facts.clocksStopped ? round((facts.clocksMet / facts.clocksStopped) * 100, 1) : null,
  satisfaction: facts.scores.length ? round(facts.scores.reduce((sum, s) => sum + s, 0) / facts.scores.length, 2) : null,
  open: facts.openCases,
  npsPrevious: facts.npsBefore,
  npsLatest: facts.npsInMonth,
});

/** The last answer before `from` and the last one in [from, to), from a customer's answers (ISO times). */
export const npsTrend = (answers: { answeredAt: string; score: number }[], from: Date, to: Date): { before: number | null; inMonth: number | null } => {
  const sorted = [...answers].sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
  const at = (a: { answeredAt: string }) => Date.parse(a.answeredAt);
  const before = sorted.filter((a) => at(a) < from.getTime()).pop();
  const inMonth = sorted.filter((a) => at(a) >= from.getTime() && at(a) < to.getTime()).pop();
  return { before: before?.score ?? null, inMonth: inMonth?.score ?? null };
};

/** The rows, the customers with the most planned contacts and open cases first, then by name. */
export const keyCustomerRows = (facts: KeyCustomerFacts[]): KeyCustomerRow[] =>
  facts.map(keyCustomerRow).sort((a, b) => b.planned - a.planned || b.open - a.open || a.customer.localeCompare(b.customer, 'zh-Hans-CN'));

export interface NotReachedRow {
  customer: string;
  planned: number;
  attempts: number;
}

/** Key customers not reached in the month: no call logged as reached (attempts: calls logged as not reached). */
export const notReachedRows = (facts: KeyCustomerFacts[]): NotReachedRow[] =>
  facts
    .filter((f) => f.callsReached === 0)
    .map((f) => ({ customer: f.name, planned: f.callsPlanned, attempts: f.callsNotReached }))
    .sort((a, b) => b.planned - a.planned || b.attempts - a.attempts || a.customer.localeCompare(b.customer, 'zh-Hans-CN'));

/** The month's first and last day as stored in date columns (YYYY-MM-DD), inclusive. */
export const monthDays = (month: string): { first: string; last: string } => {
  const [year, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
};
