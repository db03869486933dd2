import type { Core } from '@strapi/strapi';

type Crud = 'create' | 'read' | 'update' | 'delete' | 'publish';

/**
 * The demo organisation's admin roles, named in Chinese for the team the demo is for (Strapi's own
 * pages show a role's stored name; the Departments page names them in each user's language). Each lists the content types it may touch in the
 * Content Manager and the fields it may not see (contact data stays with roles that call customers).
 */
export interface DemoRole {
  name: string;
  code: string;
  description: string;
  grants: Record<string, Crud[]>;
  hiddenFields?: Record<string, string[]>;
  extraActions?: string[];
  /** Conditions on a subject's Content Manager permissions (they are OR-ed, as Strapi does). */
  conditions?: Record<string, string[]>;
  /** More conditions for reading only (e.g. the case owner reads a case handed to another department). */
  readConditions?: Record<string, string[]>;
  /** Workflow actions, as `<workflow>.<action>` or `<workflow>.*`, each with the conditions that limit it. */
  workflowActions?: { actions: string[]; conditions?: string[] }[];
  /** The department the demo user belongs to (none: an office's staff, who see their office's items, not a department's). */
  user: { email: string; firstname: string; lastname: string; department?: string; isHead?: boolean; office?: string };
}

const CONTACT_FIELDS = ['phone', 'email', 'wechat', 'address', 'notes', 'phoneNormalized', 'emailNormalized'];
const ALWAYS_HIDDEN: Record<string, string[]> = {
  'api::customer.customer': ['phoneNormalized', 'emailNormalized'],
};
const UPLOAD = ['plugin::upload.read', 'plugin::upload.assets.create', 'plugin::upload.assets.update', 'plugin::upload.assets.download', 'plugin::upload.assets.copy-link'];

/** Contact data in full (reveal with a reason), customer export, erasure, the access audit, retention. */
const PRIVACY_OFFICER = ['view-contact-data', 'export', 'erase', 'audit.read', 'retention'].map((a) => `plugin::after-sales.privacy.${a}`);

const uid = (name: string) => `api::${name}.${name}`;
const MY_DEPARTMENT = 'plugin::after-sales.in-my-department';
const NO_DEPARTMENT = 'plugin::after-sales.without-department';
const MY_CASE = 'plugin::after-sales.is-my-case';
const MY_OFFICE = 'plugin::after-sales.in-my-office';
/** What the person who took a case still does after handing it to another department: read it, add notes, the callback; and the short paths of the call they took (answer, thank, collect a suggestion). */
const CASE_OWNER_ACTIONS = [
  'feedback.add-note',
  'feedback.answer-and-close',
  'feedback.thank-and-close',
  'feedback.collect-suggestion',
  'feedback.start-callback',
  'feedback.record-satisfaction',
  'feedback.close',
  'complaint.add-note',
  'complaint.confirm',
  'service-record.add-note',
];
/** Reveal a customer's phone or email with a reason (audited) to call them back, without seeing contact data in the Content Manager. */
const REVEAL_TO_CALL = 'plugin::after-sales.privacy.reveal';
/** The case screen: reply to the customer and add internal notes. */
const CASE_CONVERSATION = ['plugin::after-sales.case.reply', 'plugin::after-sales.case.note'];
/** SLA calendars and policies: read and edit. */
const SLA_SETTINGS = ['plugin::after-sales.sla.settings.read', 'plugin::after-sales.sla.settings.manage'];
/** Register feedback heard by phone, at a service point or on site (the front desk's page). */
const REGISTER_CASES = 'plugin::after-sales.cases.register';
/** The queue page: views, saved views, bulk actions, search (each item by its own permissions); the tag list. */
const WORK_QUEUES = 'plugin::after-sales.queues.read';
/** Open and write problem analysis reports (issue #25); write the improvement plan's actions and link items to an issue. */
const ANALYSIS_WRITE = 'plugin::after-sales.analysis-reports.write';
const IMPROVEMENT_PLAN = 'plugin::after-sales.improvement.plan';
const MANAGE_TAGS = 'plugin::after-sales.tags.manage';
/** Field actions and recalls from an improvement record (issue #25): start one; record how each unit ended. */
const FIELD_ACTIONS_START = 'plugin::after-sales.field-actions.start';
const FIELD_ACTIONS_FOLLOW = 'plugin::after-sales.field-actions.follow';
/** The care-call queue: the due care calls of the customers' care plans, logged with their outcome. */
const CARE_CALLS = 'plugin::after-sales.care.calls';
/** Customer segments (the segments extension): the win-back list (agents call those customers); editing segments and choosing one by hand. */
const WIN_BACK = 'plugin::after-sales.segments.win-back';
const MANAGE_SEGMENTS = 'plugin::after-sales.segments.manage';
/** The supervisor's view: a head sees the departments they head (the service scopes it); a manager every department. */
const SUPERVISE_MY_DEPARTMENTS = 'plugin::after-sales.supervisor.read';
const SUPERVISE_ALL = ['plugin::after-sales.supervisor.read', 'plugin::after-sales.supervisor.read-all'];
/** Loyalty (NPS) surveys: send a campaign, read the results by segment and month. */
const LOYALTY = 'plugin::after-sales.loyalty.surveys';
/** Beta tests of a fix and the internal verification of its test cases (the beta-tests extension). */
const BETA_INVITE = 'plugin::after-sales.beta-tests.invite';
const BETA_VERIFY = 'plugin::after-sales.beta-tests.verify';
const DEPARTMENT_ITEMS = ['feedback', 'complaint', 'service-record'];
const scoped = (conditions: string[]) => Object.fromEntries(DEPARTMENT_ITEMS.map((name) => [uid(name), conditions]));
const grants = (spec: Record<string, Crud[]>) => Object.fromEntries(Object.entries(spec).map(([name, actions]) => [uid(name), actions]));

