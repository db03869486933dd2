import type { Core } from '@strapi/strapi';

/**
 * Makes the Content Manager fit non-technical staff: readable labels, the list columns they scan,
 * edit forms that show what a person enters (in the order of the manual's 客户反馈记录表:
 * customer, contact, product and batch, the problem, its kind, who answers) and hide what the
 * server owns (state, version, due dates, timestamps, tokens), and the server-owned fields still
 * shown (reference, approvals…) read-only, since they change only through workflow actions.
 * Applied once per layout version, so an admin's later adjustments are kept.
 *
 * The labels stored here are the English defaults; the admin shows the translation of
 * `content-manager.content-types.<uid>.<field>` (the after-sales plugin registers them in en and
 * zh-Hans, see admin/src/translations/content-manager/).
 */
const LAYOUT_VERSION = 10;
const READ_ONLY = [
  'reference',
  'state',
  'version',
  'acknowledgeBy',
  'respondBy',
  'rootCauseBy',
  'resolveBy',
  'callbackBy',
  'archiveBy',
  'acknowledgedAt',
  'resolvedAt',
  'closedAt',
  'agreedAt',
  'callbackAt',
  'signedAt',
  'archivedAt',
  'reopenCount',
  'approvals',
  'issueKey',
  'month',
  'occurrences',
  'internallyVerifiedAt',
  'customerVerifiedAt',
  'privacyState',
  'anonymisedAt',
  // Care calls: opened by the care extension's job, logged from the care-call queue (a workflow action).
  'summary',
  'dueOn',
  'callBy',
  'outcome',
  'outcomeNote',
  'calledAt',
  'nextCallOn',
  'openKey',
];
/** Read-only in one content type only (a care plan's `segment` is typed; a customer's is given by the rules). */
const READ_ONLY_IN: Record<string, string[]> = {
  'api::customer.customer': ['segment', 'segmentReason'],
};
/**
 * Not in the edit forms of types without their own layout: the customers' votes are counted on the
 * published article while the form shows the draft, so the knowledge article's side panel
 * (KnowledgeVotesPanel) shows the published counts instead.
 */
const NOT_IN_FORMS = ['helpfulCount', 'notHelpfulCount'];
const LIST_COLUMNS: Record<string, string[]> = {
  // What the customer said, who has it and the deadline staff work to (the escalation level is in
  // the dashboard's lists: it is not a field of the item).
  'api::feedback.feedback': ['reference', 'state', 'severity', 'symptom', 'customer', 'assignee', 'resolveBy', 'createdAt'],
  'api::complaint.complaint': ['reference', 'state', 'seriousness', 'description', 'customer', 'assignee', 'resolveBy', 'createdAt'],
  'api::service-record.service-record': ['reference', 'kind', 'state', 'customer', 'technician', 'scheduledAt', 'archiveBy'],
  'api::customer.customer': ['name', 'company', 'segment', 'createdAt'],
  'api::knowledge-article.knowledge-article': ['title', 'category', 'updatedAt'],
  'api::improvement-record.improvement-record': ['reference', 'state', 'title', 'month', 'occurrences', 'createdAt'],
  'api::care-plan.care-plan': ['name', 'segment', 'customer', 'every', 'unit', 'channel', 'active'],
  'api::care-call.care-call': ['reference', 'state', 'summary', 'dueOn', 'assignee', 'outcome', 'nextCallOn'],
  'api::office.office': ['name', 'code', 'region', 'head'],
};

/** What a relation to a type without a reference shows: an office by its name (办事处名称), not its code. */
const MAIN_FIELDS: Record<string, string> = { 'api::office.office': 'name' };

/**
 * Edit forms (also the create form and the relation pop-up's form), row by row as
 * `[field, width of 12]`. A field not listed is not shown: the server owns it.
 */
