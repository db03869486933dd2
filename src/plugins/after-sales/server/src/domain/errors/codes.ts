/**
 * Error codes: every refusal the admin shows carries, beside its English message, a code (and the
 * values in it) that the admin translates (`error.<code>` in admin/src/translations). The English
 * messages stay as they are for API clients; this catalogue recognises them, so each place that
 * refuses keeps one message and every answer gets its code in one place (the `error-codes` middleware).
 *
 * Field errors (`error.details.errors[]`) get `code` and `values`; a workflow refusal already has
 * `error.details.code` (illegal-state, stale-version…), which the admin translates the same way.
 */
export interface ErrorCode {
  code: string;
  /** Matches the English message; named groups are the values. */
  pattern: RegExp;
}

export const FIELD_ERROR_CODES: ErrorCode[] = [
  { code: 'required', pattern: /^(?:is )?required$/ },
  { code: 'number-range', pattern: /^must be a whole number from (?<min>\d+) to (?<max>\d+)$/ },
  { code: 'number-min', pattern: /^must be a whole number from (?<min>\d+)$/ },
  { code: 'boolean', pattern: /^must be true or false$/ },
  { code: 'language', pattern: /^must be zh-Hans or en$/ },
  { code: 'text', pattern: /^must be a (?:non-empty|single) text(?: value)?$/ },
  { code: 'text-length', pattern: /^must be a text of at most (?<max>\d+) characters$/ },
  { code: 'month', pattern: /^must be YYYY-MM$/ },
  { code: 'not-allowed', pattern: /^is not allowed$/ },
  { code: 'unknown-parameter', pattern: /^is not a known parameter$/ },
  { code: 'one-of', pattern: /^must be one of:? (?<values>.+)$/ },
  { code: 'taken', pattern: /^is taken$/ },
  { code: 'not-accepted', pattern: /^"[^"]+" does not accept this field$/ },
  { code: 'no-outcome', pattern: /^no outcome of "[^"]+" matches this input$/ },
  { code: 'eligibility-first', pattern: /^a return or exchange must be approved first$/ },
  { code: 'unknown-department', pattern: /^no department "(?<value>[^"]*)"$/ },
  { code: 'unknown-product', pattern: /^no product(?: with)? model "(?<value>[^"]*)"$/ },
  { code: 'unknown-user', pattern: /^no admin user (?<value>\S+)$/ },
  { code: 'unknown-template', pattern: /^no template "(?<value>[^"]*)"$/ },
  { code: 'unknown-variable', pattern: /^unknown variable "(?<value>[^"]*)"$/ },
  { code: 'workflow-only', pattern: /^is changed by workflow actions only\b/ },
  { code: 'stale', pattern: /^is stale: this \S+ is at version (?<version>\d+)/ },
  { code: 'tags', pattern: /^(?:must be a list of tags|a tag has at most|at most \d+ tags)/ },
  { code: 'date', pattern: /^must be a (?:valid )?date\b/ },
  { code: 'version', pattern: /^(?:must be the integer version you last read|is required \(the version you last read\))$/ },
  { code: 'reason', pattern: /^is required: a short reason of (?<min>\d+) to (?<max>\d+) characters$/ },
  { code: 'no-email', pattern: /^the customer has no email address$/ },
  { code: 'not-blank', pattern: /^must not be blank$/ },
  { code: 'list-min', pattern: /^must list at least (?<min>\d+)$/ },
  { code: 'list-unique', pattern: /^lists a value twice$/ },
  // The complaint rate's base, imported as a CSV (domain/reports/complaint-rates.ts), one problem per line and column.
  { code: 'volume-department-code', pattern: /^must be a department code \(lower-case letters, digits and hyphens\)$/ },
  { code: 'volume-count', pattern: /^must be a whole number of at least 0, or empty when unknown$/ },
  { code: 'volume-repeat', pattern: /^repeats (?<month>\S+) (?<department>\S+) of line (?<line>\d+)$/ },
  { code: 'volume-unknown-department', pattern: /^no department has the code "(?<value>[^"]*)"$/ },
  { code: 'volume-header', pattern: /^the header must name month, department and orders and\/or deliveries \(found: (?<found>.*)\)$/ },
  { code: 'volume-empty', pattern: /^is empty: expected a header month,department,orders,deliveries and one line per unit and month$/ },
  { code: 'volume-too-long', pattern: /^has (?<lines>\d+) lines; at most (?<max>\d+) per import$/ },
  { code: 'contact-needed', pattern: /^needs a phone number or an email address$/ },
  { code: 'email', pattern: /^is not a valid email address$/ },
  { code: 'phone-china', pattern: /^is not a valid mainland China phone number$/ },
  { code: 'phone-country', pattern: /^is not a valid phone number for its country$/ },
  { code: 'phone-unreadable', pattern: /^is not a recognisable phone number \(add the country code, e\.g\. \+86\)$/ },
  { code: 'phone-characters', pattern: /^may contain only digits, spaces, \+, -, \( and \)$/ },
  { code: 'phone-plus', pattern: /^has a \+ in the wrong place$/ },
  { code: 'complaints-only', pattern: /^applies to complaints only$/ },
  { code: 'form', pattern: /^does not have the expected form$/ },
  // Field actions and recalls (the field-actions extension).
  { code: 'field-action-criteria', pattern: /^name the affected models, batches or serial ranges$/ },
  { code: 'field-action-no-unit', pattern: /^no unit customers own matches this selection$/ },
  { code: 'field-action-why', pattern: /^say why \(who refused, how the customer was tried\)$/ },
  // The improvement workflow's verification actions (the beta-tests extension's guards).
  { code: 'verify-own-fix', pattern: /^the fix’s author \(an owner of the plan or of one of its actions\) cannot verify it/ },
  { code: 'verify-no-test-case', pattern: /^there is no test case to verify: link an analysis report with its test cases to the record$/ },
  { code: 'verify-open-cases', pattern: /^record passed or failed for each test case of the analysis report first; no verdict since the plan was approved for (?<cases>.+)$/ },
  { code: 'verify-failed-cases', pattern: /^(?<cases>.+) failed: take "verification failed" and analyse again$/ },
  { code: 'beta-none', pattern: /^no beta test of the approved fix yet: invite customers and let them answer/ },
  { code: 'beta-few-answers', pattern: /^the customer verification report of "(?<name>[^"]*)" has (?<answered>\d+) of (?<invited>\d+) answers; (?<needed>\d+) are needed$/ },
  { code: 'no-beta-confirmation', pattern: /^the plan needs no beta test: say how the customers confirmed the fix$/ },
  { code: 'unknown-placeholder', pattern: /^uses the unknown placeholder "(?<value>[^"]*)"$/ },
  // Customer segments (domain/segments/rules.ts).
  { code: 'segment-key', pattern: /^must be 1 to 40 lower-case letters, digits or "-", starting with a letter$/ },
  { code: 'text-range', pattern: /^must be a text of (?<min>\d+) to (?<max>\d+) characters$/ },
  { code: 'number-at-least', pattern: /^must be a whole number of at least (?<min>\d+)$/ },
  { code: 'segment-rules-max', pattern: /^must be a list of at most (?<max>\d+) rules$/ },
  { code: 'segment-rule-shape', pattern: /^must be \{ minUnits\?, minOpenComplaints\?, contract\? \}$/ },
  { code: 'segment-rule-unknown', pattern: /^unknown fact; use (?<values>.+)$/ },
  { code: 'segment-rule-empty', pattern: /^names no fact$/ },
  { code: 'segment-default-needed', pattern: /^one segment must be the default: make another the default instead$/ },
  { code: 'segment-default-rules', pattern: /^the default segment takes no rules \(it is what no rule places\)$/ },
  // The SMS template-code mapping (domain/messages/sms-mapping.ts), one problem per template key.
  { code: 'sms-code-missing', pattern: /^"(?<key>[^"]+)": needs "code", the provider's template code$/ },
  { code: 'sms-params-object', pattern: /^"(?<key>[^"]+)"\.params: must be an object: parameter name → variable$/ },
  { code: 'sms-param-variable', pattern: /^"(?<key>[^"]+)"\.params\.(?<name>[^:]+): unknown variable "(?<value>[^"]*)"$/ },
  // Strapi's own checks of the schema (the Content Manager's saves): `<field> must be …`.
  { code: 'required', pattern: /^\S+ (?:is a required field|must be defined)$/ },
  { code: 'max-value', pattern: /^\S+ must be less than or equal to (?<max>\S+)$/ },
  { code: 'min-value', pattern: /^\S+ must be greater than or equal to (?<min>\S+)$/ },
  { code: 'max-length', pattern: /^\S+ must be at most (?<max>\d+) characters$/ },
  { code: 'min-length', pattern: /^\S+ must be at least (?<min>\d+) characters$/ },
  { code: 'one-of', pattern: /^\S+ must be one of the following values: (?<values>.+)$/ },
  { code: 'email', pattern: /^\S+ must be a valid email$/ },
  { code: 'taken', pattern: /^This attribute must be unique$/ },
  { code: 'wrong-type', pattern: /^\S+ must be a `\w+` type/ },
];

