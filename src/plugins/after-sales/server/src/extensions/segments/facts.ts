import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ownedUnits, type UnitSighting } from '../../domain/customers/units';
import { CONTENT_TYPES, TABLES, modelOf, queryOf, type AfterSalesApiV1 } from '../../extension-api';

/** A customer's fields the rules read, as the query layer gives them. */
interface CustomerFields {
  id: number;
  documentId: string;
  name: string;
  company: string | null;
  segment: string | null;
  segmentReason: string | null;
  segmentManual: boolean | null;
  serviceContract: boolean | null;
  preferredChannel: string | null;
  createdAt: string | Date | null;
}
/** An item of a customer, with the fields read for units, purchases and open complaints (by the names its kind gives). */
type CustomerItemFields = Record<string, unknown> & {
  documentId: string;
  state?: string | null;
  createdAt?: string | Date | null;
  batch?: string | null;
  serialNumber?: string | null;
  product?: { modelCode?: string | null } | null;
};

/** What we know of one customer, for the segment rules and the win-back list. */
export interface KnownCustomer {
  id: number;
  documentId: string;
  name: string;
  company: string | null;
  segment: string | null;
  segmentReason: string | null;
  segmentManual: boolean;
  serviceContract: boolean;
  preferredChannel: string | null;
  createdAt: string;
  units: number;
  openComplaints: number;
  lastPurchase: string | null;
  lastContact: string | null;
  scores: number[];
}

const CUSTOMER_FIELDS = ['id', 'documentId', 'name', 'company', 'segment', 'segmentReason', 'segmentManual', 'serviceContract', 'preferredChannel', 'createdAt', 'privacyState'];
const PURCHASE_FIELDS = ['purchaseDate', 'orderDate', 'deliveryDate'];
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value));
const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);

/**
 * Reads, for the given customers (all when `ids` is absent; erased customers are left out), the
 * facts the rules look at: units owned (as the cases record them, domain/customers/units), complaints
 * in an open state, the contract flag, the latest purchase and contact, the satisfaction scores.
 * Runs in the caller's transaction (`trx`), so an intake's hook sees the item it just wrote.
 */
export const readKnownCustomers = async (strapi: Core.Strapi, api: AfterSalesApiV1, trx: Knex, ids?: number[]): Promise<KnownCustomer[]> => {
  if (ids && !ids.length) return [];
  const customers = (await queryOf(strapi, CONTENT_TYPES.customer).findMany({
    select: CUSTOMER_FIELDS,
    where: { ...(ids ? { id: { $in: ids } } : {}), $or: [{ privacyState: { $null: true } }, { privacyState: { $ne: 'erased' } }] },
    orderBy: { id: 'asc' },
  })) as CustomerFields[];
  const known = new Map<number, KnownCustomer & { sightings: UnitSighting[] }>(
    customers.map((c) => [
      c.id,
      {
        id: c.id,
        documentId: c.documentId,
        name: c.name,
        company: c.company ?? null,
        segment: c.segment ?? null,
        segmentReason: c.segmentReason ?? null,
        segmentManual: !!c.segmentManual,
        serviceContract: !!c.serviceContract,
        preferredChannel: c.preferredChannel ?? null,
        createdAt: iso(c.createdAt) ?? new Date(0).toISOString(),
        units: 0,
        openComplaints: 0,
        lastPurchase: null,
        lastContact: null,
        scores: [],
        sightings: [],
      },
    ])
  );
  if (!known.size) return [];
  const customerIds = [...known.keys()];
  /** Each item of a customer, by content type and document id: whose it is. */
  const ownerOf = new Map<string, number>();

  for (const kind of api.itemKinds.list().filter((k) => k.customerField)) {
    const attributes = modelOf(strapi, kind.contentType)?.attributes ?? {};
    const field = kind.customerField!;
    const select = ['documentId', 'state', 'createdAt', 'batch', 'serialNumber', ...PURCHASE_FIELDS].filter((f) => f === 'documentId' || f === 'createdAt' || attributes[f]);
    const workflow = api.workflow.definition(kind.contentType);
    const done = new Set((workflow?.states ?? []).filter((s) => s.category === 'done').map((s) => s.id));
    for (let i = 0; i < customerIds.length; i += 500) {
      const rows = (await queryOf(strapi, kind.contentType).findMany({
        select,
        where: { [field]: { id: { $in: customerIds.slice(i, i + 500) } } },
        populate: { [field]: { select: ['id'] }, ...(attributes.product ? { product: { select: ['modelCode'] } } : {}) },
      })) as CustomerItemFields[];
      for (const row of rows) {
        const owner = row[field] as { id: number } | null | undefined;
        const customer = owner ? known.get(owner.id) : undefined;
        if (!customer) continue;
        ownerOf.set(`${kind.contentType}:${row.documentId}`, customer.id);
        customer.lastContact = later(customer.lastContact, iso(row.createdAt));
        const purchase = PURCHASE_FIELDS.map((f) => (row[f] ? String(row[f]).slice(0, 10) : null)).reduce(later, null);
        customer.lastPurchase = later(customer.lastPurchase, purchase);
        if (kind.id === 'complaint' && row.state && !done.has(row.state)) customer.openComplaints += 1;
        if (row.product?.modelCode) customer.sightings.push({ model: row.product.modelCode, batch: row.batch ?? null, serialNumber: row.serialNumber ?? null });
      }
    }
  }

  // Messages from the customer and answered surveys, on their items.
  // For a few customers (an intake, a transition) only their items are read; for all (the nightly run) every one.
  const documentIds = [...new Set([...ownerOf.keys()].map((key) => key.slice(key.indexOf(':') + 1)))];
  if (ids && !documentIds.length) return finish(known);
  const byItem = (query: Knex.QueryBuilder) => {
    query.whereIn(
      'content_type',
      api.itemKinds
        .list()
        .filter((k) => k.customerField)
        .map((k) => k.contentType)
    );
    return ids && documentIds.length <= 1000 ? query.whereIn('document_id', documentIds) : query;
  };
  for (const entry of await byItem(trx(TABLES.threadEntries).where({ entry_kind: 'message-in' }))
    .groupBy('content_type', 'document_id')
    .select('content_type', 'document_id')
    .max({ at: 'created_at' })) {
    const customer = known.get(ownerOf.get(`${entry.content_type}:${entry.document_id}`) as number);
    if (customer) customer.lastContact = later(customer.lastContact, iso(entry.at));
  }
  for (const survey of await byItem(trx(TABLES.surveys).whereNotNull('answered_at').whereNotNull('score'))
    .orderBy([{ column: 'answered_at' }, { column: 'id' }])
    .select('content_type', 'document_id', 'score')) {
    const customer = known.get(ownerOf.get(`${survey.content_type}:${survey.document_id}`) as number);
    if (customer) customer.scores.push(Number(survey.score));
  }

  return finish(known);
};

const finish = (known: Map<number, KnownCustomer & { sightings: UnitSighting[] }>): KnownCustomer[] =>
  [...known.values()].map(({ sightings, ...customer }) => ({ ...customer, units: ownedUnits(sightings).length }));
