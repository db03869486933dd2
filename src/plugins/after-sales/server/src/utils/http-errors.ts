/** Strapi-shaped error bodies for routes that answer directly. */
export interface FieldError {
  path: (string | number)[];
  message: string;
}

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'PayloadTooLargeError',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
};

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly details: Record<string, unknown> = {},
    public readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }

  static invalid(errors: FieldError[]) {
    return new HttpError(400, errors.map((e) => `${e.path.join('.') || 'body'}: ${e.message}`).join('; '), { errors });
  }

  toBody() {
    return { data: null, error: { status: this.status, name: NAMES[this.status] ?? 'ApplicationError', message: this.message, details: this.details } };
  }
}

/** Paths of every string containing a NUL byte (PostgreSQL cannot store them). */
export const findNulBytes = (value: unknown, path: (string | number)[] = []): FieldError[] => {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ path, message: 'must not contain a NUL character' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findNulBytes(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findNulBytes(v, [...path, k]));
  return [];
};