/** What a front-line agent does with the cases they may see, in a department (售后客服) or an office (办事处客服). */
const FRONT_LINE_GRANTS = {
  feedback: ['create', 'read', 'update'],
  complaint: ['create', 'read', 'update'],
  'service-record': ['create', 'read', 'update'],
  customer: ['create', 'read', 'update'],
  product: ['read'],
  department: ['read'],
  office: ['read'],
  'knowledge-article': ['read'],
} satisfies Record<string, Crud[]>;
const FRONT_LINE_ACTIONS = [...UPLOAD, 'plugin::after-sales.messages.send', REVEAL_TO_CALL, REGISTER_CASES, ...CASE_CONVERSATION, WORK_QUEUES];

export const DEMO_ROLES: DemoRole[] = [
  {
    name: '售后客服',
    code: 'after-sales-agent',
    description: '登记、受理并跟进售后部门的客户反馈、投诉和服务记录。Registers, acknowledges and follows feedback, complaints and service records of the after-sales department.',
    grants: grants({ ...FRONT_LINE_GRANTS, 'care-call': ['read', 'update'], 'care-plan': ['read'], 'analysis-report': ['read'] }),
    extraActions: [...FRONT_LINE_ACTIONS, CARE_CALLS, WIN_BACK, ANALYSIS_WRITE, FIELD_ACTIONS_FOLLOW],
    conditions: scoped([MY_DEPARTMENT, NO_DEPARTMENT]),
    readConditions: scoped([MY_CASE]),
    workflowActions: [
      { actions: ['feedback.*', 'complaint.*', 'service-record.*'], conditions: [MY_DEPARTMENT, NO_DEPARTMENT] },
      { actions: CASE_OWNER_ACTIONS, conditions: [MY_CASE] },
      { actions: ['care-call.*'] },
    ],
    user: { email: 'agent@demo.local', firstname: 'Li', lastname: 'Agent', department: 'after-sales' },
  },
  {
    name: '办事处客服',
    code: 'office-agent',
    description:
      '办事处(服务网点)的客服:登记、受理并跟进本办事处收到或在当地处理的反馈、投诉和服务记录,受理退换货。Office staff: register, acknowledge and follow the feedback, complaints and service records their office received or handles locally, and accept returns and exchanges.',
    grants: grants(FRONT_LINE_GRANTS),
    extraActions: FRONT_LINE_ACTIONS,
    conditions: scoped([MY_OFFICE]),
    readConditions: scoped([MY_CASE]),
    workflowActions: [
      { actions: ['feedback.*', 'complaint.*', 'service-record.*'], conditions: [MY_OFFICE] },
      { actions: CASE_OWNER_ACTIONS, conditions: [MY_CASE] },
    ],
    user: { email: 'office@demo.local', firstname: 'Xu', lastname: 'Office', office: 'shanghai', isHead: true },
  },
  {
    name: '售后经理',
    code: 'after-sales-manager',
    description: '管理售后部门:全部事项、分派、报表和配置。Runs the after-sales department: every item, assignments, reports and configuration.',
    grants: grants({
      feedback: ['create', 'read', 'update', 'delete'],
      complaint: ['create', 'read', 'update', 'delete'],
      'service-record': ['create', 'read', 'update', 'delete'],
      customer: ['create', 'read', 'update', 'delete'],
      product: ['create', 'read', 'update'],
      department: ['read', 'update'],
      office: ['create', 'read', 'update'],
      'knowledge-article': ['read'],
      'improvement-record': ['read', 'update'],
      'care-plan': ['create', 'read', 'update', 'delete'],
      'care-call': ['read', 'update'],
      'training-session': ['create', 'read', 'update', 'delete'],
      'analysis-report': ['read', 'update'],
    }),
    extraActions: [
      ...UPLOAD,
      CARE_CALLS,
      ...SUPERVISE_ALL,
      LOYALTY,
      ANALYSIS_WRITE,
      IMPROVEMENT_PLAN,
      FIELD_ACTIONS_START,
      FIELD_ACTIONS_FOLLOW,
      BETA_INVITE,
      BETA_VERIFY,
      'plugin::after-sales.extensions.read',
      'plugin::after-sales.extensions.manage',
      'plugin::after-sales.reports.read',
      'plugin::after-sales.reports.archive',
      // The complaint rate's base: orders and deliveries per unit and month (the complaint-rates extension).
      'plugin::after-sales.complaint-rates.import',
      'plugin::after-sales.messages.send',
      // Duplicate customers: merge and undo (the customers extension).
      'plugin::after-sales.customers.merge',
      'plugin::after-sales.messages.templates',
      ...CASE_CONVERSATION,
      'plugin::after-sales.organisation.manage',
      'plugin::after-sales.improvement.create-from-issue',
      REGISTER_CASES,
      ...SLA_SETTINGS,
      ...PRIVACY_OFFICER,
      WORK_QUEUES,
      MANAGE_TAGS,
      WIN_BACK,
      MANAGE_SEGMENTS,
    ],
    workflowActions: [{ actions: ['feedback.*', 'complaint.*', 'service-record.*', 'improvement.*', 'care-call.*', 'analysis.*'] }],
    user: { email: 'manager@demo.local', firstname: 'Wang', lastname: 'Manager', department: 'after-sales', isHead: true },
  },
  {
    name: '技术工程师',
    code: 'technical-engineer',
    description: '分析需研发处理事项的根本原因并提出解决方案;看不到客户联系方式。Analyses root causes and proposes fixes for items that need R&D. Sees no customer contact data.',
    grants: grants({
      feedback: ['read', 'update'],
      complaint: ['read', 'update'],
      'service-record': ['read', 'update'],
      customer: ['read'],
      product: ['read'],
      department: ['read'],
      'knowledge-article': ['create', 'read', 'update'],
      'improvement-record': ['read', 'update'],
      'training-session': ['read'],
      'analysis-report': ['read', 'update'],
    }),
    hiddenFields: { [uid('customer')]: CONTACT_FIELDS },
    extraActions: [
      ...UPLOAD,
      'plugin::after-sales.case.note',
      REGISTER_CASES,
      WORK_QUEUES,
      SUPERVISE_MY_DEPARTMENTS,
      ANALYSIS_WRITE,
      IMPROVEMENT_PLAN,
      BETA_VERIFY,
      'plugin::after-sales.improvement.create-from-issue',
    ],
    conditions: { [uid('feedback')]: [MY_DEPARTMENT], [uid('service-record')]: [MY_DEPARTMENT] },
    // What they registered in the field, wherever it went.
    readConditions: { [uid('feedback')]: [MY_CASE] },
    workflowActions: [
      { actions: ['feedback.start', 'feedback.wait', 'feedback.resume', 'feedback.resolve', 'service-record.start', 'service-record.complete'], conditions: [MY_DEPARTMENT] },
      { actions: ['complaint.propose-plan', 'complaint.explain', 'complaint.approve-plan', 'complaint.reject-plan'] },
      { actions: ['analysis.*'] },
      {
        actions: [
          'improvement.propose-plan',
          'improvement.approve-plan',
          'improvement.reject-plan',
          'improvement.verify-internally',
          'improvement.verification-failed',
          'improvement.publish-solution',
        ],
      },
    ],
    user: { email: 'engineer@demo.local', firstname: 'Zhang', lastname: 'Engineer', department: 'technical', isHead: true },
  },
  {
    name: '质量工程师',
    code: 'quality-engineer',
    description: '验证解决方案、制定预防措施并负责月度评审;看不到客户联系方式。Verifies fixes, writes prevention measures and owns the monthly review. Sees no customer contact data.',
    grants: grants({
      feedback: ['read', 'update'],
      complaint: ['read', 'update'],
      'service-record': ['read'],
      customer: ['read'],
      product: ['read'],
      department: ['read'],
      'knowledge-article': ['read'],
      'improvement-record': ['read', 'update'],
      'training-session': ['read'],
      'analysis-report': ['read', 'update'],
    }),
    hiddenFields: { [uid('customer')]: CONTACT_FIELDS },
    extraActions: [
      'plugin::upload.read',
      ANALYSIS_WRITE,
      IMPROVEMENT_PLAN,
      BETA_INVITE,
      BETA_VERIFY,
      'plugin::after-sales.case.note',
      'plugin::after-sales.reports.read',
      'plugin::after-sales.reports.archive',
      'plugin::after-sales.improvement.create-from-issue',
      REGISTER_CASES,
      SUPERVISE_MY_DEPARTMENTS,
    ],
    conditions: { [uid('feedback')]: [MY_DEPARTMENT] },
    readConditions: { [uid('feedback')]: [MY_CASE] },
    workflowActions: [
      { actions: ['complaint.approve-plan', 'complaint.reject-plan', 'complaint.close'] },
      { actions: ['analysis.*'] },
      {
        actions: ['improvement.approve-plan', 'improvement.reject-plan', 'improvement.verify-internally', 'improvement.verify-with-customers', 'improvement.verification-failed', 'improvement.close'],
      },
    ],
    user: { email: 'quality@demo.local', firstname: 'Chen', lastname: 'Quality', department: 'quality', isHead: true },
  },
  {
    name: '业务员',
    code: 'sales',
    description:
      '为投诉提供订单信息、与售后共同商议并审批严重投诉的处理方案,维护产品资料。Supplies order facts for complaints, agrees and approves the plan of a serious complaint with after-sales, and maintains products.',
    grants: grants({
      complaint: ['read', 'update'],
      // Only the feedback they registered themselves (they are its case owner).
      feedback: ['read'],
      customer: ['read', 'update'],
      product: ['create', 'read', 'update'],
      department: ['read'],
    }),
    conditions: { [uid('feedback')]: [MY_CASE] },
    extraActions: [REVEAL_TO_CALL, REGISTER_CASES],
    // 001 三.2(3): 售后服务部与业务部共同商议解决办法 … 报各部门审批 — the head of sales approves serious complaints' plans.
    workflowActions: [{ actions: ['complaint.verify', 'complaint.approve-plan', 'complaint.reject-plan'] }],
    user: { email: 'sales@demo.local', firstname: 'Liu', lastname: 'Sales', department: 'sales', isHead: true },
  },
  {
    name: '知识库编辑',
    code: 'knowledge-editor',
    description: '撰写并发布中英文的问题/原因/解决方案文章。Writes and publishes problem / cause / solution articles in zh-Hans and en.',
    grants: grants({
      'knowledge-article': ['create', 'read', 'update', 'delete', 'publish'],
      feedback: ['read'],
      product: ['read'],
      'improvement-record': ['read'],
      'analysis-report': ['read'],
    }),
    extraActions: UPLOAD,
    workflowActions: [{ actions: ['improvement.approve-plan', 'improvement.reject-plan'] }],
    user: { email: 'editor@demo.local', firstname: 'Zhao', lastname: 'Editor', department: 'product', isHead: true },
  },
  {
    name: '产品经理',
    code: 'product-manager',
    description: '每月评审建议池(按产品分组),采纳或不采纳建议,并查看报表。Reviews the suggestions backlog monthly (grouped by product), accepts or declines suggestions and reads the reports.',
    grants: grants({
      feedback: ['read'],
      product: ['read', 'update'],
      department: ['read'],
      'knowledge-article': ['read'],
      'improvement-record': ['read'],
    }),
    hiddenFields: { [uid('customer')]: CONTACT_FIELDS },
    extraActions: ['plugin::after-sales.reports.read'],
    // accept-suggestion / decline-suggestion: the RBAC action `suggestions.review`.
    workflowActions: [{ actions: ['feedback.accept-suggestion', 'feedback.decline-suggestion'] }],
    user: { email: 'pm@demo.local', firstname: 'Sun', lastname: 'PM', department: 'product' },
  },
];