/** Codes field errors carry from where they are thrown (the date checks, domain/dates/date-bounds.ts), with their values. */
export const THROWN_FIELD_CODES = ['date-invalid', 'date-before-item', 'date-in-future', 'date-too-far-ahead', 'date-too-old', 'date-after-item'];

/** Codes of whole refusals (`error.details.code`), set where they are thrown. */
export const REFUSAL_CODES = [
  'invalid-input',
  'illegal-state',
  'not-available',
  'unknown-action',
  'unknown-workflow',
  'not-an-approver',
  'already-decided',
  'stale-version',
  'forbidden',
  'not-found',
  'refused-by-extension',
  'customer-erased',
  'template-failed',
  // Customer merges (the customers extension).
  'same-customer',
  'merge-erased',
  'merge-undone',
  'merge-expired',
  'merge-survivor-gone',
  // The case screen's attachments and the conversation extension switched off.
  'attachment-type',
  'attachment-size',
  'attachment-count',
  'attachment-empty',
  'extension-disabled',
  // Bulk assignment on the queue page (an item kind without an assignee).
  'no-assignee',
  // Customer segments: key, regular and the default segment stay.
  'segment-built-in',
  // Field actions: the improvement record's state, a unit already recorded, two starts at once.
  'field-action-state',
  'field-action-unit-settled',
  'field-action-conflict',
];

