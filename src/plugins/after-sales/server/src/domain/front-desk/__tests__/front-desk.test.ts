import { openCasePromise, parseAnswerOnCall, parseRegistration, promisedDeadline } from '../registration';
import { groupBacklog, monthOf } from '../backlog';

describe('parseRegistration', () => {
  it('turns a hotline call for a new caller into the intake input', () => {
    const parsed = parseRegistration({
      channel: 'hotline',
      symptom: ' 打印机卡纸 ',
      customer: { name: '王先生', phone: '138 0013 8000' },
      product: { model: 'P-100', batch: 'B1' },
      frequency: '每天',
    });
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        kind: 'feedback',
        channel: 'hotline',
        symptom: '打印机卡纸',
        frequency: '每天',
        product: { model: 'P-100', batch: 'B1' },
        customer: expect.objectContaining({ name: '王先生', phoneNormalized: '+8613800138000' }),
      }),
    });
  });

  it('takes a picked customer by documentId without contact data', () => {
    const parsed = parseRegistration({ channel: 'field', symptom: 'noise', customer: { documentId: 'abc' }, type: 'usage-question' });
    expect(parsed.ok && parsed.value.customer).toEqual({ name: '', documentId: 'abc' });
    expect(parsed.ok && parsed.value.type).toBe('usage-question');
  });

  it('names every field that is wrong', () => {
    const parsed = parseRegistration({ channel: 'website', customer: { name: '' }, product: { batch: 'B1' }, type: 'rant' });
    expect(parsed.ok).toBe(false);
    const paths = !parsed.ok ? parsed.problems.map((p) => p.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['channel', 'symptom', 'customer.name', 'customer.phone', 'product.model', 'type']));
  });

  it('passes the agent’s "complex" decision on (004 二(一): 48 h), leaves it to the classifier when absent, refuses anything but true or false', () => {
    const base = { channel: 'hotline', symptom: 'x', customer: { documentId: 'abc' } };
    expect(parseRegistration({ ...base, complex: true })).toMatchObject({ ok: true, value: { complex: true } });
    expect(parseRegistration({ ...base, complex: false })).toMatchObject({ ok: true, value: { complex: false } });
    const absent = parseRegistration(base);
    expect(absent.ok && 'complex' in absent.value).toBe(false);
    const wrong = parseRegistration({ ...base, complex: 'yes' });
    expect(!wrong.ok && wrong.problems).toEqual([{ path: ['complex'], message: 'must be true or false' }]);
  });

  it('turns a complaint call into the complaint intake: description, demand, seriousness, order number', () => {
    const parsed = parseRegistration({
      kind: 'complaint',
      channel: 'hotline',
      symptom: ' 维修三次仍未修好 ',
      expectedSolution: '退货退款',
      seriousness: 'serious',
      order: { number: 'SO-1' },
      customer: { documentId: 'abc' },
      product: { model: 'P-100' },
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'complaint',
        channel: 'hotline',
        symptom: '维修三次仍未修好',
        expectedSolution: '退货退款',
        severity: 'important',
        order: { number: 'SO-1' },
        customer: { name: '', documentId: 'abc' },
        product: { model: 'P-100' },
      },
    });
    const minor = parseRegistration({ kind: 'complaint', channel: 'service-point', symptom: 'x', customer: { documentId: 'abc' }, seriousness: 'minor', cause: 'human' });
    expect(minor).toMatchObject({ ok: true, value: { severity: 'general', cause: 'human' } });
    const open = parseRegistration({ kind: 'complaint', channel: 'hotline', symptom: 'x', customer: { documentId: 'abc' } });
    expect(open.ok && 'severity' in open.value).toBe(false);
  });

  it('names what a complaint cannot take and what feedback cannot take', () => {
    const complaint = parseRegistration({ kind: 'complaint', channel: 'hotline', customer: { documentId: 'abc' }, type: 'quality', complex: true, seriousness: 'huge', cause: 'fate' });
    const paths = !complaint.ok ? complaint.problems.map((p) => p.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['symptom', 'type', 'complex', 'seriousness', 'cause']));
    const feedback = parseRegistration({ channel: 'hotline', symptom: 'x', customer: { documentId: 'abc' }, seriousness: 'serious', order: { number: 'SO-1' } });
    expect(!feedback.ok && feedback.problems.map((p) => p.path.join('.'))).toEqual(['seriousness', 'order.number']);
    const unknown = parseRegistration({ kind: 'praise', channel: 'hotline', symptom: 'x', customer: { documentId: 'abc' } });
    expect(!unknown.ok && unknown.problems).toEqual([{ path: ['kind'], message: 'must be one of feedback, complaint' }]);
  });

  it('refuses a phone number that is not one', () => {
    const parsed = parseRegistration({ channel: 'hotline', symptom: 'x', customer: { name: 'A', phone: '12' } });
    expect(!parsed.ok && parsed.problems[0].path).toEqual(['customer', 'phone']);
  });

  it('reads out the promised answer, else the acknowledgement deadline', () => {
    expect(promisedDeadline({ respondBy: '2026-01-02T01:00:00.000Z', acknowledgeBy: '2026-01-01T01:00:00.000Z' })).toBe('2026-01-02T01:00:00.000Z');
    expect(promisedDeadline({ acknowledgeBy: new Date('2026-01-01T01:00:00.000Z') })).toBe('2026-01-01T01:00:00.000Z');
    expect(promisedDeadline({})).toBeNull();
  });
});

