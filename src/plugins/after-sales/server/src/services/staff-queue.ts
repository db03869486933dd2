import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { getService } from '../utils/get-service';
import { HttpError, type FieldError } from '../utils/http-errors';

/** The collections staff list, with the due dates that make an item overdue while its completion field is empty. */
const COLLECTIONS: Record<string, { uid: string; deadlines: [string, string][]; severityField?: string }> = {
  feedback: { uid: CONTENT_TYPES.feedback, deadlines: [['acknowledgeBy', 'acknowledgedAt'], ['resolveBy', 'resolvedAt'], ['callbackBy', 'closedAt']], severityField: 'severity' },
  complaints: { uid: CONTENT_TYPES.complaint, deadlines: [['resolveBy', 'closedAt']] },
  'service-records': { uid: CONTENT_TYPES.serviceRecord, deadlines: [['archiveBy', 'archivedAt']] },
};

const ALLOWED_PARAMS = new Set(['state', 'department', 'assignee', 'severity', 'overdue', 'product', 'batch', 'from', 'to', 'page', 'pageSize', 'sort']);
const SORTABLE = new Set(['createdAt', 'updatedAt', 'reference', 'severity', 'state']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export interface StaffScope {
  allDepartments: boolean;
  departmentIds: number[];
  contactData: boolean;
}

/**
 * Filtered, department-scoped, paginated lists of feedback, complaints and service records for
 * staff tools calling the content API. Contact data in full only for callers allowed to see it;
 * the others get the phone and email masked (`138****8000`, `w***@example.cn`).
 */
const staffQueue = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Who may see what: API tokens see every department (contact data only with full access); users per their staff profile. */
  async scopeFor(ctx: any): Promise<StaffScope> {
    const auth = ctx.state?.auth;
    if (auth?.strategy?.name === 'api-token') {
      return { allDepartments: true, departmentIds: [], contactData: auth.credentials?.type === 'full-access' };
    }
    const user = ctx.state?.user;
    const profile = user
      ? await strapi.db.query('plugin::after-sales.staff-profile').findOne({ where: { user: user.id }, populate: { departments: { select: ['id'] } } })
      : null;
    if (!profile) throw new HttpError(403, 'This user has no staff profile (Content Manager → Staff profile)');
    return { allDepartments: !!profile.seesAllDepartments, departmentIds: profile.departments.map((d: { id: number }) => d.id), contactData: !!profile.seesContactData };
  },

  async list(collection: string, query: Record<string, unknown>, scope: StaffScope) {
    const spec = COLLECTIONS[collection];
    if (!spec) throw new HttpError(404, `No staff list "${collection}" (feedback, complaints, service-records)`);
    const errors: FieldError[] = [];
    const one = (name: string): string | undefined => {
      const value = query[name];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.length > 200 || value.includes('\u0000')) {
        errors.push({ path: [name], message: 'must be a single text value' });
        return undefined;
      }
      return value;
    };
    for (const key of Object.keys(query)) if (!ALLOWED_PARAMS.has(key)) errors.push({ path: [key], message: 'is not a known parameter' });

    const where: Record<string, unknown>[] = [];
    const workflow = getService(strapi, 'workflow').definitionFor(spec.uid);
    const states = one('state')?.split(',');
    if (states) {
      const known = new Set(workflow?.states.map((s) => s.id) ?? []);
      const unknown = states.filter((s) => !known.has(s));
      if (unknown.length) errors.push({ path: ['state'], message: `unknown state ${unknown.join(', ')}` });
      where.push({ state: { $in: states } });
    }
    const departments = one('department')?.split(',');
    if (departments) where.push({ department: { code: { $in: departments } } });
    const assignee = one('assignee');
    if (assignee !== undefined && spec.uid !== CONTENT_TYPES.serviceRecord) {
      if (assignee === 'unassigned') where.push({ assignee: { id: { $null: true } } });
      else if (/^\d+$/.test(assignee)) where.push({ assignee: { id: Number(assignee) } });
      else errors.push({ path: ['assignee'], message: 'must be an admin user id or "unassigned"' });
    }
    const severity = one('severity');
    if (severity !== undefined) {
      if (!spec.severityField) errors.push({ path: ['severity'], message: `does not apply to ${collection}` });
      else if (!['urgent', 'important', 'general', 'suggestion'].includes(severity)) errors.push({ path: ['severity'], message: 'must be urgent, important, general or suggestion' });
      else where.push({ severity });
    }
    const overdue = one('overdue');
    if (overdue !== undefined) {
      if (overdue !== 'true' && overdue !== 'false') errors.push({ path: ['overdue'], message: 'must be true or false' });
      else {
        const now = getService(strapi, 'clock').now();
        const late = { $or: spec.deadlines.map(([due, done]) => ({ [due]: { $lt: now }, [done]: { $null: true } })) };
        const open = workflow ? { state: { $notIn: workflow.states.filter((s) => s.category === 'done').map((s) => s.id) } } : {};
        where.push(overdue === 'true' ? { $and: [late, open] } : { $not: { $and: [late, open] } });
      }
    }
    const product = one('product');
    if (product !== undefined) where.push({ product: { modelCode: product } });
    const batch = one('batch');
    if (batch !== undefined) {
      if (spec.uid === CONTENT_TYPES.complaint) errors.push({ path: ['batch'], message: 'does not apply to complaints' });
      else where.push({ batch });
    }
    for (const [name, op] of [['from', '$gte'], ['to', '$lt']] as const) {
      const value = one(name);
      if (value === undefined) continue;
      if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) errors.push({ path: [name], message: 'must be an ISO date' });
      else where.push({ createdAt: { [op]: new Date(value) } });
    }
    const page = Number(one('page') ?? 1);
    const pageSize = Number(one('pageSize') ?? 25);
    if (!Number.isInteger(page) || page < 1 || page > 100000) errors.push({ path: ['page'], message: 'must be a whole number from 1' });
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) errors.push({ path: ['pageSize'], message: 'must be a whole number from 1 to 100' });
    const [sortField, sortOrder = 'desc'] = (one('sort') ?? 'createdAt:desc').split(':');
    if (!SORTABLE.has(sortField) || !['asc', 'desc'].includes(sortOrder)) errors.push({ path: ['sort'], message: `must be one of ${[...SORTABLE].join(', ')} with :asc or :desc` });
    if (errors.length) throw HttpError.invalid(errors);

    if (!scope.allDepartments) where.push({ department: { id: { $in: scope.departmentIds.length ? scope.departmentIds : [-1] } } });
    const filter = { $and: where };
    const customerFields = ['name', 'company', 'segment', 'locale', 'phone', 'email', ...(scope.contactData ? ['wechat'] : [])];
    const populate: Record<string, unknown> = {
      customer: { select: ['documentId', ...customerFields] },
      product: { select: ['documentId', 'modelCode', 'name'] },
      department: { select: ['documentId', 'code', 'name'] },
    };
    if (spec.uid !== CONTENT_TYPES.serviceRecord) populate.assignee = { select: ['id', 'firstname', 'lastname'] };
    else populate.technician = { select: ['id', 'firstname', 'lastname'] };
    const [rows, total] = await Promise.all([
      strapi.db.query(spec.uid as any).findMany({ where: filter, populate, orderBy: [{ [sortField]: sortOrder }, { id: 'desc' }], limit: pageSize, offset: (page - 1) * pageSize }),
      strapi.db.query(spec.uid as any).count({ where: filter }),
    ]);
    const hidden = new Set(['trackingTokenHash', 'createdBy', 'updatedBy', 'publishedAt', 'locale']);
    const data = rows.map((row: Record<string, any>) => {
      const item = Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.has(k)));
      if (row.customer && !scope.contactData) item.customer = getService(strapi, 'privacy').maskCustomer(row.customer);
      for (const person of ['assignee', 'technician']) {
        if (row[person]) item[person] = { id: row[person].id, name: [row[person].firstname, row[person].lastname].filter(Boolean).join(' ') };
      }
      return item;
    });
    return { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
  },
});

export default staffQueue;
