/**
 * The customer feedback form (`/after-sales/portal/feedback`) in the intake's terms: what the
 * customer chose and typed becomes the body of `POST /api/after-sales/intake`, and a refusal of the
 * intake (paths such as `data.customer.phone`) is shown beside the form field it concerns.
 */

/** What the customer says the message is; the first three are feedback, the last a complaint. */
export const FORM_KINDS = ['problem', 'question', 'suggestion', 'complaint'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** The form's fields, in the order the page shows them. */
export const FORM_FIELDS = ['kind', 'model', 'batch', 'symptom', 'scenario', 'name', 'contact', 'photos', 'captcha'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface FeedbackFormValues {
  kind: string;
  model: string;
  batch: string;
  symptom: string;
  scenario: string;
  name: string;
  contact: string;
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim().slice(0, max) : '');

/** The submitted text fields, trimmed and cut to the intake's limits (what the page shows again after a refusal). */
export const readFormValues = (fields: Record<string, unknown>): FeedbackFormValues => ({
  kind: text(fields.kind, 20),
  model: text(fields.model, 64),
  batch: text(fields.batch, 64),
  symptom: text(fields.symptom, 10000),
  scenario: text(fields.scenario, 10000),
  name: text(fields.name, 200),
  contact: text(fields.contact, 254),
});

/** An email address when the contact has an `@`, otherwise a phone number (the intake checks either). */
export const contactOf = (contact: string): { phone?: string; email?: string } => (contact.includes('@') ? { email: contact } : { phone: contact });

/**
 * The intake body for the form's values, or the fields the customer must fill in first (the
 * intake itself checks the rest: phone and email format, the product model, lengths).
 */
export const formToIntake = (values: FeedbackFormValues, locale: 'zh-Hans' | 'en'): { ok: true; body: { data: Record<string, unknown> } } | { ok: false; fields: FormField[] } => {
  const missing: FormField[] = [];
  if (!(FORM_KINDS as readonly string[]).includes(values.kind)) missing.push('kind');
  if (!values.symptom) missing.push('symptom');
  if (!values.name) missing.push('name');
  if (!values.contact) missing.push('contact');
  if (values.batch && !values.model) missing.push('model');
  if (missing.length) return { ok: false, fields: missing };
  const kind = values.kind as FormKind;
  const customer = { name: values.name, ...contactOf(values.contact), locale };
  const product = values.model ? { product: { model: values.model, ...(values.batch ? { batch: values.batch } : {}) } } : {};
  if (kind === 'complaint') {
    // A complaint has no scenario of its own: what happened around it belongs to its description.
    const symptom = values.scenario ? `${values.symptom}\n\n${values.scenario}` : values.symptom;
    return { ok: true, body: { data: { kind: 'complaint', channel: 'website', customer, ...product, symptom: symptom.slice(0, 10000) } } };
  }
  const type = kind === 'question' ? { type: 'usage-question' } : kind === 'suggestion' ? { type: 'suggestion' } : {};
  return {
    ok: true,
    body: { data: { kind: 'feedback', channel: 'website', ...type, customer, ...product, symptom: values.symptom, ...(values.scenario ? { scenario: values.scenario } : {}) } },
  };
};

/** The form field an intake refusal's path concerns (`data.customer.email` → `contact`, `files.2` → `photos`). */
export const formFieldOf = (path: readonly (string | number)[]): FormField | 'form' => {
  const [head, second, third] = path.map(String);
  if (head === 'files') return 'photos';
  if (head !== 'data') return 'form';
  if (second === 'customer') return third === 'name' ? 'name' : 'contact';
  if (second === 'product') return third === 'batch' ? 'batch' : 'model';
  if (second === 'symptom') return 'symptom';
  if (second === 'scenario') return 'scenario';
  if (second === 'kind' || second === 'type') return 'kind';
  return 'form';
};