/** Whole refusals thrown with a message only: their code, recognised from the message. */
export const REFUSAL_MESSAGE_CODES: ErrorCode[] = [
  { code: 'not-found', pattern: /^No (?:such (?:record|item|customer)|customer \S+)$/ },
  { code: 'unknown-workflow', pattern: /^No workflow for \S+$/ },
  { code: 'customer-erased', pattern: /^This customer was erased\b/ },
];

/** The code and values of an English field message, or null when the catalogue does not know it. */
export const codeOf = (message: unknown): { code: string; values: Record<string, string> } | null => {
  if (typeof message !== 'string') return null;
  for (const { code, pattern } of FIELD_ERROR_CODES) {
    const match = pattern.exec(message.trim());
    if (match) return { code, values: { ...(match.groups ?? {}) } };
  }
  return null;
};

type ErrorBody = { message?: unknown; details?: { code?: unknown; errors?: { message?: unknown; code?: unknown; values?: unknown }[] } & Record<string, unknown> };

/**
 * Adds `code` and `values` to each field error of a Strapi-shaped error that has none, and the
 * refusal's `details.code` when its message is one the catalogue knows; a 404 (`status`) that names
 * no code of its own is `not-found` ("No feedback x7k…" is not what a Chinese admin should read).
 */
export const addErrorCodes = (error: ErrorBody | null | undefined, status?: number) => {
  if (error && typeof error.message === 'string' && !(error.details && error.details.code)) {
    const found = REFUSAL_MESSAGE_CODES.find(({ pattern }) => pattern.test((error.message as string).trim()));
    if (found) error.details = { ...(error.details ?? {}), code: found.code };
    else if (status === 404) error.details = { ...(error.details ?? {}), code: 'not-found' };
  }
  const list = error?.details?.errors;
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    if (!entry || typeof entry !== 'object' || entry.code) continue;
    const found = codeOf(entry.message);
    if (found) Object.assign(entry, found);
  }
};
