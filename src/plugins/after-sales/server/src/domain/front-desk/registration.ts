import type { IntakeInput } from '../../extension-api';
import { normalizeEmail, normalizePhone } from '../intake/normalize-contact';

/** Where staff hear what they register: the 400 hotline, a service point's counter, a visit on site. */
export const FRONT_DESK_CHANNELS = ['hotline', 'service-point', 'field'] as const;
export const FEEDBACK_TYPES = ['quality', 'suggestion', 'service-complaint', 'usage-question', 'praise'] as const;
export const SEVERITIES = ['urgent', 'important', 'general', 'suggestion'] as const;
/** What the agent registers: a feedback item (反馈) or a complaint (投诉), as the public intake takes them. */
export const REGISTRATION_KINDS = ['feedback', 'complaint'] as const;
/** A complaint's seriousness (严重 / 一般), as the agent hears it. */
export const SERIOUSNESS = ['serious', 'minor'] as const;
export const COMPLAINT_CAUSES = ['quality', 'human', 'software', 'other'] as const;
/** Fields only a feedback item has: refused on a complaint rather than dropped. */
const FEEDBACK_ONLY = ['type', 'severity', 'complex', 'department', 'scenario', 'frequency'] as const;

export interface FieldProblem {
  path: string[];
  message: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The "Register a case" form as the intake's input: a feedback item (`kind` left out or `feedback`)
 * or a complaint (`kind: 'complaint'`: `symptom` is the description, `expectedSolution` the customer's
 * demand, `seriousness` serious or minor, optional `cause` and `order.number`) heard by staff, for a
 * customer picked from the matches (`customer.documentId`) or a new caller (name and a phone or an
 * email). Every problem is named by its field.
 */
export const parseRegistration = (body: unknown): { ok: true; value: IntakeInput } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const limit = (field: string, max: number) => {
    const value = text(input[field]);
    if (value.length > max) problems.push({ path: [field], message: `must be at most ${max} characters` });
    return value || undefined;
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[], required = false): T | undefined => {
    const value = text(input[field]);
    if (!value) {
      if (required) problems.push({ path: [field], message: `is required (${allowed.join(', ')})` });
      return undefined;
    }
    if (!allowed.includes(value as T)) problems.push({ path: [field], message: `must be one of ${allowed.join(', ')}` });
    return value as T;
  };

  const kind = input.kind === undefined || input.kind === null || input.kind === '' ? 'feedback' : oneOf('kind', REGISTRATION_KINDS);
  const complaint = kind === 'complaint';
  const channel = oneOf('channel', FRONT_DESK_CHANNELS, true);
  const symptom = limit('symptom', 10000);
  if (!symptom) problems.push({ path: ['symptom'], message: complaint ? 'is required: the complaint as the customer describes it' : 'is required: what the customer describes' });
  if (complaint) {
    for (const field of FEEDBACK_ONLY) {
      const value = input[field];
      if (value !== undefined && value !== null && value !== '') problems.push({ path: [field], message: 'is for feedback only, not a complaint' });
    }
  }
  const type = complaint ? undefined : oneOf('type', FEEDBACK_TYPES);
  const severity = complaint ? undefined : oneOf('severity', SEVERITIES);
  const department = complaint ? undefined : limit('department', 64);
  // The office (办事处 / service point) where the call or visit was taken: a code, checked by the intake.
  const office = limit('office', 40);
  // 004 二(一): complex issues are promised an answer within 48 h instead of 24 h. The agent decides
  // at intake; left out, the classifier decides from the words.
  const complex = complaint ? undefined : input.complex;
  if (complex !== undefined && complex !== null && typeof complex !== 'boolean') problems.push({ path: ['complex'], message: 'must be true or false' });
  const seriousness = complaint ? oneOf('seriousness', SERIOUSNESS) : undefined;
  if (!complaint && input.seriousness !== undefined && input.seriousness !== null && input.seriousness !== '') problems.push({ path: ['seriousness'], message: 'is for a complaint only' });
  const cause = complaint ? oneOf('cause', COMPLAINT_CAUSES) : undefined;
  const rawOrder = (input.order && typeof input.order === 'object' ? input.order : {}) as Record<string, unknown>;
  const orderNumber = text(rawOrder.number);
  if (orderNumber.length > 64) problems.push({ path: ['order', 'number'], message: 'must be at most 64 characters' });
  if (!complaint && orderNumber) problems.push({ path: ['order', 'number'], message: 'is for a complaint only' });

  const rawCustomer = (input.customer && typeof input.customer === 'object' ? input.customer : {}) as Record<string, unknown>;
  const customer: IntakeInput['customer'] = { name: text(rawCustomer.name) };
  if (text(rawCustomer.documentId)) customer.documentId = text(rawCustomer.documentId);
  else {
    if (!customer.name) problems.push({ path: ['customer', 'name'], message: 'is required for a new caller (or pick a customer from the matches)' });
    if (customer.name.length > 255) problems.push({ path: ['customer', 'name'], message: 'must be at most 255 characters' });
    const phone = text(rawCustomer.phone);
    const email = text(rawCustomer.email);
    if (!phone && !email) problems.push({ path: ['customer', 'phone'], message: 'a phone number or an email is needed to answer the caller' });
    if (phone) {
      const normalized = normalizePhone(phone);
      if (normalized.ok) Object.assign(customer, { phone, phoneNormalized: normalized.value });
      else problems.push({ path: ['customer', 'phone'], message: normalized.message });
    }
    if (email) {
      const normalized = normalizeEmail(email);
      if (normalized) Object.assign(customer, { email, emailNormalized: normalized });
      else problems.push({ path: ['customer', 'email'], message: 'is not an email address' });
    }
    if (rawCustomer.locale === 'en' || rawCustomer.locale === 'zh-Hans') customer.locale = rawCustomer.locale;
  }

