import { checkWarranty, warrantyEnds } from '../warranty';

describe('warranty arithmetic', () => {
  it('ends the same day N months later, or at the end of a shorter month', () => {
    expect(warrantyEnds('2025-03-15', 12).toISOString().slice(0, 10)).toBe('2026-03-15');
    expect(warrantyEnds('2025-01-31', 1).toISOString().slice(0, 10)).toBe('2025-02-28');
    expect(warrantyEnds('2024-01-31', 1).toISOString().slice(0, 10)).toBe('2024-02-29');
  });

  it('adds the grace period', () => {
    expect(warrantyEnds('2025-03-15', 12, 10).toISOString().slice(0, 10)).toBe('2026-03-25');
  });

  it('refuses past the end, accepts before it, and names what is missing', () => {
    const today = new Date('2026-03-20T00:00:00Z');
    expect(checkWarranty({ purchaseDate: '2025-03-15', warrantyMonths: 12, graceDays: 0, today })).toMatchObject({ covered: false, field: 'purchaseDate' });
    expect(checkWarranty({ purchaseDate: '2025-03-15', warrantyMonths: 12, graceDays: 10, today })).toEqual({ covered: true });
    expect(checkWarranty({ purchaseDate: null, warrantyMonths: 12, graceDays: 0, today })).toMatchObject({ covered: false, field: 'purchaseDate' });
    expect(checkWarranty({ purchaseDate: '2025-03-15', warrantyMonths: null, graceDays: 0, today })).toMatchObject({ covered: false, field: 'product' });
  });
});
