/**
 * The contribution points an extension may declare under `contributes`, each with the JSON schema
 * its entries must satisfy. Points consumed by later features (SLA, messages, reports…) are declared
 * here so that manifests using them validate today.
 */
const localized = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['en'], properties: { en: { type: 'string' }, 'zh-Hans': { type: 'string' } } },
  ],
};
const id = { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$' };
const condition = { type: 'object' };
const setValues = {
  type: 'object',
  additionalProperties: {
    anyOf: [
      { type: ['string', 'number', 'boolean', 'null'] },
      { type: 'object', required: ['$now'], properties: { $now: { const: true } }, additionalProperties: false },
      { type: 'object', required: ['$increment'], properties: { $increment: { type: 'number' } }, additionalProperties: false },
    ],
  },
};

const workflow = {
  type: 'object',
  required: ['id', 'title', 'contentType', 'initialState', 'states', 'transitions'],
  additionalProperties: false,
  properties: {
    id,
    title: localized,
    contentType: { type: 'string', pattern: '^(api|plugin)::[a-z0-9-]+\\.[a-z0-9-]+$' },
    stateField: { type: 'string' },
    initialState: { type: 'string' },
    states: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'title', 'category'],
        additionalProperties: false,
        properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' }, title: localized, category: { enum: ['new', 'open', 'paused', 'done'] } },
      },
    },
    transitions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'from'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
          title: localized,
          from: { type: 'array', minItems: 1, items: { type: 'string' } },
          to: { type: 'string' },
          branches: { type: 'array', minItems: 1, items: { type: 'object', required: ['to'], additionalProperties: false, properties: { when: condition, to: { type: 'string' }, set: setValues } } },
          fields: { type: 'array', items: { type: 'string' } },
          requiredFields: { type: 'array', items: { type: 'string' } },
          requires: {
            type: 'array',
            items: { type: 'object', required: ['condition', 'field', 'message'], additionalProperties: false, properties: { condition, field: { type: 'string' }, message: { type: 'string' } } },
          },
          availableWhen: condition,
          set: setValues,
          noteRequired: { type: 'boolean' },
          notifyDepartment: { type: 'string' },
          approval: {
            type: 'object',
            required: ['field', 'departments', 'decision'],
            additionalProperties: false,
            properties: {
              field: { type: 'string' },
              departments: { type: 'array', minItems: 1, items: { type: 'string' } },
              departmentsSetting: { type: 'string' },
              decision: { enum: ['approved', 'rejected'] },
            },
          },
          permission: id,
        },
      },
    },
  },
};

const action = {
  type: 'object',
  required: ['id', 'kind', 'workflow', 'actions'],
  additionalProperties: false,
  properties: {
    id,
    kind: { enum: ['guard', 'effect', 'after'] },
    workflow: { type: 'string' },
    actions: { type: 'array', minItems: 1, items: { type: 'string' } },
    title: localized,
    description: { type: 'string' },
  },
};

const permission = {
  type: 'object',
  required: ['id', 'title'],
  additionalProperties: false,
  properties: { id, title: localized, category: { type: 'string' } },
};

const configuration = {
  type: 'object',
  required: ['properties'],
  additionalProperties: false,
  properties: {
    title: localized,
    properties: {
      type: 'object',
      propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)*$' },
      additionalProperties: {
        type: 'object',
        required: ['type', 'default'],
        properties: {
          type: { enum: ['string', 'integer', 'number', 'boolean', 'array', 'object'] },
          default: {},
          label: localized,
          description: localized,
          enumLabels: { type: 'object', additionalProperties: localized },
        },
      },
    },
  },
};

