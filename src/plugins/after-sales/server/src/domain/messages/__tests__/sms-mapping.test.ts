import { fillSmsParams, parseSmsMapping, smsMappingProblems } from '../sms-mapping';

const VARIABLES = ['item.reference', 'item.respondBy', 'links.survey'];

describe('SMS template-code mapping', () => {
  it('accepts a JSON text or an object, and empty text', () => {
    expect(smsMappingProblems('', VARIABLES)).toEqual([]);
    expect(smsMappingProblems('{"feedback.acknowledged":{"code":"SMS_1","params":{"ref":"item.reference"}}}', VARIABLES)).toEqual([]);
    expect(smsMappingProblems({ 'feedback.survey': { code: '2001', params: { '1': 'item.reference', '2': 'links.survey' } } }, VARIABLES)).toEqual([]);
  });

  it('names what is wrong: not JSON, no code, an unknown variable', () => {
    expect(smsMappingProblems('{oops', VARIABLES)[0]).toMatch(/^is not JSON/);
    expect(smsMappingProblems('[]', VARIABLES)).toEqual(['must be an object: template key → { code, params }']);
    expect(smsMappingProblems({ a: { params: {} }, b: { code: 'X', params: { p: 'item.mood' } }, c: { code: 'Y', params: [] } }, VARIABLES)).toEqual([
      '"a": needs "code", the provider\'s template code',
      '"b".params.p: unknown variable "item.mood"',
      '"c".params: must be an object: parameter name → variable',
    ]);
  });

  it('merges mappings, later over earlier', () => {
    expect(parseSmsMapping('{"a":{"code":"1"},"b":{"code":"2"}}', { b: { code: '3', params: { x: 'item.reference' } } })).toEqual({
      a: { code: '1', params: {} },
      b: { code: '3', params: { x: 'item.reference' } },
    });
  });

  it('fills the parameters from the variables, naming the missing ones', () => {
    const entry = { code: 'SMS_1', params: { ref: 'item.reference', due: 'item.respondBy' } };
    expect(fillSmsParams(entry, { 'item.reference': 'FB-1', 'item.respondBy': '2026-12-04 18:00' })).toEqual({ ok: true, params: { ref: 'FB-1', due: '2026-12-04 18:00' } });
    expect(fillSmsParams(entry, { 'item.reference': 'FB-1' })).toEqual({ ok: false, missing: ['due (item.respondBy)'] });
  });
});
