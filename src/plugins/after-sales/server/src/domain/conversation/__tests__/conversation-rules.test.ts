import { mergeCaseThread, publicMessages, type ThreadEntryLike } from '../case-thread';
import { checkAttachments, sniffType } from '../attachments';
import { parseReplyInput, replySubject } from '../reply-input';
import { chooseReplyChannel } from '../reply-channel';

const entry = (over: Partial<ThreadEntryLike>): ThreadEntryLike => ({
  id: 1,
  kind: 'reply',
  visibility: 'public',
  channel: 'email',
  author: { kind: 'admin', id: '3', name: 'Li Agent' },
  bodyText: 'hello',
  attachments: [],
  outboxId: null,
  createdAt: '2026-03-02T02:00:00.000Z',
  ...over,
});

describe('mergeCaseThread', () => {
  it('puts every source in one order, oldest first; a reply carries its outbox delivery; carried and staff messages are not repeated', () => {
    const thread = mergeCaseThread({
      entries: [entry({ id: 7, outboxId: 11, createdAt: '2026-03-02T03:00:00.000Z' }), entry({ id: 8, kind: 'note', visibility: 'internal', createdAt: '2026-03-02T01:00:00.000Z' })],
      timeline: [
        { id: 1, at: '2026-03-02T00:00:00.000Z', action: 'receive', from: null, to: 'received', actor: { kind: 'public', id: null, name: 'web' } },
        { id: 2, at: '2026-03-02T04:00:00.000Z', action: 'escalate', from: 'received', to: 'received', note: 'breached' },
        { id: 3, at: '2026-03-02T04:30:00.000Z', action: 'sla-recompute', from: null, to: null },
      ],
      outbox: [
        {
          id: 10,
          templateKey: 'feedback.acknowledged',
          channel: 'email',
          recipient: 'w***@x.cn',
          subject: 'ack',
          bodyText: 'ack',
          status: 'sent',
          createdAt: '2026-03-02T00:00:00.000Z',
          sentAt: '2026-03-02T00:00:05.000Z',
        },
        { id: 11, templateKey: 'reply', channel: 'email', recipient: 'w***@x.cn', subject: 're', bodyText: 'hello', status: 'pending', createdAt: '2026-03-02T03:00:00.000Z' },
        { id: 12, templateKey: 'staff.escalation', channel: 'email', recipient: 'boss@x.cn', subject: 'late', bodyText: 'late', status: 'sent', createdAt: '2026-03-02T04:00:00.000Z' },
        { id: 13, templateKey: 'escalation.breached', channel: 'email', recipient: 'boss@x.cn', subject: 'late', bodyText: 'late', status: 'sent', createdAt: '2026-03-02T04:00:00.000Z' },
      ],
      surveys: [{ score: 3, comment: 'still noisy', answeredAt: '2026-03-03T00:00:00.000Z' }],
    });
    expect(thread.map((t) => t.type)).toEqual(['state-change', 'message-out', 'note', 'reply', 'escalation', 'survey']);
    expect(thread[3]).toMatchObject({ type: 'reply', delivery: { status: 'pending', channel: 'email' } });
    expect(thread[1]).toMatchObject({ type: 'message-out', delivery: { status: 'sent', sentAt: '2026-03-02T00:00:05.000Z', fallback: null, deliveryStatus: null } });
  });

  it('says which duplicate case an entry came from when it was merged into this one', () => {
    const thread = mergeCaseThread({
      entries: [entry({ id: 1 }), entry({ id: 2, meta: { mergedFrom: { reference: 'FB-20260310-0002', documentId: 'abc' } } })],
      timeline: [],
      outbox: [],
      surveys: [],
    });
    expect(thread.map((t) => ('mergedFrom' in t ? t.mergedFrom : undefined))).toEqual([undefined, 'FB-20260310-0002']);
  });

  it('shows the channel a message fell back to, from which and why, and the provider’s delivery receipt', () => {
    const base = { subject: null, bodyText: 'ack', status: 'sent', createdAt: '2026-03-02T00:00:00.000Z' };
    const thread = mergeCaseThread({
      entries: [],
      timeline: [],
      outbox: [
        { ...base, id: 1, templateKey: 'feedback.acknowledged', channel: 'email', recipient: 'w***@x.cn', requestedChannel: 'sms', fallbackReason: 'sms: the customer has no address' },
        { ...base, id: 2, templateKey: 'feedback.resolved', channel: 'email', recipient: 'w***@x.cn', requestedChannel: null, fallbackReason: 'sms: not configured' },
        { ...base, id: 3, templateKey: 'feedback.survey', channel: 'sms', recipient: '138****8001', requestedChannel: 'sms', fallbackReason: null, deliveryStatus: 'delivered' },
        { ...base, id: 4, templateKey: 'feedback.resolved', channel: 'email', recipient: null, status: 'failed', requestedChannel: null, fallbackReason: 'sms: not configured; email: not configured' },
      ],
      surveys: [],
    });
    expect(thread.map((t) => (t.type === 'message-out' ? [t.delivery.fallback, t.delivery.unreachable, t.delivery.deliveryStatus] : null))).toEqual([
      [{ from: 'sms', reason: 'sms: the customer has no address' }, null, null],
      [{ from: null, reason: 'sms: not configured' }, null, null],
      [null, null, 'delivered'],
      // Nothing could carry it: not a fallback, and said so.
      [null, 'sms: not configured; email: not configured', null],
    ]);
  });

  it('tracking sees the customer’s messages and replies only, without staff names', () => {
    const shown = publicMessages([
      entry({ id: 1, kind: 'message-in', author: { kind: 'customer', id: null, name: '王伟' } }),
      entry({ id: 2 }),
      entry({ id: 3, kind: 'note', visibility: 'internal', bodyText: 'secret' }),
    ]);
    expect(shown.map((m) => m.direction)).toEqual(['in', 'out']);
    expect(JSON.stringify(shown)).not.toContain('Li Agent');
    expect(JSON.stringify(shown)).not.toContain('secret');
  });
});

