import { corsOriginsFor, frameAncestors, isAllowedOrigin, originProblem, originProblems } from '../origins';
import { counterRange, readCaptchaPayload } from '../captcha';
import { contactOf, formFieldOf, formToIntake, readFormValues } from '../feedback-form';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const payload = (overrides: Record<string, unknown> = {}) => ({
  challenge: {
    parameters: { algorithm: 'PBKDF2/SHA-256', nonce: 'a'.repeat(32), salt: 'b'.repeat(32), cost: 10, keyLength: 32, keyPrefix: 'ab', expiresAt: 2_000_000_000 },
    signature: 'c'.repeat(64),
  },
  solution: { counter: 12, derivedKey: 'ab'.repeat(32), time: 3 },
  ...overrides,
});

describe('widget origins', () => {
  it('accepts origins and names what is wrong with anything else', () => {
    expect(originProblem('https://shop.example.cn')).toBeNull();
    expect(originProblem('http://127.0.0.1:1405')).toBeNull();
    expect(originProblem('https://shop.example.cn/')).toMatch(/must be written as https:\/\/shop.example.cn/);
    expect(originProblem('https://shop.example.cn/form')).toMatch(/origin only/);
    expect(originProblem('ftp://shop.example.cn')).toMatch(/https:\/\/ or http:\/\//);
    expect(originProblem('*')).toMatch(/not an origin/);
    expect(originProblems(['https://a.example', 'nope'])).toHaveLength(1);
  });

  it('allows exactly the configured origins', () => {
    expect(isAllowedOrigin('https://a.example', ['https://a.example'])).toBe(true);
    expect(isAllowedOrigin('https://a.example.evil', ['https://a.example'])).toBe(false);
    expect(isAllowedOrigin(undefined, ['https://a.example'])).toBe(false);
    expect(isAllowedOrigin('null', [])).toBe(false);
  });

  it('lets the configured sites frame the form and nobody frame the rest', () => {
    expect(frameAncestors(true, ['https://a.example'])).toBe("'self' https://a.example");
    expect(frameAncestors(true, [])).toBe("'self'");
    expect(frameAncestors(false, ['https://a.example'])).toBe("'none'");
  });

  it('limits CORS on the intake and the challenge, not on the rest of the API', () => {
    expect(corsOriginsFor('/api/after-sales/intake', ['https://a.example'])).toEqual(['https://a.example']);
    expect(corsOriginsFor('/api/after-sales/captcha/challenge', [])).toEqual([]);
    expect(corsOriginsFor('/api/after-sales/intakes', [])).toEqual(['*']);
    expect(corsOriginsFor('/api/after-sales/products', [])).toEqual(['*']);
  });
});

describe('CAPTCHA payload', () => {
  it('reads the widget payload and claims it under the signed nonce', () => {
    const read = readCaptchaPayload(encode(payload()));
    expect(read).toEqual({ ok: true, payload: expect.objectContaining({ solution: expect.objectContaining({ counter: 12 }) }), challengeId: 'a'.repeat(32) });
  });

  it('tells a missing payload from a malformed one', () => {
    expect(readCaptchaPayload(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(readCaptchaPayload('')).toEqual({ ok: false, reason: 'missing' });
    for (const bad of [42, 'not base64!', encode('x'), encode({ challenge: {} }), 'A'.repeat(5000)]) expect(readCaptchaPayload(bad)).toEqual({ ok: false, reason: 'malformed' });
    const noExpiry = payload();
    delete (noExpiry.challenge.parameters as Record<string, unknown>).expiresAt;
    expect(readCaptchaPayload(encode(noExpiry))).toEqual({ ok: false, reason: 'malformed' });
    expect(readCaptchaPayload(encode(payload({ solution: { counter: -1, derivedKey: 'ab' } })))).toEqual({ ok: false, reason: 'malformed' });
    const badNonce = payload();
    badNonce.challenge.parameters.nonce = "x' OR 1=1";
    expect(readCaptchaPayload(encode(badNonce))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('hides the counter in the upper half of the range', () => {
    expect(counterRange(5000)).toEqual({ min: 2500, max: 5000 });
    expect(counterRange(1)).toEqual({ min: 1, max: 2 });
  });
});

describe('feedback form', () => {
  const values = (fields: Record<string, unknown>) => readFormValues({ kind: 'problem', symptom: ' 三档噪音大 ', name: '王伟', contact: '138 0013 8000', ...fields });

  it('turns a product problem into a website feedback intake, classified by the intake', () => {
    expect(formToIntake(values({ model: 'AP-200', batch: 'B2405', scenario: '晚上' }), 'zh-Hans')).toEqual({
      ok: true,
      body: {
        data: {
          kind: 'feedback',
          channel: 'website',
          customer: { name: '王伟', phone: '138 0013 8000', locale: 'zh-Hans' },
          product: { model: 'AP-200', batch: 'B2405' },
          symptom: '三档噪音大',
          scenario: '晚上',
        },
      },
    });
  });

  it('gives questions and suggestions their type and a complaint its own kind', () => {
    const question = formToIntake(values({ kind: 'question', contact: 'wang@example.cn' }), 'en');
    expect(question.ok && question.body.data).toEqual(expect.objectContaining({ kind: 'feedback', type: 'usage-question', customer: { name: '王伟', email: 'wang@example.cn', locale: 'en' } }));
    const suggestion = formToIntake(values({ kind: 'suggestion' }), 'en');
    expect(suggestion.ok && suggestion.body.data.type).toBe('suggestion');
    const complaint = formToIntake(values({ kind: 'complaint', scenario: '上门迟到' }), 'zh-Hans');
    expect(complaint.ok && complaint.body.data).toEqual(expect.objectContaining({ kind: 'complaint', symptom: '三档噪音大\n\n上门迟到' }));
    expect(complaint.ok && 'scenario' in complaint.body.data).toBe(false);
  });

  it('names the fields to fill in', () => {
    expect(formToIntake(readFormValues({ kind: 'rant', batch: 'B1' }), 'en')).toEqual({ ok: false, fields: ['kind', 'symptom', 'name', 'contact', 'model'] });
  });

  it('reads a phone or an email from the one contact field', () => {
    expect(contactOf('+86 138 0013 8000')).toEqual({ phone: '+86 138 0013 8000' });
    expect(contactOf('a@b.cn')).toEqual({ email: 'a@b.cn' });
  });

  it('shows an intake refusal beside its field', () => {
    expect(formFieldOf(['data', 'customer', 'phone'])).toBe('contact');
    expect(formFieldOf(['data', 'customer'])).toBe('contact');
    expect(formFieldOf(['data', 'customer', 'name'])).toBe('name');
    expect(formFieldOf(['data', 'product', 'model'])).toBe('model');
    expect(formFieldOf(['data', 'product', 'batch'])).toBe('batch');
    expect(formFieldOf(['files', 1])).toBe('photos');
    expect(formFieldOf(['data', 'symptom'])).toBe('symptom');
    expect(formFieldOf(['body'])).toBe('form');
  });
});
