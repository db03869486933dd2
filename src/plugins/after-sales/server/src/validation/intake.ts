import Ajv, { type ErrorObject } from 'ajv';
import { HttpError, findNulBytes, type FieldError } from '../utils/http-errors';
import { normalizeEmail, normalizePhone } from '../domain/intake/normalize-contact';

const CHANNELS = ['hotline', 'website', 'email', 'in-app', 'chat', 'social', 'service-point', 'field'];
const text = (max: number) => ({ type: 'string', maxLength: max });
const required = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' });
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** POST /api/after-sales/intake. Anything not listed (state, assignee, id, version…) is refused. */
export const INTAKE_SCHEMA = {
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    data: {
      type: 'object',
      required: ['kind', 'channel', 'customer', 'symptom'],
      additionalProperties: false,
      properties: {
        kind: { enum: ['feedback', 'complaint'] },
        channel: { enum: CHANNELS },
        type: { enum: ['quality', 'suggestion', 'service-complaint', 'usage-question', 'praise'] },
        severity: { enum: ['urgent', 'important', 'general', 'suggestion'] },
        cause: { enum: ['quality', 'human', 'software', 'other'] },
        customer: {
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
        },
        product: {
          type: 'object',
          required: ['model'],
          additionalProperties: false,
          properties: { model: required(64), batch: text(64) },
        },
        symptom: required(10000),
        scenario: text(10000),
        frequency: text(200),
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
            price: { type: 'number', minimum: 0, maximum: 1e12 },
            salesHandler: text(200),
          },
        },
      },
    },
  },
};

export interface IntakeInput {
  kind: 'feedback' | 'complaint';
  channel: string;
  type?: string;
  severity?: string;
  cause?: string;
  customer: { name: string; phone?: string; email?: string; company?: string; locale?: 'zh-Hans' | 'en'; phoneNormalized?: string; emailNormalized?: string };
  product?: { model: string; batch?: string };
  symptom: string;
  scenario?: string;
  frequency?: string;
  expectedSolution?: string;
  order?: { number?: string; date?: string; productVersion?: string; quantity?: number; deliveryDate?: string; price?: number; salesHandler?: string };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(INTAKE_SCHEMA);

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
export const parseIntake = (body: unknown): IntakeInput => {
  const nul = findNulBytes(body);
  if (nul.length) throw HttpError.invalid(nul);
  if (!validate(body)) throw HttpError.invalid(toErrors(validate.errors ?? []));
  const input = structuredClone((body as { data: IntakeInput }).data);
  const errors: FieldError[] = [];
  const { customer } = input;
  if (!customer.phone && !customer.email) errors.push({ path: ['data', 'customer'], message: 'needs a phone number or an email address' });
  if (customer.phone) {
    const phone = normalizePhone(customer.phone);
    if (phone.ok) customer.phoneNormalized = phone.value;
    else errors.push({ path: ['data', 'customer', 'phone'], message: phone.message });
  }
  if (customer.email) {
    const email = normalizeEmail(customer.email);
    if (email) customer.emailNormalized = email;
    else errors.push({ path: ['data', 'customer', 'email'], message: 'is not a valid email address' });
  }
  if (input.kind === 'feedback' && (input.order || input.cause)) {
    errors.push({ path: ['data', input.order ? 'order' : 'cause'], message: 'applies to complaints only' });
  }
  if (errors.length) throw HttpError.invalid(errors);
  return input;
};