describe('attachments', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0]);
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n0000000'));
  it('reads the type from the bytes', () => {
    expect(sniffType(png)).toBe('image/png');
    expect(sniffType(pdf)).toBe('application/pdf');
    expect(sniffType(new Uint8Array(Buffer.from('RIFF0000WEBPVP8 ')))).toBe('image/webp');
    expect(sniffType(new Uint8Array(Buffer.from('MZ\x90\x00 executable')))).toBeNull();
  });
  it('refuses too many, too large, empty or other files, naming each', () => {
    const limits = { maxBytes: 1000, maxCount: 2 };
    expect(checkAttachments([{ name: 'a.png', size: 10, head: png }], limits)).toEqual({ ok: true, files: [{ name: 'a.png', size: 10, mime: 'image/png' }] });
    const result = checkAttachments(
      [
        { name: 'a.png', size: 5000, head: png },
        { name: 'b.exe', size: 10, head: new Uint8Array(16) },
        { name: 'c.pdf', size: 0, head: pdf },
      ],
      limits
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => [p.code, p.path.join('.')])).toEqual([
        ['attachment-count', 'files'],
        ['attachment-size', 'files.0'],
        ['attachment-type', 'files.1'],
        ['attachment-empty', 'files.2'],
      ]);
  });
});

describe('parseReplyInput', () => {
  it('keeps line breaks, reads multipart text fields and asks for a version with an action', () => {
    expect(parseReplyInput({ text: 'a\r\nb', action: 'wait', version: '4' }, { attachments: 0 })).toEqual({
      ok: true,
      value: { text: 'a\nb', templateKey: null, action: 'wait', version: 4, note: null, data: {} },
    });
    expect(parseReplyInput({ text: 'a', action: 'wait' }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['version'] }] });
    expect(parseReplyInput({ text: ' ' }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['text'] }] });
    expect(parseReplyInput({ text: '' }, { attachments: 1 })).toMatchObject({ ok: true });
    expect(parseReplyInput({ text: 'x', templateKey: '../etc' }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['templateKey'] }] });
  });
  it("takes the action's fields as an object, or as JSON text from a multipart form; only with an action", () => {
    expect(parseReplyInput({ text: 'a', action: 'resolve', version: 2, data: { resolution: '已更换滤网' } }, { attachments: 0 })).toMatchObject({
      ok: true,
      value: { action: 'resolve', data: { resolution: '已更换滤网' } },
    });
    expect(parseReplyInput({ text: 'a', action: 'resolve', version: '2', data: '{"resolution":"换新"}' }, { attachments: 0 })).toMatchObject({ ok: true, value: { data: { resolution: '换新' } } });
    expect(parseReplyInput({ text: 'a', action: 'resolve', version: 2, data: '{nope' }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['data'] }] });
    expect(parseReplyInput({ text: 'a', action: 'resolve', version: 2, data: ['x'] }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['data'] }] });
    expect(parseReplyInput({ text: 'a', data: { resolution: 'x' } }, { attachments: 0 })).toMatchObject({ ok: false, problems: [{ path: ['data'] }] });
  });
  it('puts the reference in the subject for threading', () => {
    expect(replySubject('FB-20260302-0001', 'zh-Hans')).toBe('[FB-20260302-0001] 售后服务回复');
    expect(replySubject(null, 'en')).toBe('Reply from after-sales service');
  });
});

describe('chooseReplyChannel', () => {
  const both = { email: { configured: true }, sms: { configured: true } };
  it('the preferred channel first, then the fallback order; refused with the reasons when none can carry it', () => {
    expect(chooseReplyChannel({ email: 'a@b.cn', phone: '13800138000', preferredChannel: 'hotline' }, both, ['email', 'sms'])).toMatchObject({ ok: true, channel: 'sms' });
    expect(chooseReplyChannel({ email: 'a@b.cn', phone: null, preferredChannel: 'hotline' }, both, ['email', 'sms'])).toMatchObject({
      ok: true,
      channel: 'email',
      fallbackReason: 'sms: the customer has no address',
    });
    expect(chooseReplyChannel({ email: null, phone: '13800138000' }, { email: { configured: true } }, ['email', 'sms'])).toMatchObject({ ok: false });
  });
  it('follows the configured order, and skips a channel that is not configured or refuses', () => {
    const customer = { email: 'a@b.cn', phone: '13800138000' };
    expect(chooseReplyChannel(customer, both, ['sms', 'email'])).toMatchObject({ ok: true, channel: 'sms' });
    expect(chooseReplyChannel(customer, both, ['email', 'sms'])).toMatchObject({ ok: true, channel: 'email' });
    expect(chooseReplyChannel(customer, { email: { configured: false }, sms: { configured: true } }, ['email', 'sms'])).toMatchObject({
      ok: true,
      channel: 'sms',
      fallbackReason: 'email: not configured',
    });
    expect(chooseReplyChannel(customer, { email: { configured: true }, sms: { configured: true, refusal: 'no aliyun template code for "reply"' } }, ['sms', 'email'])).toMatchObject({
      ok: true,
      channel: 'email',
    });
  });
  it('never texts a landline', () => {
    expect(chooseReplyChannel({ phone: '010 6552 9988', email: null }, both, ['sms', 'email'])).toMatchObject({ ok: false, reason: expect.stringContaining('landline') });
    expect(chooseReplyChannel({ phone: '010 6552 9988', email: 'a@b.cn' }, both, ['sms', 'email'])).toMatchObject({ ok: true, channel: 'email' });
  });
});
