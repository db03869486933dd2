/**
 * Customer records that are probably one person: records sharing a normalised phone number or a
 * normalised email address, linked transitively (A shares a phone with B, B an email with C: one
 * group). The oldest record of a group is proposed as the survivor of a merge: it is the one the
 * intake has matched the person on since (it matches the oldest first). Pure, no Strapi.
 */
export interface CustomerContactRow {
  id: number;
  documentId: string;
  phoneNormalized: string | null;
  emailNormalized: string | null;
}

export interface DuplicateGroup {
  /** Oldest first; the first is the proposed survivor. */
  documentIds: string[];
  /** What the records share: `phone`, `email`, or both. */
  sharedBy: ('phone' | 'email')[];
}

export const duplicateGroups = (rows: CustomerContactRow[]): DuplicateGroup[] => {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const parent = new Map<number, number>(sorted.map((r) => [r.id, r.id]));
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const firstWith = { phone: new Map<string, number>(), email: new Map<string, number>() };
  const shared = new Map<number, Set<'phone' | 'email'>>();
  const mark = (id: number, field: 'phone' | 'email') => shared.set(id, (shared.get(id) ?? new Set()).add(field));
  for (const row of sorted) {
    for (const [field, value] of [
      ['phone', row.phoneNormalized],
      ['email', row.emailNormalized],
    ] as const) {
      if (!value) continue;
      const first = firstWith[field].get(value);
      if (first === undefined) {
        firstWith[field].set(value, row.id);
        continue;
      }
      union(first, row.id);
      mark(first, field);
      mark(row.id, field);
    }
  }
  const groups = new Map<number, CustomerContactRow[]>();
  for (const row of sorted) {
    const root = find(row.id);
    groups.set(root, [...(groups.get(root) ?? []), row]);
  }
  return [...groups.values()]
    .filter((members) => members.length > 1)
    .map((members) => {
      const fields = new Set(members.flatMap((m) => [...(shared.get(m.id) ?? [])]));
      return { documentIds: members.map((m) => m.documentId), sharedBy: (['phone', 'email'] as const).filter((f) => fields.has(f)) };
    });
};