  const rawProduct = (input.product && typeof input.product === 'object' ? input.product : {}) as Record<string, unknown>;
  const model = text(rawProduct.model);
  const batch = text(rawProduct.batch);
  if (batch && !model) problems.push({ path: ['product', 'model'], message: 'is required with a batch' });
  if (batch.length > 64) problems.push({ path: ['product', 'batch'], message: 'must be at most 64 characters' });

  if (complaint) {
    const demand = limit('expectedSolution', 10000);
    const value: IntakeInput = {
      kind: 'complaint',
      channel: channel ?? 'hotline',
      customer,
      symptom: symptom ?? '',
      // The intake turns an urgent or important severity into a serious complaint, anything else into a minor one.
      ...(seriousness ? { severity: seriousness === 'serious' ? 'important' : 'general' } : {}),
      ...(cause ? { cause } : {}),
      ...(office ? { office } : {}),
      ...(model ? { product: { model, ...(batch ? { batch } : {}) } } : {}),
      ...(demand ? { expectedSolution: demand } : {}),
      ...(orderNumber ? { order: { number: orderNumber } } : {}),
    };
    return problems.length ? { ok: false, problems } : { ok: true, value };
  }
  const value: IntakeInput = {
    kind: 'feedback',
    channel: channel ?? 'hotline',
    customer,
    symptom: symptom ?? '',
    ...(type ? { type } : {}),
    ...(severity ? { severity } : {}),
    ...(department ? { department } : {}),
    ...(office ? { office } : {}),
    ...(typeof complex === 'boolean' ? { complex } : {}),
    ...(model ? { product: { model, ...(batch ? { batch } : {}) } } : {}),
    ...(limit('scenario', 10000) ? { scenario: limit('scenario', 10000) } : {}),
    ...(limit('frequency', 200) ? { frequency: limit('frequency', 200) } : {}),
    ...(limit('expectedSolution', 10000) ? { expectedSolution: limit('expectedSolution', 10000) } : {}),
  };
  return problems.length ? { ok: false, problems } : { ok: true, value };
};

/** The deadline the agent reads out: the answer promised in the acknowledgement, else the acknowledgement's own. */
export const promisedDeadline = (item: { respondBy?: string | Date | null; acknowledgeBy?: string | Date | null }): string | null => {
  const due = item.respondBy ?? item.acknowledgeBy ?? null;
  return due ? new Date(due).toISOString() : null;
};

/** A running SLA clock of an open case, as the SLA lists it. */
export interface RunningClock {
  clock: string;
  dueAt: string;
  paused: boolean;
  breached: boolean;
}

/** What the agent reads out to a caller ringing about an open case: the next deadline the customer was promised. */
export interface OpenCasePromise {
  clock: string;
  dueAt: string;
  /** The promised time has passed: the agent apologises instead of repeating it. */
  breached: boolean;
}

/**
 * The promise on an open case: of the running, unpaused clocks the customer can see on their
 * tracking page (`customerFacing`, the item kind's tracking due dates), the one due first — the
 * acknowledgement's own only when nothing else runs (as at registration, where the answer is read
 * out rather than the acknowledgement). Null when none runs (paused while waiting for the customer,
 * or everything answered).
 */
export const openCasePromise = (clocks: readonly RunningClock[], customerFacing: readonly string[]): OpenCasePromise | null => {
  const running = clocks.filter((c) => !c.paused && customerFacing.includes(c.clock) && !Number.isNaN(Date.parse(c.dueAt)));
  const answers = running.filter((c) => c.clock !== 'acknowledgeBy');
  const [first] = (answers.length ? answers : running).slice().sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return first ? { clock: first.clock, dueAt: new Date(first.dueAt).toISOString(), breached: first.breached } : null;
};

/** A usage question answered on the call: the answer (and the article it came from) closes the case at registration. */
export interface AnswerOnCall {
  text: string;
  article?: string;
}

/**
 * `answer` of a registration (optional): the short path taken on the call itself — the question is
 * registered, answered and closed in one go (the workflow's `answer-and-close`). Only for feedback the
 * agent typed as a usage question (`type: usage-question`, not left to the classifier): the short
 * path is per type. Problems are named under `answer`.
 */
export const parseAnswerOnCall = (body: unknown): { ok: true; value: AnswerOnCall | null } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = input.answer;
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw !== 'object') return { ok: false, problems: [{ path: ['answer'], message: 'must be an object { text, article? }' }] };
  const problems: FieldProblem[] = [];
  const answer = raw as Record<string, unknown>;
  if (input.kind === 'complaint') problems.push({ path: ['answer'], message: 'is for a usage question only, not a complaint' });
  else if (text(input.type) !== 'usage-question') problems.push({ path: ['answer'], message: 'is for a usage question only: set type to usage-question' });
  const answerText = text(answer.text);
  if (!answerText) problems.push({ path: ['answer', 'text'], message: 'is required: the answer given to the caller' });
  if (answerText.length > 10000) problems.push({ path: ['answer', 'text'], message: 'must be at most 10000 characters' });
  const article = text(answer.article);
  if (answer.article !== undefined && answer.article !== null && answer.article !== '' && (typeof answer.article !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(article)))
    problems.push({ path: ['answer', 'article'], message: 'must be a knowledge article document id' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { text: answerText, ...(article ? { article } : {}) } };
};
