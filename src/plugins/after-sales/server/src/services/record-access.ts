import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { refusal } from '../utils/http-errors';
import { documentsOf, modelOf, queryOf } from '../utils/content-table';
import type { ContentRecord } from '../extension-api';

const CM_READ = 'plugin::content-manager.explorer.read';
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What the read check needs of a request: the admin user and their ability, or the route and authentication of another caller. */
interface RequestState {
  state?: {
    user?: unknown;
    userAbility?: { rulesFor?(action: string, subject: string): { conditions?: unknown }[] | undefined };
    route?: { info?: { type?: string } };
    auth?: { strategy?: { name?: string } };
  };
}

/**
 * Record-level read permission for every plugin route that takes a record (timeline, actions,
 * message history, template preview and manual send, SLA clocks, the customer privacy panel):
 * the same rule as the Content Manager's, through one function.
 */
const recordAccess = ({ strapi }: { strapi: Core.Strapi }) => {
  /** A content-type uid, or the id of the workflow of one (`feedback` → `api::feedback.feedback`). */
  const contentTypeOf = (uidOrWorkflow: unknown): string | null => {
    if (typeof uidOrWorkflow !== 'string') return null;
    if (strapi.contentTypes[uidOrWorkflow as keyof typeof strapi.contentTypes]) return uidOrWorkflow;
    return getService(strapi, 'workflow').definitionFor(uidOrWorkflow)?.contentType ?? null;
  };

  return {
    contentTypeOf,

    /** One record of a content type by documentId, for a route that then checks `assertMayRead` (null when none). */
    async findRecord(uid: string, documentId: string, populate?: Record<string, unknown>): Promise<ContentRecord | null> {
      return queryOf(strapi, uid).findOne({ where: { documentId }, ...(populate ? { populate } : {}) });
    },

    /**
     * Refuses (403) a caller who may not read this record. Admin users: the Content Manager's read
     * permission on its type, with the permission's conditions (the department ones included)
     * evaluated by the database exactly as the Content Manager's list does. Content-API callers
     * (users, API tokens) passed the route's own permission, which is what they are granted.
     * A record that does not exist is left to the route (its own 404).
     */
    async assertMayRead(ctx: unknown, uidOrWorkflow: unknown, documentId: unknown): Promise<void> {
      const state = (ctx as RequestState | null | undefined)?.state;
      const ability = state?.userAbility;
      if (!ability || !state.user) {
        if (state?.route?.info?.type === 'admin' || state?.auth?.strategy?.name === 'admin') {
          throw refusal(403, 'forbidden', 'You may not read this record');
        }
        return;
      }
      const uid = contentTypeOf(uidOrWorkflow);
      if (!uid || typeof documentId !== 'string' || !DOCUMENT_ID.test(documentId)) return;
      const exists = await queryOf(strapi, uid).findOne({ where: { documentId }, select: ['id'] });
      if (!exists) return;
      const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ability, model: uid });
      const name = modelOf(strapi, uid)?.info?.singularName ?? 'record';
      if (checker.cannot.read()) throw refusal(403, 'forbidden', `You may not read ${name} records`);
      if (!ability.rulesFor?.(CM_READ, uid)?.some((rule: { conditions?: unknown }) => rule.conditions)) return;
      const query = await checker.sanitizedQuery.read({ filters: { documentId: { $eq: documentId } } });
      const visible = await documentsOf(strapi, uid).count({ filters: query.filters });
      if (!visible) throw refusal(403, 'forbidden', `You may not read this ${name}`);
    },
  };
};

export default recordAccess;
