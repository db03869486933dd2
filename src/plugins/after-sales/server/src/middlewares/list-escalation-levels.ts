import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { CONTENT_TYPES, TABLES } from '../constants';

/** The lists that show an escalation level column (the items with deadlines staff are chased on). */
const LISTS = new Set<string>([CONTENT_TYPES.feedback, CONTENT_TYPES.complaint]);
const LIST_PATH = /^\/content-manager\/collection-types\/([^/]+)\/?$/;

/**
 * Koa middleware: the Content Manager's list of feedback and complaints gives each row its
 * `escalationLevel` (the last level the SLA sweep recorded: at-risk, breached, overdue; null when
 * none), read in one query for the page, so the list shows it as a column (the admin adds the
 * column; the level is the SLA engine's, not a field anyone edits).
 */
export const listEscalationLevels = (strapi: Core.Strapi) => async (ctx: Context, next: () => Promise<void>) => {
  await next();
  if (ctx.method !== 'GET' || ctx.status !== 200) return;
  const match = LIST_PATH.exec(ctx.path ?? '');
  if (!match) return;
  let uid = match[1];
  try {
    uid = decodeURIComponent(uid);
  } catch {
    /* not URI-encoded: used as it is */
  }
  const results = (ctx.body as { results?: unknown } | null | undefined)?.results;
  if (!LISTS.has(uid) || !Array.isArray(results) || !results.length) return;
  const ids = (results as ({ documentId?: unknown } | null)[]).map((row) => row?.documentId).filter((id: unknown): id is string => typeof id === 'string');
  const levels = new Map<string, string>();
  const rows = await strapi.db.connection(TABLES.escalations).where('content_type', uid).whereIn('document_id', ids).orderBy('id', 'asc').select('document_id', 'level');
  for (const row of rows) levels.set(row.document_id, row.level);
  for (const row of results as unknown[]) {
    if (!row || typeof row !== 'object') continue;
    const listed = row as { documentId?: unknown; escalationLevel?: string | null };
    listed.escalationLevel = (typeof listed.documentId === 'string' ? levels.get(listed.documentId) : undefined) ?? null;
  }
};
