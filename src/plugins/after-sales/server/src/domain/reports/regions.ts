import type { OfficeFigures, RegionFigures, RegionalIssue, ServiceNetworkFigures } from '../../../../shared/reports';

/** An office of the service network as the report names it. */
export interface OfficeRef {
  code: string;
  name: string;
  region: string;
}

/**
 * What the database counted for one office in the month (`office` null: items of no office, i.e.
 * head office). Counts and sums only, so that regions are added up from their offices, never
 * averaged from averages.
 */
export interface OfficeTally {
  office: string | null;
  feedback: number;
  complaints: number;
  serviceRecords: number;
  returnsAndExchanges: number;
  clocks: number;
  clocksMet: number;
  scoreResponses: number;
  scoreSum: number;
}

/** Feedback received at an office in the month, per product model and type. */
export interface IssueTally {
  office: string | null;
  productModel: string;
  type: string;
  count: number;
}

const EMPTY: Omit<OfficeTally, 'office'> = { feedback: 0, complaints: 0, serviceRecords: 0, returnsAndExchanges: 0, clocks: 0, clocksMet: 0, scoreResponses: 0, scoreSum: 0 };

const ratio = (part: number, whole: number, digits: number) => (whole ? Math.round((part / whole) * 10 ** digits) / 10 ** digits : null);

const add = (a: Omit<OfficeTally, 'office'>, b: Omit<OfficeTally, 'office'>): Omit<OfficeTally, 'office'> => ({
  feedback: a.feedback + b.feedback,
  complaints: a.complaints + b.complaints,
  serviceRecords: a.serviceRecords + b.serviceRecords,
  returnsAndExchanges: a.returnsAndExchanges + b.returnsAndExchanges,
  clocks: a.clocks + b.clocks,
  clocksMet: a.clocksMet + b.clocksMet,
  scoreResponses: a.scoreResponses + b.scoreResponses,
  scoreSum: a.scoreSum + b.scoreSum,
});

/**
 * The figures of a tally: volume (items received), the on-time rate (SLA clocks met of those
 * counted), the satisfaction average (of the scores given), the complaint rate (complaints among
 * the feedback and complaints received). A rate with nothing to count is null, not 0.
 */
export const figuresOf = (t: Omit<OfficeTally, 'office'>): ServiceNetworkFigures => ({
  volume: { total: t.feedback + t.complaints + t.serviceRecords, feedback: t.feedback, complaints: t.complaints, serviceRecords: t.serviceRecords, returnsAndExchanges: t.returnsAndExchanges },
  onTime: { total: t.clocks, met: t.clocksMet, rate: ratio(t.clocksMet, t.clocks, 4) },
  satisfaction: { responses: t.scoreResponses, average: ratio(t.scoreSum, t.scoreResponses, 2) },
  complaintRate: ratio(t.complaints, t.feedback + t.complaints, 4),
});

/** Offices by region then name; head office (null) last. */
const byRegionThenName = (a: OfficeRef | null, b: OfficeRef | null) => {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.region.localeCompare(b.region, 'zh-Hans') || a.name.localeCompare(b.name, 'zh-Hans') || a.code.localeCompare(b.code);
};

/**
 * The monthly report's service-network section: one row per office (every office in `offices`,
 * counted or not, and head office when it has items) and one per region, added up from its offices.
 * A region's high-frequency issues are its product model × type pairs received more than
 * `threshold` times in the month, most frequent first.
 */
export const serviceNetworkFigures = (
  offices: readonly OfficeRef[],
  tallies: readonly OfficeTally[],
  issues: readonly IssueTally[],
  threshold: number
): { regions: RegionFigures[]; offices: OfficeFigures[] } => {
  const known = new Map(offices.map((o) => [o.code, o]));
  const tallyOf = new Map<string | null, Omit<OfficeTally, 'office'>>();
  for (const { office, ...counts } of tallies) {
    // An office deleted since (its items keep no link) counts as head office.
    const key = office !== null && known.has(office) ? office : null;
    tallyOf.set(key, add(tallyOf.get(key) ?? EMPTY, counts));
  }
  const refs: (OfficeRef | null)[] = [...offices, ...(tallyOf.has(null) ? [null] : [])].sort(byRegionThenName);
  const officeRows: OfficeFigures[] = refs.map((office) => ({ office: office ? { ...office } : null, ...figuresOf(tallyOf.get(office?.code ?? null) ?? EMPTY) }));

  const regionOf = (office: string | null) => (office === null ? null : (known.get(office)?.region ?? null));
  const regionKeys = [...new Set(refs.map((o) => o?.region ?? null))];
  const regions = regionKeys.map((region): RegionFigures => {
    const members = refs.filter((o) => (o?.region ?? null) === region);
    const total = members.reduce((sum, o) => add(sum, tallyOf.get(o?.code ?? null) ?? EMPTY), EMPTY);
    const pairs = new Map<string, RegionalIssue>();
    for (const issue of issues) {
      if (regionOf(issue.office !== null && known.has(issue.office) ? issue.office : null) !== region) continue;
      const key = `${issue.productModel}\u0000${issue.type}`;
      const before = pairs.get(key);
      pairs.set(key, { productModel: issue.productModel, type: issue.type, count: (before?.count ?? 0) + issue.count });
    }
    const frequent = [...pairs.values()].filter((p) => p.count > threshold).sort((a, b) => b.count - a.count || a.productModel.localeCompare(b.productModel) || a.type.localeCompare(b.type));
    return { region, offices: members.flatMap((o) => (o ? [o.code] : [])), ...figuresOf(total), highFrequencyIssues: frequent };
  });
  return { regions, offices: officeRows };
};
