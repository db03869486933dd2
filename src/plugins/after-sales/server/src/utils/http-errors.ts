import { errors } from '@strapi/utils';
import { jsonShapeProblems, MAX_JSON_DEPTH } from './json-shape';

/**
 * The one error vocabulary of the plugin: Strapi's `errors` (400 ValidationError, 401
 * UnauthorizedError, 403 ForbiddenError, 404 NotFoundError) and `HttpError` below for what Strapi
 * has no class for (409, 422, 429, 503, with an optional Retry-After). `answer` (controllers) turns
 * any of them into the Strapi-shaped body `{ data: null, error: { status, name, message, details } }`.
 * A refusal with a code for the admin carries it as `details.code` (see domain/errors/codes.ts).
 */
export { errors };

export interface FieldError {
  path: (string | number)[];
  message: string;
}

const NAMES = { 409: 'ConflictError', 422: 'UnprocessableEntityError', 429: 'RateLimitError', 503: 'ApplicationError' } as const;
export type HttpErrorStatus = keyof typeof NAMES;

export class HttpError extends errors.ApplicationError<string, string, Record<string, unknown>> {
  constructor(
    public readonly status: HttpErrorStatus,
    message: string,
    details: Record<string, unknown> = {},
    /** Sent as the Retry-After header (seconds). */
    public readonly retryAfterSeconds?: number
  ) {
    super(message, details);
    this.name = NAMES[status];
  }
}

/** 400 with one entry per bad field, the message naming each. */
export const invalidInput = (fieldErrors: FieldError[]) => new errors.ValidationError(fieldErrors.map((e) => `${e.path.join('.') || 'body'}: ${e.message}`).join('; '), { errors: fieldErrors });

/** A refusal whose status is computed (e.g. a planned transition's): the matching class, `code` in its details. */
export const refusal = (status: number, code: string, message: string, details: Record<string, unknown> = {}): errors.ApplicationError<string, string, Record<string, unknown>> => {
  const all = { code, ...details };
  switch (status) {
    case 400:
      return new errors.ValidationError(message, all);
    case 401:
      return new errors.UnauthorizedError(message, all);
    case 403:
      return new errors.ForbiddenError(message, all);
    case 404:
      return new errors.NotFoundError(message, all);
    case 409:
    case 422:
    case 429:
    case 503:
      return new HttpError(status, message, all);
    default:
      throw new Error(`no error class for status ${status}`);
  }
};

const STATUS_OF_NAME: Record<string, number> = {
  ValidationError: 400,
  YupValidationError: 400,
  PaginationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  PolicyError: 403,
  NotFoundError: 404,
  PayloadTooLargeError: 413,
  RateLimitError: 429,
  NotImplementedError: 501,
};

/** The HTTP status of one of our errors (Strapi's or HttpError); null for anything else. */
export const statusOf = (error: unknown): number | null => {
  if (error instanceof HttpError) return error.status;
  if (error instanceof errors.ApplicationError) return STATUS_OF_NAME[error.name] ?? 400;
  return null;
};

/** Paths of every string containing a NUL byte (PostgreSQL cannot store them); nesting is bounded first. */
export const findNulBytes = (value: unknown, path: (string | number)[] = []): FieldError[] => jsonShapeProblems(value, MAX_JSON_DEPTH, path);
