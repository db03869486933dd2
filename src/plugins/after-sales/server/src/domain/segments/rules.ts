/**
 * Customer segments as data (客户分级): each segment has a key, a title in en and zh-Hans, a priority
 * and rules over what we know of a customer (units owned, open complaints, the service-contract
 * flag). The first segment by priority with a rule that holds is the customer's; a customer no rule
 * places gets the default segment (`regular`). A manual choice (with its reason) wins over the
 * rules until it is withdrawn. Pure, no Strapi.
 */

/** One rule: every fact it names must hold (at least one). A segment holds when any of its rules does. */
export interface SegmentRule {
  /** Owns at least this many units (products by model, batch and serial number, as the cases record them). */
  minUnits?: number;
  /** Has at least this many complaints not closed. */
  minOpenComplaints?: number;
  /** Has (true) or has not (false) a service contract. */
  contract?: boolean;
}

export interface Segment {
  key: string;
  title: { en: string; 'zh-Hans': string };
  /** Lower is looked at first. */
  priority: number;
  rules: SegmentRule[];
  /** The segment of customers no rule places (exactly one). */
  isDefault: boolean;
  /** Shipped with the product (`key`, `regular`): cannot be deleted. */
  builtIn?: boolean;
}

/** What the rules look at, for one customer. */
export interface CustomerFacts {
  units: number;
  openComplaints: number;
  contract: boolean;
  /** A manual choice in force (it wins over the rules). */
  manual?: { segment: string; reason: string } | null;
}

/** One fact a rule looked at and what the customer has. */
export type ReasonPart = { fact: 'units'; value: number; threshold: number } | { fact: 'openComplaints'; value: number; threshold: number } | { fact: 'contract'; value: boolean };

export type SegmentReason = { kind: 'manual'; text: string } | { kind: 'rule'; parts: ReasonPart[] } | { kind: 'default' };

export interface Assignment {
  segment: string;
  manual: boolean;
  reason: SegmentReason;
}

const partsOf = (rule: SegmentRule, facts: CustomerFacts): ReasonPart[] | null => {
  const parts: ReasonPart[] = [];
  if (rule.minUnits !== undefined) {
    if (facts.units < rule.minUnits) return null;
    parts.push({ fact: 'units', value: facts.units, threshold: rule.minUnits });
  }
  if (rule.minOpenComplaints !== undefined) {
    if (facts.openComplaints < rule.minOpenComplaints) return null;
    parts.push({ fact: 'openComplaints', value: facts.openComplaints, threshold: rule.minOpenComplaints });
  }
  if (rule.contract !== undefined) {
    if (facts.contract !== rule.contract) return null;
    parts.push({ fact: 'contract', value: facts.contract });
  }
  return parts.length ? parts : null;
};

export const byPriority = (segments: readonly Segment[]) => [...segments].sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));

/**
 * The customer's segment and why. A manual choice of a segment that still exists wins; otherwise
 * the first segment by priority with a rule that holds; otherwise the default segment.
 */
export const assignSegment = (segments: readonly Segment[], facts: CustomerFacts): Assignment => {
  if (facts.manual && segments.some((s) => s.key === facts.manual!.segment)) {
    return { segment: facts.manual.segment, manual: true, reason: { kind: 'manual', text: facts.manual.reason } };
  }
  for (const segment of byPriority(segments)) {
    for (const rule of segment.rules) {
      const parts = partsOf(rule, facts);
      if (parts) return { segment: segment.key, manual: false, reason: { kind: 'rule', parts } };
    }
  }
  const fallback = segments.find((s) => s.isDefault)?.key ?? 'regular';
  return { segment: fallback, manual: false, reason: { kind: 'default' } };
};

/**
 * The reason as stored on the customer (`segmentReason`, a plain text also read in the Content
 * Manager): the manual reason as typed, or the facts the rule matched, e.g. `units 4 ≥ 3`.
 */
