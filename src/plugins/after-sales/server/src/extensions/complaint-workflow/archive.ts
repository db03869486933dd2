import type { Core } from '@strapi/strapi';
import { monthRange } from '../../domain/reports/month-range';
import { monthOf } from '../../domain/front-desk/backlog';
import { maskContactsInText } from '../../domain/privacy/mask';
import { groupArchive, type ArchiveGrouping, type ArchiveRow } from '../../domain/reports/complaint-archive';
import type { AfterSalesApiV1 } from '../../extension-api';

const UID = 'api::complaint.complaint';
/** More complaints than this in one list is refused: choose a shorter period. */
export const MAX_ARCHIVE_ROWS = 5000;

/** A complaint as the archive reads it through the query layer (relations as populated below). */
interface ArchivedComplaint {
  documentId: string;
  reference?: string | null;
  createdAt: string;
  state: string;
  seriousness?: string | null;
  cause?: string | null;
  customer?: { documentId?: string | null; name?: string | null; company?: string | null; phone?: string | null; email?: string | null; address?: string | null } | null;
  product?: { modelCode?: string | null; name?: string | null; category?: string | null } | null;
  orderNumber?: string | null;
  orderDate?: string | null;
  productVersion?: string | null;
  quantity?: number | null;
  deliveryDate?: string | null;
  /** A decimal, which PostgreSQL returns as text. */
  price?: number | string | null;
  salesHandler?: string | null;
  description?: string | null;
  customerDemand?: string | null;
  responsibleDepartment?: { code?: string | null; name?: string | null } | null;
  responsiblePerson?: string | null;
  resolutionPlan?: string | null;
  agreedBy?: string | null;
  agreedVia?: string | null;
  agreedAt?: string | null;
  closedAt?: string | null;
  callbackOutcome?: string | null;
  preventionMeasure?: string | null;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The complaints registered from the first day of `from` to the last of `to` (business time zone),
 * grouped as asked. The customer's contact data is read through the privacy rules' guard, with the
 * caller's access (full, masked or hidden per field, as in the Content Manager); contact data quoted
 * in the complaint's texts is masked unless the caller reads contact data in full.
 */
export const complaintArchive = async (strapi: Core.Strapi, api: AfterSalesApiV1, query: { from: string; to: string; by: ArchiveGrouping; locale: 'en' | 'zh-Hans' }, access: unknown) => {
  const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const start = monthRange(query.from, timeZone).start;
  const end = monthRange(query.to, timeZone).end;
  const where = { createdAt: { $gte: start.toISOString(), $lt: end.toISOString() } };
  const total = await strapi.db.query(UID).count({ where });
  if (total > MAX_ARCHIVE_ROWS) return { ok: false as const, total };
  const records = await strapi.db.query(UID).findMany({
    where,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    populate: {
      customer: { select: ['documentId', 'name', 'company', 'phone', 'email', 'address'] },
      product: { select: ['modelCode', 'name', 'category'] },
      responsibleDepartment: { select: ['code', 'name'] },
    },
  });
  const workflow = api.workflow.definition('complaint');
  const stateTitle = (state: string) => {
    const title = workflow?.states.find((s) => s.id === state)?.title;
    return !title ? state : typeof title === 'string' ? title : (title[query.locale] ?? title.en);
  };
  const full = api.contactData.isFull(access);
  const free = (value: unknown) => (full ? text(value) : maskContactsInText(text(value)));
  const rows: ArchiveRow[] = (records as ArchivedComplaint[]).map((r) => {
    const customer = r.customer ? api.contactData.guard(r.customer, access) : null;
    return {
      documentId: r.documentId,
      reference: r.reference ?? null,
      registeredAt: iso(r.createdAt)!,
      month: monthOf(r.createdAt, timeZone),
      state: r.state,
      stateTitle: stateTitle(r.state),
      seriousness: r.seriousness ?? null,
      cause: r.cause ?? null,
      customer: {
        documentId: customer?.documentId ?? null,
        name: text(customer?.name),
        company: text(customer?.company),
        phone: text(customer?.phone),
        email: text(customer?.email),
        address: text(customer?.address),
      },
      product: { model: text(r.product?.modelCode), name: text(r.product?.name), category: text(r.product?.category) },
      orderNumber: text(r.orderNumber),
      orderDate: text(r.orderDate),
      productVersion: text(r.productVersion),
      quantity: r.quantity ?? null,
      deliveryDate: text(r.deliveryDate),
      price: r.price === null || r.price === undefined ? null : Number(r.price),
      salesHandler: text(r.salesHandler),
      description: free(r.description),
      customerDemand: free(r.customerDemand),
      responsibleDepartment: text(r.responsibleDepartment?.name),
      responsiblePerson: text(r.responsiblePerson),
      resolutionPlan: free(r.resolutionPlan),
      agreedBy: text(r.agreedBy),
      agreedVia: r.agreedVia ?? null,
      agreedAt: iso(r.agreedAt),
      closedAt: iso(r.closedAt),
      callbackOutcome: r.callbackOutcome ?? null,
      preventionMeasure: free(r.preventionMeasure),
    };
  });
  return { ok: true as const, total, groups: groupArchive(rows, query.by) };
};
