/** One suggestion waiting in the product department's backlog. */
export interface BacklogSuggestion {
  documentId: string;
  reference: string | null;
  symptom: string;
  expectedSolution: string | null;
  product: { model: string; name: string | null } | null;
  /** When it was collected into the backlog (the item's `closedAt`). */
  collectedAt: string | null;
}

export interface BacklogGroup {
  model: string | null;
  name: string | null;
  count: number;
  suggestions: BacklogSuggestion[];
}

/** The month (`YYYY-MM`) of an instant in a time zone. */
export const monthOf = (at: string | Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(at)).slice(0, 7);

/**
 * The suggestions backlog for the product department's monthly review: grouped by product (the
 * most suggested first, suggestions without a product last), oldest suggestion first in a group;
 * `month` keeps those collected in that month (business time zone), none keeps all.
 */
export const groupBacklog = (suggestions: BacklogSuggestion[], options: { month?: string; timeZone: string }): BacklogGroup[] => {
  const groups = new Map<string, BacklogGroup>();
  for (const suggestion of suggestions) {
    if (options.month && (!suggestion.collectedAt || monthOf(suggestion.collectedAt, options.timeZone) !== options.month)) continue;
    const key = suggestion.product?.model ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { model: suggestion.product?.model ?? null, name: suggestion.product?.name ?? null, count: 0, suggestions: [] }));
    group.count += 1;
    group.suggestions.push(suggestion);
  }
  for (const group of groups.values()) group.suggestions.sort((a, b) => (a.collectedAt ?? '').localeCompare(b.collectedAt ?? ''));
  return [...groups.values()].sort((a, b) => (a.model === null ? 1 : 0) - (b.model === null ? 1 : 0) || b.count - a.count || (a.model ?? '').localeCompare(b.model ?? ''));
};
