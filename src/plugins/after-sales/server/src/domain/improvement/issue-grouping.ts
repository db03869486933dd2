/**
 * "The same issue" (同一问题, 004 二(五): 月度反馈量超5次的同一问题): which facts of an item decide
 * that two items are one issue. Configurable; the default is product model + batch + cause
 * category, so that unrelated defects on one batch stay apart. Leaving the batch out groups one
 * defect across batches.
 */

export const ISSUE_DIMENSIONS = ['productModel', 'batch', 'causeCategory', 'type'] as const;
export type IssueDimension = (typeof ISSUE_DIMENSIONS)[number];

export const DEFAULT_ISSUE_GROUPING: IssueDimension[] = ['productModel', 'batch', 'causeCategory'];

/** The facts of one item (a feedback or complaint, with its analysis report's cause category when it has one). */
export interface IssueFacts {
  productModel: string | null;
  batch: string | null;
  causeCategory: string | null;
  type: string | null;
}

/** The configured grouping, checked: a non-empty list of known dimensions, each once, in the canonical order; null when unusable. */
export const parseIssueGrouping = (value: unknown): IssueDimension[] | null => {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (value.some((d) => !(ISSUE_DIMENSIONS as readonly unknown[]).includes(d))) return null;
  if (new Set(value).size !== value.length) return null;
  return ISSUE_DIMENSIONS.filter((d) => value.includes(d));
};

/** The configured grouping, or the default when the setting is missing or unusable. */
export const issueGroupingOf = (value: unknown): IssueDimension[] => parseIssueGrouping(value) ?? DEFAULT_ISSUE_GROUPING;

/**
 * The key of the issue an item belongs to, or null when the item lacks a fact the grouping needs
 * (an item with no cause category yet is not grouped by cause: it waits for its analysis).
 */
export const issueKeyOf = (facts: IssueFacts, grouping: readonly IssueDimension[]): string | null => {
  const parts: string[] = [];
  for (const dimension of ISSUE_DIMENSIONS) {
    if (!grouping.includes(dimension)) continue;
    const value = facts[dimension];
    if (value === null || value === undefined || String(value).trim() === '') return null;
    parts.push(`${dimension}=${String(value).trim()}`);
  }
  return parts.join('|');
};

export interface IssueGroup<T> {
  key: string;
  facts: Partial<IssueFacts>;
  items: T[];
}

/** Groups items into issues by the grouping, largest first (ties by key); items without a key are left out. */
export const groupIssues = <T extends IssueFacts>(items: readonly T[], grouping: readonly IssueDimension[]): IssueGroup<T>[] => {
  const groups = new Map<string, IssueGroup<T>>();
  for (const item of items) {
    const key = issueKeyOf(item, grouping);
    if (key === null) continue;
    let group = groups.get(key);
    if (!group) {
      group = { key, facts: Object.fromEntries(grouping.map((d) => [d, item[d]])) as Partial<IssueFacts>, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.key.localeCompare(b.key));
};

/** The issues seen more than `threshold` times (the monthly review's high-frequency issues). */
export const frequentIssues = <T extends IssueFacts>(items: readonly T[], grouping: readonly IssueDimension[], threshold: number) =>
  groupIssues(items, grouping).filter((g) => g.items.length > threshold);
