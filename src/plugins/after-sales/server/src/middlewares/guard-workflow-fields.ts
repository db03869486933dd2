import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stateFieldOf } from '../domain/workflow/types';
import { getService } from '../utils/get-service';
import { isWorkflowEngineWrite } from '../utils/internal-write';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const refuse = (field: string, message: string) =>
  new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/**
 * On content types run by a workflow, the state moves only through workflow actions (each with
 * an audit event), and `version` is the optimistic lock: every direct update bumps it, and an
 * update that names an older version than the stored one is refused.
 */
export const guardWorkflowFields =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create' && ctx.action !== 'update') return next();
    if (isWorkflowEngineWrite()) return next();
    const workflow = getService(strapi, 'workflow').definitionFor(ctx.uid);
    if (!workflow) return next();

    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const data = { ...(params.data ?? {}) };
    const stateField = stateFieldOf(workflow);

    if (ctx.action === 'create') {
      if (data[stateField] != null && data[stateField] !== workflow.initialState) {
        throw refuse(stateField, `is changed by workflow actions only; a new ${workflow.id} starts in "${workflow.initialState}"`);
      }
      params.data = { ...data, [stateField]: workflow.initialState, version: 1 };
      return next();
    }

    const current = await strapi.db.query(ctx.uid).findOne({ where: { documentId: params.documentId }, select: [stateField, 'version'] });
    if (!current) return next();
    if (stateField in data && data[stateField] !== current[stateField]) {
      throw refuse(stateField, `is changed by workflow actions only (use POST /after-sales/workflows/${ctx.uid}/${params.documentId}/actions/:action)`);
    }
    if (data.version != null && Number(data.version) !== current.version) {
      throw refuse('version', `is stale: this ${workflow.id} is at version ${current.version}; reload it and try again`);
    }
    delete data[stateField];
    params.data = { ...data, version: (current.version ?? 0) + 1 };
    return next();
  };
