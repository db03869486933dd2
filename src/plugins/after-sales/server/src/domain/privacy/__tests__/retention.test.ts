import { isEligible, retentionCutoff } from '../retention';
import { pseudonymFor } from '../pseudonym';

describe('retentionCutoff', () => {
  it('goes back whole calendar months', () => {
    expect(retentionCutoff(new Date('2026-11-29T10:00:00Z'), 36).toISOString()).toBe('2023-11-29T10:00:00.000Z');
    expect(retentionCutoff(new Date('2026-03-15T00:00:00Z'), 3).toISOString()).toBe('2025-12-15T00:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(retentionCutoff(new Date('2026-03-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
  });
});

describe('isEligible', () => {
  const cutoff = new Date('2023-11-29T00:00:00Z');
  const base = { documentId: 'c1', lastActivityAt: new Date('2023-01-01T00:00:00Z'), openItems: 0, erased: false };

  it('needs no open item, no activity since the cutoff, and not erased yet', () => {
    expect(isEligible(base, cutoff)).toBe(true);
    expect(isEligible({ ...base, openItems: 1 }, cutoff)).toBe(false);
    expect(isEligible({ ...base, lastActivityAt: new Date('2023-11-29T00:00:00Z') }, cutoff)).toBe(false);
    expect(isEligible({ ...base, erased: true }, cutoff)).toBe(false);
  });
});

describe('pseudonymFor', () => {
  it('is stable per customer and key, and different across customers and keys', () => {
    expect(pseudonymFor('abc', 'k1')).toBe(pseudonymFor('abc', 'k1'));
    expect(pseudonymFor('abc', 'k1')).toMatch(/^Customer-[0-9a-f]{10}$/);
    expect(pseudonymFor('abd', 'k1')).not.toBe(pseudonymFor('abc', 'k1'));
    expect(pseudonymFor('abc', 'k2')).not.toBe(pseudonymFor('abc', 'k1'));
  });
});
