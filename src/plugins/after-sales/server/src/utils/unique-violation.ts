/**
 * Whether an error (or one it wraps) is a unique-constraint violation: PostgreSQL's SQLSTATE 23505,
 * better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY.
 */
export const isUniqueViolation = (error: unknown): boolean => {
  type Wrapped = { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  for (let current = error as Wrapped | null | undefined, depth = 0; current && depth < 5; current = (current.cause ?? current.originalError) as Wrapped | null | undefined, depth++) {
    if (current.code === '23505' || current.code === 'SQLITE_CONSTRAINT_UNIQUE' || current.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (typeof current.message === 'string' && /UNIQUE constraint failed|duplicate key value violates unique constraint/.test(current.message)) return true;
  }
  return false;
};

/** Strapi's own check of a `"unique": true` attribute failed for `field` (a ValidationError, 400). */
export const isUniqueAttributeError = (error: unknown, field: string): boolean => {
  const e = error as { name?: string; message?: string; details?: { errors?: { path?: string[] }[] } } | null;
  if (e?.name !== 'ValidationError' || !/must be unique/.test(e.message ?? '')) return false;
  const paths = e.details?.errors?.map((d) => d.path?.join('.')) ?? [];
  return paths.length === 0 || paths.includes(field);
};
