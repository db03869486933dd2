import type { DashboardRow } from '../../../../shared/dashboard';

export type { Dashboard, DashboardRow, Urgency } from '../../../../shared/dashboard';

/** The Content Manager edit view of a record. */
export const recordPath = (row: Pick<DashboardRow, 'contentType' | 'documentId'>) => `/content-manager/collection-types/${row.contentType}/${row.documentId}`;
