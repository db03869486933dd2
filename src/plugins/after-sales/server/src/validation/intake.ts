import type { IntakeInput } from '../extension-api';
import Ajv, { type ErrorObject } from 'ajv';
import { invalidInput, findNulBytes, type FieldError } from '../utils/http-errors';
import type { CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_PHONE_REGION, normalizeEmail, normalizePhone } from '../domain/intake/normalize-contact';

const CHANNELS = ['hotline', 'website', 'email', 'in-app', 'chat', 'social', 'service-point', 'field'];
const text = (max: number) => ({ type: 'string', maxLength: max });
const required = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' });
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** The largest price `decimal(10,2)` holds. */
const MAX_PRICE = 99999999.99;

const customer = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: required(200),
    phone: text(40),
    email: text(254),
    company: text(200),
    locale: { enum: ['zh-Hans', 'en'] },
  },
};
const product = {
  type: 'object',
  required: ['model'],
  additionalProperties: false,
  properties: { model: required(64), batch: text(64) },
};
const severity = { enum: ['urgent', 'important', 'general', 'suggestion'] };

/** `data` of a feedback intake. Anything not listed (state, assignee, id, version, order…) is refused. */
export const FEEDBACK_INTAKE_SCHEMA = {
  type: 'object',
  required: ['kind', 'channel', 'customer', 'symptom'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['feedback'] },
    channel: { enum: CHANNELS },
    type: { enum: ['quality', 'suggestion', 'service-complaint', 'usage-question', 'praise'] },
    severity,
    customer,
    product,
    /** The code of the office (办事处 / service point) that received it. */
    office: text(40),
    symptom: required(10000),
    scenario: text(10000),
    frequency: text(200),
    expectedSolution: text(10000),
    /** A complex issue (48 h promise instead of 24 h); the classifier decides when it is left out. */
    complex: { type: 'boolean' },
  },
};

/** `data` of a complaint intake: `symptom` is the description, `expectedSolution` the demand, `order` the order facts. */
export const COMPLAINT_INTAKE_SCHEMA = {
  type: 'object',
  required: ['kind', 'channel', 'customer', 'symptom'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['complaint'] },
    channel: { enum: CHANNELS },
    severity,
    cause: { enum: ['quality', 'human', 'software', 'other'] },
    customer,
    product,
    /** The code of the office (办事处 / service point) that received it. */
    office: text(40),
    symptom: required(10000),
    expectedSolution: text(10000),
    order: {
      type: 'object',
      additionalProperties: false,
      properties: {
        number: text(64),
        date,
        productVersion: text(64),
        quantity: { type: 'integer', minimum: 0, maximum: 1000000 },
        deliveryDate: date,
        price: { type: 'number', minimum: 0, maximum: MAX_PRICE },
        salesHandler: text(200),
      },
    },
  },
};

const envelope = (data: unknown) => ({ type: 'object', required: ['data'], additionalProperties: false, properties: { data } });

export type { IntakeInput } from '../extension-api';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateEnvelope = ajv.compile(envelope({ type: 'object', required: ['kind'], properties: { kind: { enum: ['feedback', 'complaint'] } } }));
const validateKind = { feedback: ajv.compile(envelope(FEEDBACK_INTAKE_SCHEMA)), complaint: ajv.compile(envelope(COMPLAINT_INTAKE_SCHEMA)) };

/** A real calendar date a database `date` column holds (years 0001–9999; `2026-02-30` is not one). */
const isRealDate = (value: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const dedupe = (errors: FieldError[]) => {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path.join('.')}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const toErrors = (errors: ErrorObject[]): FieldError[] =>
  errors
    .filter((e) => !['anyOf', 'if'].includes(e.keyword))
    .map((e) => {
      const path = e.instancePath.split('/').slice(1);
      if (e.keyword === 'required') return { path: [...path, (e.params as { missingProperty: string }).missingProperty], message: 'is required' };
      if (e.keyword === 'additionalProperties') return { path: [...path, (e.params as { additionalProperty: string }).additionalProperty], message: 'is not allowed' };
      if (e.keyword === 'enum') return { path, message: `must be one of: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` };
      if (e.keyword === 'pattern' && e.schemaPath.endsWith('minLength/pattern')) return { path, message: 'must not be blank' };
      return { path, message: e.message ?? 'is invalid' };
    });

/** Validates and normalises an intake body; throws a 400 naming every offending field. */
export const parseIntake = (body: unknown, phoneRegion: CountryCode = DEFAULT_PHONE_REGION): IntakeInput => {
  const nul = findNulBytes(body);
  if (nul.length) throw invalidInput(nul);
  const kind = (body as { data?: { kind?: unknown } })?.data?.kind;
  const validate = kind === 'feedback' || kind === 'complaint' ? validateKind[kind] : null;
  if (!validate) {
    // No usable kind: report the envelope's problems, plus what any body lacks.
    validateEnvelope(body);
    const base = validateKind.feedback(body)
      ? []
      : (validateKind.feedback.errors ?? []).filter(
          (e) =>
            e.instancePath !== '/data/kind' &&
            // A field of the other kind (order, cause) is not wrong before the kind is known.
            !(e.keyword === 'additionalProperties' && e.instancePath === '/data' && (e.params as { additionalProperty: string }).additionalProperty in COMPLAINT_INTAKE_SCHEMA.properties)
        );
    throw invalidInput(dedupe(toErrors([...(validateEnvelope.errors ?? []), ...base])));
  }
  if (!validate(body)) throw invalidInput(toErrors(validate.errors ?? []));
  const input = structuredClone((body as { data: IntakeInput }).data);
  const errors: FieldError[] = [];
  const { customer } = input;
  if (!customer.phone && !customer.email) errors.push({ path: ['data', 'customer'], message: 'needs a phone number or an email address' });
  if (customer.phone) {
    const phone = normalizePhone(customer.phone, phoneRegion);
    if (phone.ok) customer.phoneNormalized = phone.value;
    else errors.push({ path: ['data', 'customer', 'phone'], message: phone.message });
  }
  if (customer.email) {
    const email = normalizeEmail(customer.email);
    if (email) customer.emailNormalized = email;
    else errors.push({ path: ['data', 'customer', 'email'], message: 'is not a valid email address' });
  }
  for (const field of ['date', 'deliveryDate'] as const) {
    const value = input.order?.[field];
    if (value !== undefined && !isRealDate(value)) errors.push({ path: ['data', 'order', field], message: 'must be a real date YYYY-MM-DD' });
  }
  if (errors.length) throw invalidInput(errors);
  return input;
};
