import type { Condition, WorkflowRecord } from './types';

/** A value counts as present unless it is null, undefined, an empty string or an empty list. */
export const hasValue = (value: unknown): boolean => !(value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0));

/** Relations arrive populated (`{ id, documentId, code… }`); compare them by code, documentId or id. */
const comparable = (value: unknown): unknown => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    return v.code ?? v.documentId ?? v.id ?? value;
  }
  return value;
};

const readPath = (record: WorkflowRecord, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);

export const evaluateCondition = (condition: Condition, record: WorkflowRecord): boolean => {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, record));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, record));
  if ('not' in condition) return !evaluateCondition(condition.not, record);
  const raw = readPath(record, condition.field);
  const value = comparable(raw);
  if (condition.exists !== undefined && hasValue(raw) !== condition.exists) return false;
  if ('eq' in condition && value !== condition.eq) return false;
  if ('ne' in condition && value === condition.ne) return false;
  if (condition.in && !condition.in.includes(value)) return false;
  if (condition.nin && condition.nin.includes(value)) return false;
  const n = typeof value === 'number' ? value : Number.NaN;
  if (condition.lt !== undefined && !(n < condition.lt)) return false;
  if (condition.lte !== undefined && !(n <= condition.lte)) return false;
  if (condition.gt !== undefined && !(n > condition.gt)) return false;
  if (condition.gte !== undefined && !(n >= condition.gte)) return false;
  return true;
};

/** Every state and field a condition mentions, for definition checks. */
export const conditionFields = (condition: Condition): string[] => {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
};
