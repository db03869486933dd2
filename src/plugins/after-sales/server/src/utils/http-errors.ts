import { jsonShapeProblems, MAX_JSON_DEPTH } from './json-shape';
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

/** Paths of every string containing a NUL byte (PostgreSQL cannot store them); nesting is bounded first. */
export const findNulBytes = (value: unknown, path: (string | number)[] = []): FieldError[] => jsonShapeProblems(value, MAX_JSON_DEPTH, path);
