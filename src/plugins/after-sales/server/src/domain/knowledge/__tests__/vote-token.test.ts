import { checkVoteToken, issueVoteToken, VOTE_WINDOW_MS, voteCounterChange } from '../vote-token';

const secret = 'test-secret';
const subject = { documentId: 'doc1', locale: 'zh-Hans', visitor: '203.0.113.5 Mozilla/5.0' };
const t0 = Date.UTC(2026, 11, 3, 10, 30);

describe('vote token', () => {
  it('is the same for the same visitor, article and window, so a reload votes again on the same ballot', () => {
    const a = issueVoteToken(secret, subject, t0);
    expect(issueVoteToken(secret, subject, t0 + 60_000)).toBe(a);
    const check = checkVoteToken(secret, a, subject, t0 + 60_000);
    expect(check.ok).toBe(true);
    const again = checkVoteToken(secret, a, subject, t0 + 120_000);
    expect(again.ok && check.ok && again.voter === check.voter).toBe(true);
  });

  it('differs for another article, language or visitor, and does not verify for them', () => {
    const a = issueVoteToken(secret, subject, t0);
    for (const other of [
      { ...subject, documentId: 'doc2' },
      { ...subject, locale: 'en' },
      { ...subject, visitor: '203.0.113.6 Mozilla/5.0' },
    ]) {
      expect(issueVoteToken(secret, other, t0)).not.toBe(a);
      expect(checkVoteToken(secret, a, other, t0)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(checkVoteToken('other-secret', a, subject, t0)).toEqual({ ok: false, reason: 'forged' });
  });

  it('is accepted in its window and the next, then expires; one from the future is refused', () => {
    const a = issueVoteToken(secret, subject, t0);
    const start = Math.floor(t0 / VOTE_WINDOW_MS) * VOTE_WINDOW_MS;
    expect(checkVoteToken(secret, a, subject, start + 2 * VOTE_WINDOW_MS - 1).ok).toBe(true);
    expect(checkVoteToken(secret, a, subject, start + 2 * VOTE_WINDOW_MS)).toEqual({ ok: false, reason: 'expired' });
    expect(checkVoteToken(secret, issueVoteToken(secret, subject, t0 + VOTE_WINDOW_MS), subject, t0)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses anything that is not a token', () => {
    for (const bad of [undefined, 42, '', 'abc', `${'x'.repeat(101)}`, 'zz.short', `${(1).toString(36)}.${'a'.repeat(43)}`])
      expect(checkVoteToken(secret, bad, subject, t0)).toMatchObject({ ok: false });
  });
});

describe('vote counter change', () => {
  it('adds a new vote, moves a changed one and ignores a repeated one', () => {
    expect(voteCounterChange(null, true)).toEqual({ helpful: 1, notHelpful: 0 });
    expect(voteCounterChange(null, false)).toEqual({ helpful: 0, notHelpful: 1 });
    expect(voteCounterChange(true, true)).toEqual({ helpful: 0, notHelpful: 0 });
    expect(voteCounterChange(true, false)).toEqual({ helpful: -1, notHelpful: 1 });
    expect(voteCounterChange(false, true)).toEqual({ helpful: 1, notHelpful: -1 });
  });
});
