import { HttpError } from '../utils/http-errors';
import { WorkflowError } from '../utils/workflow-error';

/**
 * Runs a route handler and answers with its status and body; a refusal (HttpError or
 * WorkflowError) becomes its status, headers and Strapi-shaped error body.
 */
export const answer = async (ctx: any, handler: () => Promise<{ status?: number; body: unknown }>) => {
  try {
    const { status = 200, body } = await handler();
    ctx.status = status;
    ctx.body = body;
  } catch (error) {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      ctx.status = error.status;
      ctx.body = error.toBody();
      return;
    }
    if (error instanceof WorkflowError) {
      ctx.status = error.status;
      ctx.body = error.toBody();
      return;
    }
    throw error;
  }
};
