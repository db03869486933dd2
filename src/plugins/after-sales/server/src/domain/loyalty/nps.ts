/**
 * The loyalty survey's arithmetic (Net Promoter Score): a 0–10 answer makes a promoter (9–10), a
 * passive (7–8) or a detractor (0–6); NPS = % promoters − % detractors (whole number, −100…100;
 * null without answers). Results are grouped by the customer's segment and the month answered.
 * Pure: the caller reads the answers and the clock.
 */
export const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type NpsGroup = 'promoter' | 'passive' | 'detractor';

export const npsGroup = (score: number): NpsGroup => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** A detractor's answer is followed up by a care call. */
export const isDetractor = (score: number) => npsGroup(score) === 'detractor';

/** A score as a customer's form or a request sends it ("7", 7): the whole number 0–10, else null. */
export const parseNpsScore = (value: unknown): number | null => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^(10|[0-9])$/.test(text) ? Number(text) : null;
};

export interface NpsFigures {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, rounded; null without answers. */
  nps: number | null;
}

export const npsOf = (scores: readonly number[]): NpsFigures => {
  const count = (group: NpsGroup) => scores.filter((s) => npsGroup(s) === group).length;
  const promoters = count('promoter');
  const detractors = count('detractor');
  const answers = scores.length;
  return { answers, promoters, passives: answers - promoters - detractors, detractors, nps: answers ? Math.round(((promoters - detractors) * 100) / answers) : null };
};

/** The month (`2026-03`) of an instant in a time zone. */
export const monthIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);

export interface NpsAnswer {
  segment: string | null;
  answeredAt: Date;
  score: number;
}

export type NpsRow = NpsFigures & { segment: string | null; month: string };

/** Figures per segment and month (segments by key, no segment last; months in order), and all answers together. */
export const npsBySegmentAndMonth = (answers: readonly NpsAnswer[], timeZone: string): { rows: NpsRow[]; total: NpsFigures } => {
  const groups = new Map<string, { segment: string | null; month: string; scores: number[] }>();
  for (const answer of answers) {
    const month = monthIn(answer.answeredAt, timeZone);
    const key = `${answer.segment ?? ''}\u0000${month}`;
    const group = groups.get(key) ?? { segment: answer.segment, month, scores: [] };
    group.scores.push(answer.score);
    groups.set(key, group);
  }
  const rows = [...groups.values()]
    .sort((a, b) => (a.segment === b.segment ? a.month.localeCompare(b.month) : a.segment === null ? 1 : b.segment === null ? -1 : a.segment.localeCompare(b.segment)))
    .map(({ segment, month, scores }) => ({ segment, month, ...npsOf(scores) }));
  return { rows, total: npsOf(answers.map((a) => a.score)) };
};

export interface CampaignInput {
  name?: unknown;
  segment?: unknown;
  product?: unknown;
}

/** A campaign as staff send it: a name and exactly one audience (a segment key or a product model); the problems by field. */
export const campaignProblems = (input: CampaignInput): Record<string, string> => {
  const problems: Record<string, string> = {};
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  if (!text(input.name)) problems.name = 'a campaign needs a name';
  else if (text(input.name).length > 120) problems.name = 'at most 120 characters';
  const segment = input.segment === undefined || input.segment === null ? null : text(input.segment);
  const product = input.product === undefined || input.product === null ? null : text(input.product);
  if (segment === '' || (segment !== null && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(segment))) problems.segment = 'a segment key (lower-case letters, digits, -)';
  if (product === '' || (product !== null && product.length > 80)) problems.product = 'a product model (at most 80 characters)';
  if (segment === null && product === null) problems.segment = 'send to a segment or to a product\u2019s owners';
  if (segment !== null && product !== null) problems.product = 'either a segment or a product, not both';
  return problems;
};
