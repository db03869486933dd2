import { duplicateGroups } from '../duplicates';
import { mergePlan, refuseMerge } from '../merge-plan';
import { addMonths, ownedUnits } from '../units';

const row = (id: number, phone: string | null, email: string | null) => ({ id, documentId: `c${id}`, phoneNormalized: phone, emailNormalized: email });

describe('duplicateGroups', () => {
  it('groups records sharing a phone or an email, transitively, oldest first', () => {
    const groups = duplicateGroups([row(5, '+8613800138000', null), row(2, '+8613800138000', 'a@x.cn'), row(9, null, 'a@x.cn'), row(3, '+8613900139000', 'b@x.cn'), row(4, null, null)]);
    expect(groups).toEqual([{ documentIds: ['c2', 'c5', 'c9'], sharedBy: ['phone', 'email'] }]);
  });

  it('says what a group shares', () => {
    expect(duplicateGroups([row(1, null, 'a@x.cn'), row(2, '+8613800138000', 'a@x.cn')])).toEqual([{ documentIds: ['c1', 'c2'], sharedBy: ['email'] }]);
    expect(duplicateGroups([row(1, '+1', null), row(2, '+2', null)])).toEqual([]);
  });
});

describe('mergePlan', () => {
  it('fills what the survivor lacks, keeps what it has, keeps both notes', () => {
    const survivor = { id: 1, name: '王伟', phone: '138 0013 8000', phoneNormalized: '+8613800138000', email: null, emailNormalized: null, company: '', notes: '老客户' };
    const merged = { id: 2, name: '王先生', phone: '+86 139 0013 9000', phoneNormalized: '+8613900139000', email: 'w@x.cn', emailNormalized: 'w@x.cn', company: '张江公司', notes: '下午回电' };
    expect(mergePlan(survivor, merged)).toEqual({
      changes: { email: 'w@x.cn', emailNormalized: 'w@x.cn', company: '张江公司', notes: '老客户\n\n下午回电' },
      previous: { email: null, emailNormalized: null, company: '', notes: '老客户' },
    });
  });

  it('takes the more recent consent decision', () => {
    const survivor = { id: 1, contactConsent: true, contactConsentAt: '2026-01-01T00:00:00.000Z' };
    expect(mergePlan(survivor, { id: 2, contactConsent: false, contactConsentAt: '2026-06-01T00:00:00.000Z' }).changes).toEqual({
      contactConsent: false,
      contactConsentAt: '2026-06-01T00:00:00.000Z',
    });
    expect(mergePlan(survivor, { id: 2, contactConsent: false, contactConsentAt: '2025-06-01T00:00:00.000Z' }).changes).toEqual({});
  });

  it('refuses merging a record with itself or an erased one', () => {
    expect(refuseMerge({ id: 1 }, { id: 1 })).toMatchObject({ field: 'merged', code: 'same-customer' });
    expect(refuseMerge({ id: 1 }, { id: 2, privacyState: 'erased' })).toMatchObject({ field: 'merged', code: 'merge-erased' });
    expect(refuseMerge({ id: 1, privacyState: 'erased' }, { id: 2 })).toMatchObject({ field: 'survivor', code: 'merge-erased' });
    expect(refuseMerge({ id: 1, privacyState: 'active' }, { id: 2 })).toBeNull();
  });
});

describe('ownedUnits', () => {
  it('one unit per model, batch and serial, with the warranty end of the earliest purchase date', () => {
    const units = ownedUnits([
      { model: 'AP-300', productName: '空气净化器', warrantyMonths: 12, batch: 'B2401', serialNumber: 'SN1', purchaseDate: '2025-03-31', reference: 'SR-1' },
      { model: 'AP-300', productName: '空气净化器', warrantyMonths: 12, batch: 'B2401', serialNumber: 'SN1', purchaseDate: null, reference: 'FB-1' },
      { model: 'AP-300', warrantyMonths: 12, batch: 'B2401', serialNumber: null, reference: 'FB-2' },
      { model: 'AP-300', productName: '空气净化器', batch: 'B2401', serialNumber: null },
      { model: 'SC-1', warrantyMonths: null, batch: ' ', serialNumber: 'X', purchaseDate: '2026-01-05' },
    ]);
    expect(units).toEqual([
      { model: 'AP-300', productName: '空气净化器', batch: 'B2401', serialNumber: null, purchaseDate: null, warrantyEnd: null, references: ['FB-2'] },
      { model: 'AP-300', productName: '空气净化器', batch: 'B2401', serialNumber: 'SN1', purchaseDate: '2025-03-31', warrantyEnd: '2026-03-31', references: ['SR-1', 'FB-1'] },
      { model: 'SC-1', productName: null, batch: null, serialNumber: 'X', purchaseDate: '2026-01-05', warrantyEnd: null, references: [] },
    ]);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});
