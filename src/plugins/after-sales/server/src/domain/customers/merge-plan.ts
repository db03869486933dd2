/**
 * What a merge writes on the surviving customer record. The survivor keeps what it has; a field
 * it lacks is taken from the merged record (a second phone or email stays on neither: it is the
 * merged record's, kept in the merge's snapshot for 30 days). Notes are kept both. The contact
 * consent is the most recent decision of the two (a consent given, or withdrawn, later wins).
 * Pure, no Strapi: the caller stores `changes` and keeps `previous` to undo.
 */
export type CustomerFields = Record<string, unknown>;

/** Fields a merge fills in on the survivor when it has none. */
export const FILLED_FIELDS = ['company', 'phone', 'phoneNormalized', 'email', 'emailNormalized', 'wechat', 'address', 'preferredChannel'] as const;

export type MergeRefusal = { field: 'survivor' | 'merged'; code: 'same-customer' | 'merge-erased'; message: string };

export const refuseMerge = (survivor: CustomerFields, merged: CustomerFields): MergeRefusal | null => {
  if (survivor.id === merged.id) return { field: 'merged', code: 'same-customer', message: 'is the survivor itself; pick two different customers' };
  if (survivor.privacyState === 'erased') return { field: 'survivor', code: 'merge-erased', message: 'was erased (anonymised) and cannot take another record' };
  if (merged.privacyState === 'erased') return { field: 'merged', code: 'merge-erased', message: 'was erased (anonymised); there is nothing to merge' };
  return null;
};

const blank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && !value.trim());
const time = (value: unknown) => (value ? new Date(value as string).getTime() : Number.NEGATIVE_INFINITY);

export const mergePlan = (survivor: CustomerFields, merged: CustomerFields): { changes: CustomerFields; previous: CustomerFields } => {
  const changes: CustomerFields = {};
  for (const field of FILLED_FIELDS) {
    // The phone and its normalised form travel together (as do the email's).
    if (field === 'phoneNormalized' || field === 'emailNormalized') continue;
    if (!blank(survivor[field]) || blank(merged[field])) continue;
    changes[field] = merged[field];
    if (field === 'phone') changes.phoneNormalized = merged.phoneNormalized ?? null;
    if (field === 'email') changes.emailNormalized = merged.emailNormalized ?? null;
  }
  if (!blank(merged.notes) && merged.notes !== survivor.notes) changes.notes = blank(survivor.notes) ? merged.notes : `${survivor.notes}\n\n${merged.notes}`;
  if (merged.contactConsentAt && time(merged.contactConsentAt) > time(survivor.contactConsentAt)) {
    changes.contactConsent = !!merged.contactConsent;
    changes.contactConsentAt = merged.contactConsentAt;
  }
  const previous = Object.fromEntries(Object.keys(changes).map((field) => [field, survivor[field] ?? null]));
  return { changes, previous };
};
