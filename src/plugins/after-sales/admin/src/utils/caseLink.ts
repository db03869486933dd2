import { PLUGIN_ID } from '../pluginId';

/** The case screen of a work item (`/admin/plugins/after-sales/cases/:uid/:documentId`), for router links inside the admin. */
export const caseLink = (contentType: string, documentId: string) => `/plugins/${PLUGIN_ID}/cases/${encodeURIComponent(contentType)}/${encodeURIComponent(documentId)}`;

/** The same path unencoded, for the Content Manager side panel, the dashboard and the lists. */
export const casePath = (contentType: string, documentId: string) => `/plugins/after-sales/cases/${contentType}/${documentId}`;
/** With the `/admin` base, for a plain `<a href>`. */
export const caseHref = (contentType: string, documentId: string) => `/admin${casePath(contentType, documentId)}`;
/** The route the admin registers for the case screen (relative to the admin's root). */
export const CASE_ROUTE = 'plugins/after-sales/cases/:uid/:documentId';