const classifier = {
  type: 'object',
  required: ['id', 'rules'],
  additionalProperties: false,
  properties: {
    id,
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['keywords', 'suggest'],
        additionalProperties: false,
        properties: {
          keywords: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          suggest: {
            type: 'object',
            additionalProperties: false,
            properties: {
              type: { enum: ['quality', 'suggestion', 'service-complaint', 'usage-question', 'praise'] },
              severity: { enum: ['urgent', 'important', 'general', 'suggestion'] },
              department: { type: 'string' },
              complex: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
};

/** What one kind of work item means (domain/item-kinds/item-kind.ts), declared beside its workflow. */
const fieldName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' };
const itemKind = {
  type: 'object',
  required: ['id', 'contentType', 'referencePrefix'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    title: localized,
    contentType: { type: 'string', pattern: '^(api|plugin)::[a-z0-9-]+\\.[a-z0-9-]+$' },
    referencePrefix: { type: 'string', pattern: '^[A-Z]{2,4}$' },
    collection: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    ownerField: fieldName,
    departmentField: fieldName,
    assigneeField: fieldName,
    severity: {
      type: 'object',
      required: ['field', 'ladder'],
      additionalProperties: false,
      properties: { field: fieldName, ladder: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
    },
    summaryField: fieldName,
    customerField: fieldName,
    clocks: {
      type: 'array',
      items: { type: 'object', required: ['field'], additionalProperties: false, properties: { field: fieldName, stoppedBy: fieldName, title: localized } },
    },
    customerWords: { type: 'array', items: fieldName },
    tracking: { type: 'object', required: ['dueDates'], additionalProperties: false, properties: { dueDates: { type: 'array', items: fieldName } } },
    intake: {
      type: 'object',
      required: ['kind'],
      additionalProperties: false,
      properties: { kind: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' }, fields: { type: 'object', additionalProperties: fieldName } },
    },
  },
};

/** Entries of points that later features consume: an id and whatever that feature defines. */
const entryWithId = { type: 'object', required: ['id'], properties: { id } };

/** A message channel: its id (the `channel` of templates and outbox rows) and the name staff see. */
const channel = { type: 'object', required: ['id', 'title'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' }, title: localized } };
/** A report section or dashboard widget: data from a handler the extension registers under this id. */
const section = { type: 'object', required: ['id', 'title'], additionalProperties: false, properties: { id, title: localized, description: localized } };

export const CONTRIBUTION_POINTS = {
  workflows: { type: 'array', items: workflow },
  itemKinds: { type: 'array', items: itemKind },
  actions: { type: 'array', items: action },
  permissions: { type: 'array', items: permission },
  configuration,
  slaPolicies: { type: 'array', items: entryWithId },
  calendars: { type: 'array', items: entryWithId },
  templates: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'zh-Hans'],
      properties: {
        id,
        sendOn: { type: 'object', required: ['workflow', 'action'], additionalProperties: false, properties: { workflow: { type: 'string' }, action: { type: 'string' }, to: { type: 'string' } } },
        channels: { type: 'array', items: { type: 'string' } },
        'zh-Hans': { type: 'object', required: ['subject', 'body'], properties: { subject: { type: 'string' }, body: { type: 'string' } } },
        en: { type: 'object', required: ['subject', 'body'], properties: { subject: { type: 'string' }, body: { type: 'string' } } },
        // The text for another channel (an SMS body is short and has no subject), by channel id.
        perChannel: {
          type: 'object',
          propertyNames: { pattern: '^[a-z][a-z0-9-]{0,39}$' },
          additionalProperties: {
            type: 'object',
            required: ['zh-Hans'],
            additionalProperties: false,
            properties: {
              'zh-Hans': { type: 'object', required: ['body'], additionalProperties: false, properties: { subject: { type: 'string' }, body: { type: 'string' } } },
              en: { type: 'object', required: ['body'], additionalProperties: false, properties: { subject: { type: 'string' }, body: { type: 'string' } } },
            },
          },
        },
      },
    },
  },
  channels: { type: 'array', items: channel },
  classifiers: { type: 'array', items: classifier },
  reports: { type: 'array', items: section },
  widgets: { type: 'array', items: section },
  panels: { type: 'array', items: entryWithId },
  /** Admin settings pages (Settings → After-sales), registered by the admin under these ids. */
  settingsPages: { type: 'array', items: entryWithId },
} as const;

export type ContributionPoint = keyof typeof CONTRIBUTION_POINTS;
const ACTIVATION_EVENT_PATTERN = '^(\\*|onStartup|onContentType:[a-z]+::[a-z0-9-]+\\.[a-z0-9-]+|onAction:[a-z][a-z0-9-]*|onSchedule:[a-z][a-z0-9.-]*)$';

export const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['id', 'engines'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9.-]*$' },
    version: { type: 'string' },
    displayName: localized,
    description: { type: 'string' },
    engines: { type: 'object', required: ['afterSales'], properties: { afterSales: { type: 'string' } } },
    main: { type: 'string' },
    activationEvents: { type: 'array', items: { type: 'string', pattern: ACTIVATION_EVENT_PATTERN } },
    extensionDependencies: { type: 'array', items: { type: 'string' } },
    extensionPack: { type: 'array', items: { type: 'string' } },
    contributes: { type: 'object', additionalProperties: false, properties: CONTRIBUTION_POINTS },
  },
};
