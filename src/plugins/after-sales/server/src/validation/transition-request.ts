import { refusal } from '../utils/http-errors';
import type { PerformInput } from '../services/workflow';

const ALLOWED = new Set(['version', 'note', 'data']);

/** Body of POST …/actions/:action: `{ version, note?, data? }`. */
export const parseTransitionRequest = (body: unknown): PerformInput => {
  const errors: { path: string[]; message: string }[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw refusal(400, 'invalid-input', 'The body must be a JSON object { version, note?, data? }', { errors: [{ path: [], message: 'must be an object' }] });
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!ALLOWED.has(key)) errors.push({ path: [key], message: 'is not allowed' });
  if (!Number.isInteger(input.version) || (input.version as number) < 1) errors.push({ path: ['version'], message: 'must be the integer version you last read' });
  if (input.note !== undefined && input.note !== null && (typeof input.note !== 'string' || input.note.length > 5000)) {
    errors.push({ path: ['note'], message: 'must be a text of at most 5000 characters' });
  }
  if (input.data !== undefined && (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data))) {
    errors.push({ path: ['data'], message: 'must be an object' });
  }
  if (errors.length) {
    throw refusal(400, 'invalid-input', errors.map((e) => `${e.path.join('.') || 'body'}: ${e.message}`).join('; '), { errors });
  }
  return { version: input.version as number, note: (input.note as string | undefined) ?? null, data: (input.data as Record<string, unknown>) ?? {} };
};
