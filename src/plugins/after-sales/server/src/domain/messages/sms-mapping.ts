/**
 * Chinese SMS gateways send only pre-registered templates: each of our template keys maps to the
 * provider's template code and to the names of its parameters, each taken from one of our template
 * variables (`item.reference`…). Tencent numbers its parameters ({1}, {2}…): name them "1", "2"….
 * Pure: parsing, checking and filling a mapping.
 */
export interface SmsTemplateCode {
  code: string;
  /** Provider parameter name → our variable (in the provider's order for Tencent: "1", "2", …). */
  params: Record<string, string>;
}
export type SmsTemplateMapping = Record<string, SmsTemplateCode>;

/** Problems of a mapping (a JSON text or an object), one line each naming the key; empty when fine. */
export const smsMappingProblems = (value: unknown, variables: readonly string[]): string[] => {
  let mapping: unknown = value;
  if (typeof value === 'string') {
    if (!value.trim()) return [];
    try {
      mapping = JSON.parse(value);
    } catch (error) {
      return [`is not JSON: ${(error as Error).message}`];
    }
  }
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) return ['must be an object: template key → { code, params }'];
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(mapping as Record<string, unknown>)) {
    const e = entry as { code?: unknown; params?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.code !== 'string' || !e.code.trim()) {
      problems.push(`"${key}": needs "code", the provider's template code`);
      continue;
    }
    if (e.params === undefined) continue;
    if (!e.params || typeof e.params !== 'object' || Array.isArray(e.params)) {
      problems.push(`"${key}".params: must be an object: parameter name → variable`);
      continue;
    }
    for (const [name, variable] of Object.entries(e.params as Record<string, unknown>)) {
      if (typeof variable !== 'string' || !variables.includes(variable)) problems.push(`"${key}".params.${name}: unknown variable ${JSON.stringify(variable)}`);
    }
  }
  return problems;
};

/** The mapping of a valid value (see `smsMappingProblems`); later ones add to and replace earlier ones. */
export const parseSmsMapping = (...values: unknown[]): SmsTemplateMapping => {
  const out: SmsTemplateMapping = {};
  for (const value of values) {
    const mapping = typeof value === 'string' ? (value.trim() ? JSON.parse(value) : {}) : (value ?? {});
    for (const [key, entry] of Object.entries(mapping as Record<string, { code: string; params?: Record<string, string> }>)) out[key] = { code: entry.code, params: entry.params ?? {} };
  }
  return out;
};

/** The provider's parameters for one message: each named parameter filled from the message's variables; the missing ones named. */
export const fillSmsParams = (entry: SmsTemplateCode, variables: Readonly<Record<string, string>>): { ok: true; params: Record<string, string> } | { ok: false; missing: string[] } => {
  const params: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, variable] of Object.entries(entry.params)) {
    const value = variables[variable];
    if (value === undefined || value === '') missing.push(`${name} (${variable})`);
    else params[name] = value;
  }
  return missing.length ? { ok: false, missing } : { ok: true, params };
};