/** Content Manager permissions for a role: every visible field but the hidden ones, for each granted action. */
export const rolePermissions = (strapi: Core.Strapi, role: DemoRole) => {
  const contentTypeService = strapi.service('admin::content-type') as any;
  const permissions: { action: string; subject?: string; properties?: { fields?: string[]; locales?: string[] }; conditions?: string[] }[] = [];
  for (const [subject, actions] of Object.entries(role.grants)) {
    const model = strapi.contentTypes[subject as keyof typeof strapi.contentTypes];
    const hidden = [...(role.hiddenFields?.[subject] ?? []), ...(ALWAYS_HIDDEN[subject] ?? [])];
    const fields: string[] = contentTypeService.getNestedFields(model, { components: strapi.components }).filter((field: string) => !hidden.includes(field.split('.')[0]));
    const localized = (model as any).pluginOptions?.i18n?.localized === true;
    for (const action of actions) {
      const properties: { fields?: string[]; locales?: string[] } = action === 'delete' || action === 'publish' ? {} : { fields };
      if (localized) properties.locales = ['zh-Hans', 'en'];
      const conditions = role.conditions?.[subject] ?? [];
      // Extra read conditions widen a conditioned grant only; an unconditioned one already reads everything.
      const readConditions = action === 'read' && conditions.length ? (role.readConditions?.[subject] ?? []) : [];
      permissions.push({ action: `plugin::content-manager.explorer.${action}`, subject, properties, conditions: [...conditions, ...readConditions] });
    }
  }
  for (const action of role.extraActions ?? []) permissions.push({ action });
  const workflows = strapi.plugin('after-sales').service('workflow').definitions() as { id: string; transitions: { id: string; permission?: string }[] }[];
  // One permission per workflow action: an action granted by several entries holds any of their conditions (none = unconditional).
  const workflowConditions = new Map<string, string[]>();
  for (const grant of role.workflowActions ?? []) {
    for (const pattern of grant.actions) {
      const [workflowId, actionId] = [pattern.slice(0, pattern.lastIndexOf('.')), pattern.slice(pattern.lastIndexOf('.') + 1)];
      const workflow = workflows.find((w) => w.id === workflowId);
      // `<workflow>.*` leaves out actions with a permission of their own (privacy.erase, suggestions.review): those are granted by name.
      const ids = new Set((workflow?.transitions ?? []).filter((t) => (actionId === '*' ? !t.permission : t.id === actionId)).map((t) => t.permission ?? `${workflowId}.${t.id}`));
      for (const id of ids) {
        const before = workflowConditions.get(id);
        const conditions = grant.conditions ?? [];
        workflowConditions.set(id, before === undefined ? conditions : before.length === 0 || conditions.length === 0 ? [] : [...new Set([...before, ...conditions])]);
      }
    }
  }
  for (const [id, conditions] of workflowConditions) permissions.push({ action: `plugin::after-sales.${id}`, conditions });
  return permissions;
};

/** Creates the role if it is missing and (re)assigns its permissions. Returns the role id. */
export const ensureAdminRole = async (strapi: Core.Strapi, role: DemoRole): Promise<number> => {
  const roles = strapi.service('admin::role') as any;
  let existing = await roles.findOne({ code: role.code });
  if (!existing) {
    existing = await roles.create({ name: role.name, code: role.code, description: role.description });
  }
  await roles.assignPermissions(existing.id, rolePermissions(strapi, role));
  return existing.id;
};
