import { caseKey, caseKeyMatches, CASE_KEY_LENGTH } from '../case-key';

describe('per-case tracking key', () => {
  const secret = 'a-server-secret-of-some-length';
  it('is stable, URL-safe and of fixed length', () => {
    const key = caseKey(secret, 'api::feedback.feedback', 'abc123');
    expect(key).toHaveLength(CASE_KEY_LENGTH);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(caseKey(secret, 'api::feedback.feedback', 'abc123')).toBe(key);
  });
  it('differs per case, per content type and per secret', () => {
    const key = caseKey(secret, 'api::feedback.feedback', 'abc123');
    expect(caseKey(secret, 'api::feedback.feedback', 'abc124')).not.toBe(key);
    expect(caseKey(secret, 'api::complaint.complaint', 'abc123')).not.toBe(key);
    expect(caseKey(`${secret}x`, 'api::feedback.feedback', 'abc123')).not.toBe(key);
  });
  it('matches only the case it was made for', () => {
    const key = caseKey(secret, 'api::feedback.feedback', 'abc123');
    expect(caseKeyMatches(secret, 'api::feedback.feedback', 'abc123', key)).toBe(true);
    expect(caseKeyMatches(secret, 'api::feedback.feedback', 'other', key)).toBe(false);
    expect(caseKeyMatches(secret, 'api::feedback.feedback', 'abc123', key.slice(0, -1))).toBe(false);
    expect(caseKeyMatches(secret, 'api::feedback.feedback', 'abc123', `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(caseKeyMatches('', 'api::feedback.feedback', 'abc123', caseKey('', 'api::feedback.feedback', 'abc123'))).toBe(false);
  });
});
