import type { FieldError } from './http-errors';

/** Deepest nesting of objects and arrays a request may have (a Content Manager form is under 20). */
export const MAX_JSON_DEPTH = 64;

/**
 * Checks a parsed JSON value without recursion: nesting deeper than `maxDepth` stops the walk at
 * once (so nothing later recurses through thousands of levels), and every string holding a NUL
 * character is reported (PostgreSQL cannot store one in a text column).
 */
export const jsonShapeProblems = (value: unknown, maxDepth = MAX_JSON_DEPTH, root: (string | number)[] = []): FieldError[] => {
  const problems: FieldError[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: root }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) problems.push({ path, message: 'must not contain a NUL character' });
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    if (path.length - root.length >= maxDepth) return [{ path: path.slice(0, root.length + 3), message: `is nested more than ${maxDepth} levels deep` }];
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((v, i) => [i, v]) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof key === 'string' && key.includes('\u0000')) problems.push({ path: [...path, key.split('\u0000').join('\\0')], message: 'must not contain a NUL character' });
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
};