type Row = [string, number][];
export const EDIT_LAYOUTS: Record<string, Row[]> = {
  // "Call every key customer once a month": a segment's plan, or one customer's own plan replacing it.
  'api::care-plan.care-plan': [
    [
      ['name', 6],
      ['active', 6],
    ],
    [
      ['segment', 6],
      ['customer', 6],
    ],
    [
      ['every', 4],
      ['unit', 4],
      ['retryAfterDays', 4],
    ],
    [
      ['channel', 4],
      ['assignee', 4],
      ['department', 4],
    ],
  ],
  'api::care-call.care-call': [
    [
      ['reference', 6],
      ['summary', 6],
    ],
    [
      ['customer', 6],
      ['carePlan', 6],
    ],
    [
      ['dueOn', 4],
      ['callBy', 4],
      ['channel', 4],
    ],
    [
      ['assignee', 6],
      ['department', 6],
    ],
    [
      ['outcome', 4],
      ['calledAt', 4],
      ['nextCallOn', 4],
    ],
    [['outcomeNote', 12]],
    [['feedback', 6]],
  ],
  'api::feedback.feedback': [
    [
      ['reference', 6],
      ['channel', 6],
    ],
    [
      ['customer', 6],
      ['product', 4],
      ['batch', 2],
    ],
    [['symptom', 12]],
    [
      ['scenario', 8],
      ['frequency', 4],
    ],
    [['expectedSolution', 12]],
    [
      ['severity', 4],
      ['type', 4],
      ['isKnownIssue', 2],
      ['needsRnd', 2],
    ],
    [
      ['department', 4],
      ['office', 4],
      ['assignee', 4],
    ],
    [['rootCause', 12]],
    [
      ['shortTermFix', 6],
      ['longTermPlan', 6],
    ],
    [['resolutionSummary', 12]],
    [
      ['satisfactionScore', 4],
      ['satisfactionComment', 8],
    ],
    [
      ['knowledgeArticle', 6],
      ['duplicateOf', 6],
    ],
    [['rejectionReason', 12]],
  ],
  'api::complaint.complaint': [
    [
      ['reference', 6],
      ['channel', 6],
    ],
    [
      ['customer', 6],
      ['product', 6],
    ],
    [
      ['orderNumber', 4],
      ['orderDate', 4],
      ['productVersion', 4],
    ],
    [
      ['quantity', 3],
      ['price', 3],
      ['deliveryDate', 3],
      ['salesHandler', 3],
    ],
    [['description', 12]],
    [['customerDemand', 12]],
    [
      ['seriousness', 4],
      ['cause', 4],
      ['feedback', 4],
    ],
    [
      ['department', 4],
      ['office', 4],
      ['assignee', 4],
    ],
    [
      ['responsibleDepartment', 6],
      ['responsiblePerson', 6],
    ],
    [['ourFault', 4]],
    [['evidence', 12]],
    [['explanation', 12]],
    [['resolutionPlan', 12]],
    [['approvals', 12]],
    [
      ['agreedBy', 4],
      ['agreedVia', 4],
      ['agreedAt', 4],
    ],
    [['preventionMeasure', 12]],
    [
      ['callbackOutcome', 6],
      ['callbackAt', 6],
    ],
    [['duplicateOf', 6]],
  ],
  'api::service-record.service-record': [
    [
      ['reference', 6],
      ['kind', 6],
    ],
    [
      ['customer', 6],
      ['product', 6],
    ],
    [
      ['serialNumber', 4],
      ['batch', 4],
      ['purchaseDate', 4],
    ],
    [
      ['feedback', 6],
      ['complaint', 6],
    ],
    [
      ['department', 4],
      ['technician', 4],
      ['scheduledAt', 4],
    ],
    // The office that accepted a return or an exchange, or handles the service locally.
    [['office', 6]],
    [['findings', 12]],
    [['actions', 12]],
    [
      ['partsUsed', 6],
      ['returnedAt', 6],
    ],
    [['result', 12]],
    [['customerOpinion', 12]],
    [['customerSignature', 6]],
    [
      ['eligibility', 4],
      ['eligibilityNote', 8],
    ],
    [['duplicateOf', 6]],
  ],
  'api::customer.customer': [
    [
      ['name', 6],
      ['company', 6],
    ],
    [
      ['phone', 4],
      ['email', 4],
      ['wechat', 4],
    ],
    [['address', 12]],
    // Not the customer's language (`locale`): Strapi 5 reserves that name for its own i18n column
    // (a hidden string), so the Content Manager drops it from the form at the next start.
    [
      ['preferredChannel', 6],
      ['serviceContract', 6],
    ],
    // The segment is given by the rules (or by hand, with a reason, on the customer page): shown, not typed.
    [
      ['segment', 4],
      ['segmentReason', 8],
    ],
    [['contactConsent', 6]],
    [['notes', 12]],
    [
      ['feedbacks', 4],
      ['complaints', 4],
      ['serviceRecords', 4],
    ],
  ],
};

const humanize = (name: string) => {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/Rnd/, 'R&D')
    .toLowerCase();
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
    const editRows = EDIT_LAYOUTS[uid];
    const shown = editRows ? new Set(editRows.flat().map(([name]) => name)) : null;
    for (const [field, meta] of Object.entries(metadatas) as [string, any][]) {
      const label = field === 'id' ? 'ID' : humanize(field);
      metadatas[field] = {
        edit: meta.edit
          ? {
              ...meta.edit,
              label,
              description: meta.edit.description ?? '',
              placeholder: meta.edit.placeholder ?? '',
              visible: shown ? shown.has(field) : meta.edit.visible,
              editable: READ_ONLY.includes(field) || READ_ONLY_IN[uid]?.includes(field) ? false : meta.edit.editable,
            }
          : meta.edit,
        list: meta.list ? { ...meta.list, label } : meta.list,
      };
    }
    const list = columns.filter((c) => c in metadatas);
    const referenceFirst = (rows: { name: string; size: number }[][]) => {
      const owned = rows.flat().filter((f) => ['reference', 'state'].includes(f.name));
      const rest = rows.map((row) => row.filter((f) => !['reference', 'state', 'version', ...NOT_IN_FORMS].includes(f.name))).filter((row) => row.length);
      return owned.length ? [owned.map((f) => ({ ...f, size: 6 })), ...rest] : rest;
    };
    const edit = editRows
      ? editRows.map((row) => row.filter(([name]) => name in contentType.attributes).map(([name, size]) => ({ name, size }))).filter((row) => row.length)
      : referenceFirst(configuration.layouts.edit);
    await service.updateConfiguration(contentType, {
      settings: {
        ...configuration.settings,
        mainField: 'reference' in metadatas ? 'reference' : (MAIN_FIELDS[uid] ?? configuration.settings.mainField),
        defaultSortBy: 'createdAt',
        defaultSortOrder: 'DESC',
      },
      metadatas,
      layouts: { ...configuration.layouts, list, edit },
    });
  }
  await store.set({ value: { version: LAYOUT_VERSION } });
};
