import { addErrorCodes, codeOf } from '../codes';

describe('error codes', () => {
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
});
