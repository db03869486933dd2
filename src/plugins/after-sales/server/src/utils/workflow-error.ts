/** A refusal of a workflow request, carrying its HTTP status and the details a client needs. */
export class WorkflowError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'WorkflowError';
  }

  toBody() {
    const name = { 400: 'ValidationError', 403: 'ForbiddenError', 404: 'NotFoundError', 409: 'ConflictError' }[this.status] ?? 'ApplicationError';
    return { data: null, error: { status: this.status, name, message: this.message, details: { code: this.code, ...this.details } } };
  }
}