describe('openCasePromise', () => {
  const FACING = ['acknowledgeBy', 'respondBy', 'resolveBy', 'informBy'];
  const clock = (name: string, dueAt: string, more: Partial<{ paused: boolean; breached: boolean }> = {}) => ({ clock: name, dueAt, paused: false, breached: false, ...more });

  it('reads out the first running deadline the customer can see, the acknowledgement only when nothing else runs', () => {
    const clocks = [clock('acknowledgeBy', '2026-01-01T02:00:00.000Z'), clock('resolveBy', '2026-01-09T01:00:00.000Z'), clock('respondBy', '2026-01-02T01:00:00.000Z')];
    expect(openCasePromise(clocks, FACING)).toEqual({ clock: 'respondBy', dueAt: '2026-01-02T01:00:00.000Z', breached: false });
    expect(openCasePromise([clock('acknowledgeBy', '2026-01-01T02:00:00.000Z')], FACING)).toEqual({ clock: 'acknowledgeBy', dueAt: '2026-01-01T02:00:00.000Z', breached: false });
  });

  it('leaves out internal and paused clocks; says when the promise has passed; null when none runs', () => {
    const internal = clock('judgeBy', '2026-01-01T00:00:00.000Z');
    expect(openCasePromise([internal, clock('resolveBy', '2026-01-05T00:00:00.000Z', { breached: true })], FACING)).toEqual({
      clock: 'resolveBy',
      dueAt: '2026-01-05T00:00:00.000Z',
      breached: true,
    });
    expect(openCasePromise([internal, clock('respondBy', '2026-01-02T00:00:00.000Z', { paused: true })], FACING)).toBeNull();
    expect(openCasePromise([], FACING)).toBeNull();
  });
});

describe('groupBacklog', () => {
  const s = (documentId: string, model: string | null, collectedAt: string) => ({
    documentId,
    reference: documentId,
    symptom: 's',
    expectedSolution: null,
    product: model ? { model, name: model } : null,
    collectedAt,
  });

  it('groups by product, most suggested first, no product last', () => {
    const groups = groupBacklog([s('1', 'A', '2026-03-02T00:00:00Z'), s('2', 'B', '2026-03-03T00:00:00Z'), s('3', null, '2026-03-01T00:00:00Z'), s('4', 'B', '2026-03-01T00:00:00Z')], {
      timeZone: 'Asia/Shanghai',
    });
    expect(groups.map((g) => [g.model, g.count])).toEqual([
      ['B', 2],
      ['A', 1],
      [null, 1],
    ]);
    expect(groups[0].suggestions.map((x) => x.documentId)).toEqual(['4', '2']);
  });

  it('keeps the month of the business time zone', () => {
    // 2026-02-28T17:00Z is already March 1st in Shanghai.
    expect(monthOf('2026-02-28T17:00:00Z', 'Asia/Shanghai')).toBe('2026-03');
    const groups = groupBacklog([s('1', 'A', '2026-02-28T17:00:00Z'), s('2', 'A', '2026-02-28T15:00:00Z')], { month: '2026-03', timeZone: 'Asia/Shanghai' });
    expect(groups).toEqual([expect.objectContaining({ model: 'A', count: 1 })]);
  });
});

describe('parseAnswerOnCall', () => {
  it('takes the answer of a usage question, with the article it came from', () => {
    expect(parseAnswerOnCall({ type: 'usage-question', answer: { text: ' 在 App 的定时页添加 ', article: 'abc123' } })).toEqual({
      ok: true,
      value: { text: '在 App 的定时页添加', article: 'abc123' },
    });
    expect(parseAnswerOnCall({ type: 'usage-question', answer: { text: '每 6 个月更换' } })).toEqual({ ok: true, value: { text: '每 6 个月更换' } });
    expect(parseAnswerOnCall({ type: 'quality' })).toEqual({ ok: true, value: null });
  });

  it('names the field: only for a usage question the agent typed, an answer text, an article id', () => {
    const paths = (body: unknown) => {
      const parsed = parseAnswerOnCall(body);
      return parsed.ok ? [] : parsed.problems.map((p) => p.path.join('.'));
    };
    expect(paths({ answer: { text: 'x' } })).toEqual(['answer']);
    expect(paths({ type: 'quality', answer: { text: 'x' } })).toEqual(['answer']);
    expect(paths({ kind: 'complaint', type: 'usage-question', answer: { text: 'x' } })).toEqual(['answer']);
    expect(paths({ type: 'usage-question', answer: { text: ' ', article: 'no spaces allowed' } })).toEqual(['answer.text', 'answer.article']);
    expect(paths({ type: 'usage-question', answer: 'yes' })).toEqual(['answer']);
  });
});
