/**
 * Warranty arithmetic, independent of Strapi: a product bought on `purchaseDate` with
 * `warrantyMonths` of warranty is covered until the same day `warrantyMonths` later (end of the
 * month when that day does not exist), plus `graceDays`.
 */
export const warrantyEnds = (purchaseDate: string, warrantyMonths: number, graceDays = 0): Date => {
  const [year, month, day] = purchaseDate.split('-').map(Number);
  const targetMonth = month - 1 + warrantyMonths;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay)));
  return new Date(end.getTime() + graceDays * 24 * 3600 * 1000);
};

export type WarrantyVerdict = { covered: true } | { covered: false; reason: string; field: string };

export const checkWarranty = (input: { purchaseDate?: string | null; warrantyMonths?: number | null; graceDays: number; today: Date }): WarrantyVerdict => {
  if (!input.purchaseDate) return { covered: false, field: 'purchaseDate', reason: 'is needed to check the warranty' };
  if (input.warrantyMonths === null || input.warrantyMonths === undefined) {
    return { covered: false, field: 'product', reason: 'has no warranty period recorded' };
  }
  const ends = warrantyEnds(input.purchaseDate, input.warrantyMonths, input.graceDays);
  if (input.today.getTime() >= ends.getTime()) {
    return { covered: false, field: 'purchaseDate', reason: `the warranty ended on ${ends.toISOString().slice(0, 10)}; a return or exchange cannot be approved` };
  }
  return { covered: true };
};
