import type { LocalizedText } from '../workflow/types';

/**
 * What one kind of work item means to the plugin, declared once beside its workflow (manifest
 * `contributes.itemKinds`) and read by every feature that handles items of any kind: SLA, dashboard,
 * staff lists, tracking, reports, privacy, intake and the admin. A feature that needs to know
 * "which field is the owner" or "which clocks run" asks the item kind, never a table of its own.
 */
export interface ItemKindClock {
  /** The clock as SLA policies name it; also the item's due-date field when the content type has one. */
  field: string;
  /** The item field set when the obligation is met (read for items stored before clocks had rows). */
  stoppedBy?: string;
  title?: LocalizedText;
}

export interface ItemKind {
  /** The kind's id: the id of the workflow it describes. */
  id: string;
  title?: LocalizedText;
  contentType: string;
  /** Prefix of the human-readable reference (`FB-20260312-0001`). */
  referencePrefix: string;
  /** Path of the staff list (`/api/after-sales/staff/<collection>`); absent: not listed there. */
  collection?: string;
  /** The staff member who took the case (kept after a hand-off). */
  ownerField?: string;
  /** The department the item belongs to (scopes who sees it, picks its calendar). */
  departmentField?: string;
  /** The staff member working on it now (notified and reassigned by escalation, "my queue"). */
  assigneeField?: string;
  /** The severity field and its ladder, most severe first. */
  severity?: { field: string; ladder: string[] };
  /** The field shown as the item's one-line summary. */
  summaryField?: string;
  /** The relation to the customer. */
  customerField?: string;
  /** The SLA clocks an SLA policy may run on this kind, in display order. */
  clocks?: ItemKindClock[];
  /** Fields holding the customer's own words (erased and exported with the customer's data). */
  customerWords?: string[];
  /** What the public tracking page may show; absent: the kind cannot be tracked. */
  tracking?: { dueDates: string[] };
  /** How an intake submission becomes an item: the intake `kind` value and input → field copies. */
  intake?: { kind: string; fields?: Record<string, string> };
}

/** The clock fields of every kind that declares clocks, by workflow id (what SLA policies may name). */
export const clockFieldsByWorkflow = (kinds: readonly ItemKind[]): Record<string, string[]> =>
  Object.fromEntries(kinds.filter((k) => k.clocks?.length).map((k) => [k.id, k.clocks!.map((c) => c.field)]));

/** Orders clock ids the way the kind declares them (unknown ones last, in their order). */
export const inClockOrder = <C extends { clock: string }>(kind: ItemKind | undefined, clocks: C[]): C[] => {
  const order = (kind?.clocks ?? []).map((c) => c.field);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...clocks].sort((a, b) => rank(a.clock) - rank(b.clock));
};

/** Problems that make a declared kind unusable, each naming its field (the JSON schema checks shapes). */
export const itemKindProblems = (kind: ItemKind, others: readonly ItemKind[]): { field: string; message: string }[] => {
  const problems: { field: string; message: string }[] = [];
  for (const other of others) {
    if (other === kind) continue;
    if (other.id === kind.id) problems.push({ field: 'id', message: `item kind "${kind.id}" is declared twice` });
    if (other.contentType === kind.contentType) problems.push({ field: 'contentType', message: `${kind.contentType} already has the item kind "${other.id}"` });
    if (other.referencePrefix === kind.referencePrefix) problems.push({ field: 'referencePrefix', message: `"${kind.referencePrefix}" is the prefix of "${other.id}" already` });
    if (kind.collection && other.collection === kind.collection) problems.push({ field: 'collection', message: `"${kind.collection}" is the staff list of "${other.id}" already` });
    if (kind.intake && other.intake?.kind === kind.intake.kind) problems.push({ field: 'intake.kind', message: `intake kind "${kind.intake.kind}" is taken by "${other.id}"` });
  }
  const fields = (kind.clocks ?? []).map((c) => c.field);
  fields.forEach((field, i) => fields.indexOf(field) !== i && problems.push({ field: `clocks[${i}].field`, message: `${field} is listed twice` }));
  return problems;
};
