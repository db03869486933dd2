import type { Core } from '@strapi/strapi';
import { modelOf } from '../utils/content-table';
import { CASE_OWNER_FIELD } from '../constants';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const isEmptyRelation = (value: unknown) => {
  if (value === undefined || value === null) return true;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { connect, set } = value as { connect?: unknown[]; set?: unknown[] };
    return (!connect || connect.length === 0) && (!set || set.length === 0);
  }
  return Array.isArray(value) && value.length === 0;
};

/**
 * The staff member who creates a case in the admin takes it: they become its case owner, so they
 * keep reading and following it (notes, the callback) after handing it to another department.
 * Items received through the intake get their owner from the first workflow action (services/workflow.ts).
 */
export const assignCaseOwnerOnCreate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create') return next();
    const attributes = modelOf(strapi, ctx.uid)?.attributes ?? {};
    if (!(CASE_OWNER_FIELD in attributes)) return next();
    const request = strapi.requestContext.get() as { state?: { user?: { id?: number }; auth?: { strategy?: { name?: string } } } } | undefined;
    const userId = request?.state?.auth?.strategy?.name === 'admin' ? request.state.user?.id : undefined;
    const params = ctx.params as { data?: Record<string, unknown> };
    if (userId && isEmptyRelation(params.data?.[CASE_OWNER_FIELD])) params.data = { ...(params.data ?? {}), [CASE_OWNER_FIELD]: userId };
    return next();
  };
