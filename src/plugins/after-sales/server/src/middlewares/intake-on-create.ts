import type { Core } from '@strapi/strapi';
import type { IntakeClient } from '../extension-api';
import { apiTokenOf } from '../utils/api-client';
import { getService } from '../utils/get-service';
import { isWorkflowEngineWrite } from '../utils/internal-write';
import { staffActorName } from '../domain/staff/display-name';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/** The signed-in user of a request: an admin user, or a content-API user. */
type RequestUser = { id?: number | string; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null };

/** Who made the request behind a document-service create: the admin user, the API token or the content-API user. */
export const requestClient = (request: unknown): IntakeClient | null => {
  const state = (request as { state?: { user?: RequestUser; auth?: { strategy?: { name?: string } } } } | null | undefined)?.state;
  const user = state?.user;
  if (state?.auth?.strategy?.name === 'admin' && user?.id) {
    return { kind: 'admin', id: String(user.id), name: staffActorName(user) };
  }
  const token = apiTokenOf(request);
  if (token) return { kind: 'api-token', id: token.id, name: token.name };
  if (user?.id) return { kind: 'api-user', id: String(user.id), name: user.username ?? user.email ?? `user ${user.id}` };
  return null;
};

/**
 * A feedback item or complaint created through an HTTP request (the Content Manager's create, the
 * REST API) goes through the intake like one received by the public API: classified and routed
 * where staff left it open, a tracking token, the clocks, the first audit event under the real
 * actor and the acknowledgement on the customer's channel. Writes without a request (the seed,
 * the workflow engine) are left as they are.
 */
export const intakeOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create' || isWorkflowEngineWrite()) return next();
    const intakeKind = getService(strapi, 'item-kinds').get(ctx.uid)?.intake?.kind;
    if (intakeKind !== 'feedback' && intakeKind !== 'complaint') return next();
    const client = requestClient(strapi.requestContext.get());
    if (!client) return next();
    return getService(strapi, 'intake').receiveDocument(ctx.uid, ctx.params as { data?: Record<string, unknown> }, client, async () => next());
  };
