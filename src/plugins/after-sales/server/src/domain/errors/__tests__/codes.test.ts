import { addErrorCodes, codeOf } from '../codes';
import { customerVerificationGap, internalVerificationGap, type CaseVerdict } from '../../improvement/beta-test';

describe('error codes', () => {
  it('knows every refusal of the improvement workflow’s verification actions, with its values', () => {
    const open: CaseVerdict = { report: 'r', testCase: 0, title: '连续打印 500 页', reportReference: 'AR-20260301-0001', result: null, verifiedById: null, verifiedAt: null };
    const internal = (cases: CaseVerdict[], actor: number) => codeOf(internalVerificationGap(cases, new Set([3]), actor, null)?.message);
    expect(internal([open], 3)).toEqual({ code: 'verify-own-fix', values: {} });
    expect(internal([], 9)).toEqual({ code: 'verify-no-test-case', values: {} });
    expect(internal([open], 9)).toEqual({ code: 'verify-open-cases', values: { cases: '"连续打印 500 页" (AR-20260301-0001)' } });
    expect(internal([{ ...open, result: 'failed', verifiedById: 9, verifiedAt: '2026-03-10T00:00:00Z' }], 9)).toEqual({
      code: 'verify-failed-cases',
      values: { cases: '"连续打印 500 页" (AR-20260301-0001)' },
    });
    const customers = (record: object, answered: number | null) =>
      codeOf(customerVerificationGap(record, answered === null ? [] : [{ name: 'Beta', createdAt: '2026-03-10T00:00:00Z', invited: 12, answered }], 10, null)?.message);
    expect(customers({}, null)).toEqual({ code: 'beta-none', values: {} });
    expect(customers({}, 4)).toEqual({ code: 'beta-few-answers', values: { name: 'Beta', answered: '4', invited: '12', needed: '10' } });
    expect(customers({ noBetaTestReason: '上门更换' }, null)).toEqual({ code: 'no-beta-confirmation', values: {} });
  });

  it('recognises the English field messages and their values', () => {
    expect(codeOf('must be a whole number from 1 to 5')).toEqual({ code: 'number-range', values: { min: '1', max: '5' } });
    expect(codeOf('is required')).toEqual({ code: 'required', values: {} });
    expect(codeOf('"acknowledge" does not accept this field')).toEqual({ code: 'not-accepted', values: {} });
    expect(codeOf('is stale: this feedback is at version 5; reload it and try again')).toEqual({ code: 'stale', values: { version: '5' } });
    expect(codeOf('something nobody catalogued')).toBeNull();
    expect(codeOf(undefined)).toBeNull();
  });

  it('adds codes to the field errors of an error body, keeping codes already given', () => {
    const error = {
      details: {
        errors: [
          { path: ['data', 'score'], message: 'must be a whole number from 1 to 5' },
          { path: ['x'], message: 'is required', code: 'own' },
          { path: ['y'], message: '???' },
        ],
      },
    };
    addErrorCodes(error);
    expect(error.details.errors).toEqual([
      { path: ['data', 'score'], message: 'must be a whole number from 1 to 5', code: 'number-range', values: { min: '1', max: '5' } },
      { path: ['x'], message: 'is required', code: 'own' },
      { path: ['y'], message: '???' },
    ]);
    expect(() => addErrorCodes(null)).not.toThrow();
  });

  it('names a 404 without a code of its own not-found, and leaves the codes a refusal gave', () => {
    const missing = { message: 'No feedback x7k2', details: {} as Record<string, unknown> };
    addErrorCodes(missing, 404);
    expect(missing.details).toEqual({ code: 'not-found' });
    const own = { message: 'No such file on this case', details: { code: 'attachment-gone' } as Record<string, unknown> };
    addErrorCodes(own, 404);
    expect(own.details).toEqual({ code: 'attachment-gone' });
    const refused = { message: 'You may not read this feedback', details: {} as Record<string, unknown> };
    addErrorCodes(refused, 403);
    expect(refused.details).toEqual({});
  });
});
