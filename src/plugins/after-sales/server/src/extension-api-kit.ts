/**
 * The server kit of the extension API (v1), published with it (`strapi-plugin-after-sales/extension-api`).
 * What an extension's own routes, controllers and storage code share with the core, so that an
 * extension imports nothing of the plugin but this API and the pure rules of `domain/`:
 * - the error vocabulary: Strapi's `errors` and `HttpError` (409/422/429/503, Retry-After), with
 *   `invalidInput` (a 400 naming each field) and `refusal` (a coded refusal the admin translates);
 * - `answer` / `respond`, which run a route handler and shape its answer or refusal, and the
 *   `RouteContext` a route handler receives;
 * - datetimes as the database stores them (`dbTime`, `fromDbTime`), for the query layer and knex;
 * - checks for a record's fields its type leaves `unknown` (`textOf`, `populatedOf`, `relationIdOf`);
 * - ids and customer-link tokens (`newDocumentId`, `newSecretToken`, `hashToken`, `tokenMatches`);
 * - admin permission checks (`adminMay`, `isSuperAdmin`, `requireSuperAdmin`);
 * - the core's content types and tables (`CONTENT_TYPES`, `TABLES`), to read and join them.
 * Everything here is stateless: per-instance state is reached through `getApi(1)`.
 */
export { errors, HttpError, invalidInput, refusal, statusOf, findNulBytes, type FieldError, type HttpErrorStatus } from './utils/http-errors';
export { answer } from './controllers/answer';
export { respond } from './controllers/respond';
export type { RouteContext } from './utils/route-context';
export { dbTime, fromDbTime } from './utils/db-time';
export { contentTable, columnOf, queryOf, documentsOf, modelOf, type ContentTable, type ContentColumn, type LinkTable } from './utils/content-table';
export { textOf, isPopulated, populatedOf, relationIdOf } from './utils/record-fields';
export { newDocumentId, newSecretToken, hashToken, tokenMatches } from './utils/ids';
export { adminMay, adminMayReadCustomers, isSuperAdmin, requireSuperAdmin, type AdminUserRef } from './utils/admin-permissions';
export { PLUGIN_ID, CONTENT_TYPES, OFFICE_FIELD, TABLES, PRIVACY, AFTER_SALES_DEPARTMENT, SLA_CLOCK_BACKFILL_JOB, SLA_RECOMPUTE_JOB_PREFIX } from './constants';
export type { AfterSalesConfig } from './config';
