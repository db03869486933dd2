/**
 * The products a customer owns, as their cases tell it: one unit per product model, batch and
 * serial number (a case without a serial number is one unit of its model and batch), with the
 * purchase date the records give and the warranty end it implies (purchase date plus the model's
 * warranty months; the last day of a shorter month when the day does not exist). Pure, no Strapi.
 */
export interface UnitSighting {
  model: string;
  productName?: string | null;
  warrantyMonths?: number | null;
  batch?: string | null;
  serialNumber?: string | null;
  /** YYYY-MM-DD */
  purchaseDate?: string | null;
  reference?: string | null;
}

export interface OwnedUnit {
  model: string;
  productName: string | null;
  batch: string | null;
  serialNumber: string | null;
  purchaseDate: string | null;
  warrantyEnd: string | null;
  references: string[];
}

/** `2026-01-31` + 1 month → `2026-02-28`. */
export const addMonths = (date: string, months: number): string | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1 + months, Number(match[3])];
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
};

export const ownedUnits = (sightings: UnitSighting[]): OwnedUnit[] => {
  const units = new Map<string, OwnedUnit>();
  for (const s of sightings) {
    if (!s.model) continue;
    const batch = s.batch?.trim() || null;
    const serialNumber = s.serialNumber?.trim() || null;
    const key = JSON.stringify([s.model, batch, serialNumber]);
    const unit = units.get(key) ?? { model: s.model, productName: s.productName ?? null, batch, serialNumber, purchaseDate: null, warrantyEnd: null, references: [] };
    unit.productName ??= s.productName ?? null;
    const purchase = s.purchaseDate ? s.purchaseDate.slice(0, 10) : null;
    // The earliest purchase date a record gives is the purchase (later ones are usually typos of a repair date).
    if (purchase && (!unit.purchaseDate || purchase < unit.purchaseDate)) {
      unit.purchaseDate = purchase;
      unit.warrantyEnd = s.warrantyMonths === null || s.warrantyMonths === undefined ? null : addMonths(purchase, s.warrantyMonths);
    }
    if (s.reference && !unit.references.includes(s.reference)) unit.references.push(s.reference);
    units.set(key, unit);
  }
  return [...units.values()].sort((a, b) => a.model.localeCompare(b.model) || (a.serialNumber ?? '').localeCompare(b.serialNumber ?? ''));
};
