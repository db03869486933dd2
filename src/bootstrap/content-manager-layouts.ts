import type { Core } from '@strapi/strapi';

/**
 * Makes the Content Manager fit non-technical staff: readable labels, the list columns they scan,
 * and the fields the server owns (reference, state, version, due dates) shown read-only, since
 * they change only through workflow actions. Applied once per layout version, so an admin's
 * later adjustments are kept.
 */
const LAYOUT_VERSION = 4;
const READ_ONLY = ['reference', 'state', 'version', 'acknowledgeBy', 'respondBy', 'rootCauseBy', 'resolveBy', 'callbackBy', 'archiveBy', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'signedAt', 'archivedAt', 'reopenCount', 'approvals', 'issueKey', 'month', 'occurrences', 'internallyVerifiedAt', 'customerVerifiedAt', 'privacyState', 'anonymisedAt'];
const LIST_COLUMNS: Record<string, string[]> = {
  // What the customer said, who has it and the deadline staff work to (the escalation level is in
  // the dashboard's lists: it is not a field of the item).
  'api::feedback.feedback': ['reference', 'state', 'severity', 'symptom', 'customer', 'assignee', 'resolveBy', 'createdAt'],
  'api::complaint.complaint': ['reference', 'state', 'seriousness', 'description', 'customer', 'assignee', 'resolveBy', 'createdAt'],
  'api::service-record.service-record': ['reference', 'kind', 'state', 'customer', 'technician', 'scheduledAt', 'archiveBy'],
  'api::customer.customer': ['name', 'company', 'segment', 'locale', 'createdAt'],
  'api::knowledge-article.knowledge-article': ['title', 'category', 'helpfulCount', 'notHelpfulCount', 'updatedAt'],
  'api::improvement-record.improvement-record': ['reference', 'state', 'title', 'month', 'occurrences', 'createdAt'],
};

const humanize = (name: string) => {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/Rnd/, 'R&D').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const applyStaffLayouts = async (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'plugin', name: 'after-sales', key: 'content-manager-layouts' });
  if (((await store.get({})) as { version?: number } | null)?.version === LAYOUT_VERSION) return;
  const service = strapi.plugin('content-manager').service('content-types');
  for (const [uid, columns] of Object.entries(LIST_COLUMNS)) {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    if (!contentType) continue;
    const configuration = await service.findConfiguration(contentType);
    const metadatas = { ...configuration.metadatas };
    for (const [field, meta] of Object.entries(metadatas) as [string, any][]) {
      const label = field === 'id' ? 'ID' : humanize(field);
      metadatas[field] = {
        edit: meta.edit ? { ...meta.edit, label, editable: READ_ONLY.includes(field) ? false : meta.edit.editable } : meta.edit,
        list: meta.list ? { ...meta.list, label } : meta.list,
      };
    }
    const list = columns.filter((c) => c in metadatas);
    const referenceFirst = (rows: { name: string; size: number }[][]) => {
      const owned = rows.flat().filter((f) => ['reference', 'state'].includes(f.name));
      const rest = rows.map((row) => row.filter((f) => !['reference', 'state', 'version'].includes(f.name))).filter((row) => row.length);
      return owned.length ? [owned.map((f) => ({ ...f, size: 6 })), ...rest] : rest;
    };
    await service.updateConfiguration(contentType, {
      settings: { ...configuration.settings, mainField: 'reference' in metadatas ? 'reference' : configuration.settings.mainField, defaultSortBy: 'createdAt', defaultSortOrder: 'DESC' },
      metadatas,
      layouts: { ...configuration.layouts, list, edit: referenceFirst(configuration.layouts.edit) },
    });
  }
  await store.set({ value: { version: LAYOUT_VERSION } });
};
