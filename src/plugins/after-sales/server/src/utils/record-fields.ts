/**
 * Reading the fields of a record that its type leaves `unknown` (an item kind's own fields, a populated relation) with
 * small checks instead of casts: for the records the extension API hands out (`ItemRecord`, `ContentRecord`).
 */

/** A text field: the text, or null (empty, or not text). */
export const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Whether a field holds a populated to-one relation (an object of its selected fields). */
export const isPopulated = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A populated to-one relation: its fields as selected, or null when it is empty or was not populated. */
export const populatedOf = (value: unknown): Record<string, unknown> | null => (isPopulated(value) ? value : null);

/** The id of a populated to-one relation (`{ id }`), or null. */
export const relationIdOf = (value: unknown): number | null => {
  const id = populatedOf(value)?.id;
  return typeof id === 'number' ? id : null;
};