export const reasonText = (reason: SegmentReason): string => {
  if (reason.kind === 'manual') return reason.text;
  if (reason.kind === 'default') return 'no rule applies';
  return reason.parts
    .map((p) => (p.fact === 'contract' ? (p.value ? 'service contract' : 'no service contract') : `${p.fact === 'units' ? 'units' : 'open complaints'} ${p.value} ≥ ${p.threshold}`))
    .join('; ');
};

/** What the stored fields become for an assignment; null when they already say so. */
export const segmentChanges = (stored: { segment?: string | null; segmentReason?: string | null; segmentManual?: boolean | null }, assignment: Assignment) => {
  const next = { segment: assignment.segment, segmentReason: reasonText(assignment.reason).slice(0, 500), segmentManual: assignment.manual };
  const same = stored.segment === next.segment && (stored.segmentReason ?? '') === next.segmentReason && !!stored.segmentManual === next.segmentManual;
  return same ? null : next;
};

export interface SegmentError {
  path: string;
  message: string;
}

const KEY = /^[a-z][a-z0-9-]{0,39}$/;
const RULE_KEYS = ['minUnits', 'minOpenComplaints', 'contract'];

/** Checks a segment as an administrator sends it (`key` from the path); errors name the field. */
export const validateSegment = (key: string, input: unknown): { ok: true; segment: Segment } | { ok: false; errors: SegmentError[] } => {
  const errors: SegmentError[] = [];
  if (!KEY.test(key)) errors.push({ path: 'key', message: 'must be 1 to 40 lower-case letters, digits or "-", starting with a letter' });
  const body = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const title = (typeof body.title === 'object' && body.title !== null ? body.title : {}) as Record<string, unknown>;
  for (const locale of ['en', 'zh-Hans']) {
    const value = title[locale];
    if (typeof value !== 'string' || !value.trim() || value.trim().length > 100) errors.push({ path: `title.${locale}`, message: 'must be a text of 1 to 100 characters' });
  }
  const priority = body.priority ?? 100;
  if (!Number.isInteger(priority) || (priority as number) < 0 || (priority as number) > 10_000) errors.push({ path: 'priority', message: 'must be a whole number from 0 to 10000' });
  const rules: SegmentRule[] = [];
  const rawRules = body.rules ?? [];
  if (!Array.isArray(rawRules) || rawRules.length > 20) errors.push({ path: 'rules', message: 'must be a list of at most 20 rules' });
  else
    rawRules.forEach((raw, index) => {
      const at = `rules[${index}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        errors.push({ path: at, message: 'must be { minUnits?, minOpenComplaints?, contract? }' });
        return;
      }
      const r = raw as Record<string, unknown>;
      for (const k of Object.keys(r)) if (!RULE_KEYS.includes(k)) errors.push({ path: `${at}.${k}`, message: `unknown fact; use ${RULE_KEYS.join(', ')}` });
      const rule: SegmentRule = {};
      for (const k of ['minUnits', 'minOpenComplaints'] as const) {
        if (r[k] === undefined) continue;
        if (!Number.isInteger(r[k]) || (r[k] as number) < 1 || (r[k] as number) > 100_000) errors.push({ path: `${at}.${k}`, message: 'must be a whole number of at least 1' });
        else rule[k] = r[k] as number;
      }
      if (r.contract !== undefined) {
        if (typeof r.contract !== 'boolean') errors.push({ path: `${at}.contract`, message: 'must be true or false' });
        else rule.contract = r.contract;
      }
      if (!Object.keys(rule).length && !errors.some((e) => e.path.startsWith(at))) errors.push({ path: at, message: 'names no fact' });
      rules.push(rule);
    });
  const isDefault = body.isDefault === true;
  if (body.isDefault !== undefined && typeof body.isDefault !== 'boolean') errors.push({ path: 'isDefault', message: 'must be true or false' });
  if (isDefault && rules.length) errors.push({ path: 'rules', message: 'the default segment takes no rules (it is what no rule places)' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    segment: { key, title: { en: (title.en as string).trim(), 'zh-Hans': (title['zh-Hans'] as string).trim() }, priority: priority as number, rules, isDefault },
  };
};
