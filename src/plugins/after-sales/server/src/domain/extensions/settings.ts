import Ajv, { type ErrorObject } from 'ajv';
import type { ConfigurationProperty } from './types';
import { valueSchemaOf } from './validate-manifest';

const ajv = new Ajv({ strict: false, allErrors: false });

export interface SettingError {
  /** `data.<key>`, or `data.<key>.<part>` for a part of an object value (a language of a per-language text). */
  path: string;
  /** English, worded as the error-code catalogue knows it (domain/errors/codes.ts), so the admin shows it translated. */
  message: string;
}

/** One ajv error in the words of the error catalogue, with the part of the value it is about. */
const describe = (error: ErrorObject, property: ConfigurationProperty): { part: string; message: string } => {
  const part = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const params = error.params as Record<string, unknown>;
  const { minimum, maximum } = property as { minimum?: number; maximum?: number };
  const range = typeof minimum === 'number' && typeof maximum === 'number' ? `must be a whole number from ${minimum} to ${maximum}` : null;
  switch (error.keyword) {
    case 'maxLength':
      return { part, message: `must be a text of at most ${params.limit} characters` };
    case 'minimum':
    case 'maximum':
      return { part, message: range ?? `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${params.limit}` };
    case 'pattern':
      return { part, message: 'does not have the expected form' };
    case 'enum':
      return { part, message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'minItems':
      return { part, message: `must list at least ${params.limit}` };
    case 'uniqueItems':
      return { part, message: 'lists a value twice' };
    case 'additionalProperties':
      return { part: [part, String(params.additionalProperty)].filter(Boolean).join('.'), message: 'is not allowed' };
    case 'type':
      if (params.type === 'boolean') return { part, message: 'must be true or false' };
      if (params.type === 'string') return { part, message: 'must be a single text value' };
      if (params.type === 'integer' && range) return { part, message: range };
      return { part, message: `must be of type ${params.type}` };
    default:
      return { part, message: error.message ?? 'is invalid' };
  }
};

/**
 * What is wrong with new values for an extension's settings, checked against its configuration
 * schema: an unknown key, or a value its property's schema refuses. Empty when all may be saved.
 */
export const settingErrors = (properties: Record<string, ConfigurationProperty>, values: Record<string, unknown>): SettingError[] => {
  const errors: SettingError[] = [];
  for (const [key, value] of Object.entries(values)) {
    const property = properties[key];
    if (!property) {
      errors.push({ path: `data.${key}`, message: 'is not allowed' });
      continue;
    }
    const check = ajv.compile(valueSchemaOf(property));
    if (!check(value)) {
      const { part, message } = describe(check.errors![0], property);
      errors.push({ path: ['data', key, part].filter(Boolean).join('.'), message });
    }
  }
  return errors;
};
