import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stateFieldOf } from '../domain/workflow/types';
import { getService } from '../utils/get-service';
import { isWorkflowEngineWrite } from '../utils/internal-write';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/** A refusal in plain words, with a `code` the admin translates (admin translations `error.<code>`). */
const refuse = (field: string, code: string, message: string, extra: Record<string, unknown> = {}) =>
  new errors.ValidationError(message, { code, ...extra, errors: [{ path: [field], message, name: 'ValidationError' }] });

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
        throw refuse(stateField, 'workflow-owned-field', `The state is changed with the buttons of the Workflow panel only; a new item starts in "${workflow.initialState}".`);
      }
      params.data = { ...data, [stateField]: workflow.initialState, version: 1 };
      return next();
    }

    const current = await strapi.db.query(ctx.uid).findOne({ where: { documentId: params.documentId }, select: [stateField, 'version'] });
    if (!current) return next();
    // A stale version first: a form read before a workflow action still holds the old state, and
    // what its user needs to hear is that the item changed meanwhile (their text is kept in the form).
    if (data.version != null && Number(data.version) !== current.version) {
      throw refuse(
        'version',
        'edit-conflict',
        `Someone changed this item after you opened it (it is now at version ${current.version}). Your text is still in the form: compare it with the saved version in the Workflow panel, then save again.`,
        {
          current: { version: current.version, state: current[stateField] },
        }
      );
    }
    if (stateField in data && data[stateField] !== current[stateField]) {
      throw refuse(stateField, 'workflow-owned-field', 'The state is changed with the buttons of the Workflow panel only, not in the form.');
    }
    delete data[stateField];
    params.data = { ...data, version: (current.version ?? 0) + 1 };
    return next();
  };
