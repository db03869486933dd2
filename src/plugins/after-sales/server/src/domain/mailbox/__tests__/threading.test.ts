import { addressOf, automatedReason, cleanSubject, messageIds, outboxIdOf, replyEffect, subjectReference, threadCandidates } from '../threading';
import { pickAttachments, typeAllowed } from '../attachments';

describe('subject reference', () => {
  it('finds a bracketed reference, upper-cased, and prefers it to a bare one', () => {
    expect(subjectReference('回复: 我们已收到您的反馈 [fb-20261202-0001]')).toBe('FB-20261202-0001');
    expect(subjectReference('Re: CP-20261130-0012 still broken [FB-20261202-0003]')).toBe('FB-20261202-0003');
    expect(subjectReference('Re: We have received your feedback FB-20261202-0042')).toBe('FB-20261202-0042');
  });
  it('finds nothing in an ordinary subject or a near miss', () => {
    expect(subjectReference('空气净化器有异响')).toBeNull();
    expect(subjectReference('FB-2026120-0001')).toBeNull();
    expect(subjectReference(null)).toBeNull();
  });
  it('cleans reply prefixes and the reference from a subject', () => {
    expect(cleanSubject('回复: Re: [FB-20261202-0001] 噪音')).toBe('噪音');
    expect(cleanSubject('Fwd: hello')).toBe('hello');
  });
});

describe('header threading', () => {
  it('lists In-Reply-To first, then References newest first, without repeats', () => {
    expect(threadCandidates('<b@x>', '<a@x> <b@x>\r\n <c@x>')).toEqual(['<b@x>', '<c@x>', '<a@x>']);
    expect(messageIds(['<a@x>', 'junk <b@y>'])).toEqual(['<a@x>', '<b@y>']);
    expect(threadCandidates(undefined, undefined)).toEqual([]);
  });
  it('reads the outbox id of our own Message-IDs only', () => {
    expect(outboxIdOf('<outbox.42.0123456789abcdef@example.cn>', 'example.cn')).toBe(42);
    expect(outboxIdOf('<outbox.42.0123456789abcdef@other.cn>', 'example.cn')).toBeNull();
    expect(outboxIdOf('<CAF=abc@mail.gmail.com>', 'example.cn')).toBeNull();
  });
  it('reads the address of a From header', () => {
    expect(addressOf('"王伟" <Wang@Example.cn>')).toBe('wang@example.cn');
    expect(addressOf('li@example.cn')).toBe('li@example.cn');
    expect(addressOf('nobody')).toBeNull();
  });
});

describe('automated mail', () => {
  const person = { 'content-type': 'text/plain; charset=utf-8' };
  it('lets a person’s email through', () => {
    expect(automatedReason(person, 'wang@example.cn', '<abc@mail.example.cn>', 'service.cn')).toBeNull();
    expect(automatedReason({ 'auto-submitted': 'no' }, 'wang@example.cn', '<abc@x>', 'service.cn')).toBeNull();
  });
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'wang@example.cn', 'auto-submitted'],
    [{ precedence: 'bulk' }, 'wang@example.cn', 'precedence'],
    [{ precedence: 'auto_reply' }, 'wang@example.cn', 'precedence'],
    [{ 'x-autoreply': 'yes' }, 'wang@example.cn', 'x-autoreply'],
    [{ 'x-auto-response-suppress': 'All' }, 'wang@example.cn', 'auto-response-suppress'],
    [{}, 'MAILER-DAEMON@mx.example.cn', 'mailer-daemon'],
    [{}, 'postmaster@example.cn', 'mailer-daemon'],
    [{ 'content-type': 'multipart/report; report-type=delivery-status; boundary=x' }, 'bounces@example.cn', 'bounce-report'],
    [{ 'list-id': '<news.example.cn>' }, 'news@example.cn', 'list'],
  ])('recognises %j from %s as %s', (headers, from, reason) => {
    expect(automatedReason(headers as Record<string, string>, from, '<abc@x>', 'service.cn')).toBe(reason);
  });
  it('recognises our own message coming back (a loop)', () => {
    expect(automatedReason(person, 'service@service.cn', '<outbox.7.0123456789abcdef@service.cn>', 'service.cn')).toBe('own-message');
  });
});

describe('what a reply does', () => {
  const now = new Date('2026-12-10T00:00:00Z');
  const base = { now, reopenDays: 14, closedAt: null, finished: false, actionsFromState: [] as string[] };
  it('resumes a waiting item', () => {
    expect(replyEffect({ ...base, state: 'waiting', actionsFromState: ['resume', 'add-note'] })).toEqual({ kind: 'resume' });
  });
  it('only appends to an open item', () => {
    expect(replyEffect({ ...base, state: 'in-progress' })).toEqual({ kind: 'append' });
  });
  it('reopens a closed item within the window, later opens a new linked one', () => {
    const closed = { ...base, state: 'closed', finished: true, actionsFromState: ['reopen'] };
    expect(replyEffect({ ...closed, closedAt: new Date('2026-12-01T00:00:00Z') })).toEqual({ kind: 'reopen' });
    expect(replyEffect({ ...closed, closedAt: new Date('2026-11-01T00:00:00Z') })).toEqual({ kind: 'new-linked' });
    expect(replyEffect({ ...closed, state: 'rejected', actionsFromState: [], closedAt: new Date('2026-12-09T00:00:00Z') })).toEqual({ kind: 'new-linked' });
  });
});

describe('attachment limits', () => {
  it('keeps allowed types within size and count, names why the rest are skipped', () => {
    const limits = { maxFiles: 2, maxFileBytes: 100, types: ['image/*', 'application/pdf'] };
    const files = [
      { filename: 'a.png', mime: 'image/png', size: 10 },
      { filename: 'b.exe', mime: 'application/x-msdownload', size: 10 },
      { filename: 'c.jpg', mime: 'image/jpeg', size: 1000 },
      { filename: 'd.pdf', mime: 'application/pdf', size: 50 },
      { filename: 'e.gif', mime: 'image/gif', size: 5 },
    ];
    const { kept, skipped } = pickAttachments(files, limits);
    expect(kept.map((f) => f.filename)).toEqual(['a.png', 'd.pdf']);
    expect(skipped.map((s) => s.filename)).toEqual(['b.exe', 'c.jpg', 'e.gif']);
    expect(typeAllowed('IMAGE/PNG', ['image/png'])).toBe(true);
  });
});
