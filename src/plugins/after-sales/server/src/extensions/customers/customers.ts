import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { duplicateGroups, type CustomerContactRow } from '../../domain/customers/duplicates';
import { mergePlan, refuseMerge } from '../../domain/customers/merge-plan';
import { CONTENT_TYPES, TABLES, contentTable, queryOf, errors, HttpError, invalidInput, refusal, type AfterSalesApiV1, type WorkflowCaller } from '../../extension-api';

const CUSTOMER = CONTENT_TYPES.customer;
/** A merge can be undone for this long; then the purge job drops its snapshot. */
export const MERGE_UNDO_DAYS = 30;
const DAY_MS = 86_400_000;
const MAX_GROUPS = 200;

export type Actor = { kind: string; id?: number | string | null; name: string };

/** One link table from an item kind to the customer, as the query layer made it. */
interface CustomerLink {
  uid: string;
  table: string;
  itemColumn: string;
  customerColumn: string;
}

/** Rows of the plugin's own tables that name a customer (by content type + document id, or by customer id). */
const BY_DOCUMENT = [
  { table: TABLES.auditEvents, typeColumn: 'content_type', idColumn: 'document_id' },
  { table: TABLES.outbox, typeColumn: 'content_type', idColumn: 'document_id' },
  { table: TABLES.threadEntries, typeColumn: 'content_type', idColumn: 'document_id' },
] as const;

/** A customer record as the query layer reads it in full (no `select`): the fields used here, and the rest. */
interface CustomerRecord extends Record<string, unknown> {
  id: number;
  documentId: string;
  version?: number | null;
}

/** A row of `after_sales_customer_merges` as raw knex returns it (`expires_at` is a bigint PostgreSQL returns as text). */
interface CustomerMergeRow {
  id: number | string;
  survivor_id: number;
  survivor_document_id: string;
  merged_id: number;
  merged_document_id: string;
  snapshot: string | null;
  actor_name: string | null;
  created_at: string;
  expires_at: number | string;
  undone_at: string | null;
}

/** A row of `after_sales_contact_issues` as the list of unreadable contact data selects it. */
interface ContactIssueRow {
  customer_document_id: string;
  field: string;
  problem: string;
  created_at: string;
}

/** A relation attribute of a content type's schema, as far as finding links to the customer needs it. */
interface RelationAttribute {
  type?: string;
  target?: string;
  mappedBy?: string;
  relation?: string;
}

/** The numeric ids of rows selected with their `id` (PostgreSQL may return them as text). */
const idsOf = (rows: { id: number | string }[]) => rows.map((r) => Number(r.id));

interface MergeSnapshot {
  /** The merged customer's row as stored (column names), re-inserted by an undo. */
  merged: Record<string, unknown>;
  /** The survivor's fields the merge changed, as they were. */
  survivorBefore: Record<string, unknown>;
  links: { table: string; itemColumn: string; customerColumn: string; itemIds: number[] }[];
  rows: { table: string; ids: number[] }[];
  proposals: number[];
  issues: number[];
  /** Loyalty (NPS) invitations moved (absent in snapshots taken before they moved). */
  nps?: number[];
  /** Units imported for field actions, and units of field actions (recalls), moved (absent in older snapshots). */
  importedUnits?: number[];
  fieldActionUnits?: number[];
  /** Beta-test invitations (with their answers) moved (absent in older snapshots). */
  beta?: number[];
}

/**
 * One customer record per person: records sharing a phone or email, their merge (everything
 * attached to the merged record moves to the survivor, in one transaction, audited, undoable for
 * 30 days) and the customer page (everything about one customer, under the contact-data rules).
 */
export const customersService = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const customerTable = () => contentTable(strapi, CUSTOMER).tableName;

  const linkOf = (uid: string, field: string): CustomerLink[] => {
    const joinTable = contentTable(strapi, uid).attributes[field]?.joinTable;
    if (!joinTable || joinTable.on) return [];
    return [{ uid, table: joinTable.name, itemColumn: joinTable.joinColumn.name, customerColumn: joinTable.inverseJoinColumn.name }];
  };
  /** The work items' links to their customer (what the duplicates list counts). */
  const links = (): CustomerLink[] =>
    api.itemKinds
      .list()
      .filter((kind) => kind.customerField)
      .flatMap((kind) => linkOf(kind.contentType, kind.customerField!));
  /**
   * Every other content type's own link to a customer (a care plan made for one customer, and what
   * later extensions add): a merge moves these too, or deleting the merged record would cut them loose.
   */
  const otherLinks = (): CustomerLink[] => {
    const items = new Set(links().map((l) => l.table));
    return Object.entries(strapi.contentTypes)
      .filter(([uid]) => uid !== CUSTOMER)
      .flatMap(([uid, schema]) =>
        Object.entries((schema.attributes ?? {}) as Record<string, RelationAttribute>)
          .filter(([, a]) => a.type === 'relation' && a.target === CUSTOMER && !a.mappedBy && (a.relation === 'manyToOne' || a.relation === 'oneToOne'))
          .flatMap(([field]) => linkOf(uid, field))
      )
      .filter((l) => !items.has(l.table));
  };

  const findCustomer = async (documentId: unknown, field: string) => {
    if (typeof documentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) throw invalidInput([{ path: [field], message: 'must be a customer document id' }]);
    const customer = (await queryOf(strapi, CUSTOMER).findOne({ where: { documentId } })) as CustomerRecord | null;
    if (!customer) throw invalidInput([{ path: [field], message: `no customer "${documentId}"` }]);
    return customer;
  };

  const service = {
    /** Groups of customer records that share a phone number or an email address, each as the caller may read them. */
    async duplicates(access: unknown) {
      const table = customerTable();
      const sharedValues = (column: string) => knex()(table).whereNotNull(column).groupBy(column).havingRaw('count(*) > 1').select(column);
      const rows: CustomerContactRow[] = (
        await knex()(table)
          .whereIn('phone_normalized', sharedValues('phone_normalized'))
          .orWhereIn('email_normalized', sharedValues('email_normalized'))
          .orderBy('id')
          .select('id', 'document_id', 'phone_normalized', 'email_normalized')
      ).map((r: { id: number | string; document_id: string; phone_normalized: string | null; email_normalized: string | null }) => ({
        id: Number(r.id),
        documentId: r.document_id,
        phoneNormalized: r.phone_normalized,
        emailNormalized: r.email_normalized,
      }));
      const groups = duplicateGroups(rows).slice(0, MAX_GROUPS);
      const documentIds = groups.flatMap((g) => g.documentIds);
      const customers = documentIds.length ? ((await queryOf(strapi, CUSTOMER).findMany({ where: { documentId: { $in: documentIds } } })) as CustomerRecord[]) : [];
      const counts = await service.itemCounts(customers.map((c) => c.id));
      const byDocument = new Map(customers.map((c) => [c.documentId, c]));
      return groups.map((group) => ({
        sharedBy: group.sharedBy,
        customers: group.documentIds.map((documentId) => {
          const c = byDocument.get(documentId) as CustomerRecord;
          return { ...summary(api.contactData.guard(c, access)), items: counts.get(c.id) ?? 0 };
        }),
      }));
    },

    async itemCounts(customerIds: number[]) {
      const counts = new Map<number, number>();
      if (!customerIds.length) return counts;
      for (const link of links()) {
        const rows = await knex()(link.table).whereIn(link.customerColumn, customerIds).groupBy(link.customerColumn).select(link.customerColumn).count({ n: '*' });
        for (const row of rows as Record<string, number | string>[]) counts.set(Number(row[link.customerColumn]), (counts.get(Number(row[link.customerColumn])) ?? 0) + Number(row.n));
      }
      return counts;
    },

    /** Moves everything of `mergedId` to `survivorId` and deletes the merged record; the merge's id. */
    async merge(survivorDocumentId: unknown, mergedDocumentId: unknown, actor: Actor) {
      return strapi.db.transaction(async ({ trx }) => {
        const survivor = await findCustomer(survivorDocumentId, 'survivor');
        const merged = await findCustomer(mergedDocumentId, 'merged');
        const refused = refuseMerge(survivor, merged);
        if (refused)
          throw refusal(refused.code === 'same-customer' ? 400 : 409, refused.code, `${refused.field}: ${refused.message}`, { errors: [{ path: [refused.field], message: refused.message }] });
        const now = api.clock.now();
        const snapshot: MergeSnapshot = { merged: await trx(customerTable()).where({ id: merged.id }).first(), survivorBefore: {}, links: [], rows: [], proposals: [], issues: [] };

        let related = 0;
        for (const link of [...links(), ...otherLinks()]) {
          const itemIds = (await trx(link.table).where(link.customerColumn, merged.id).select(link.itemColumn)).map((r: Record<string, number | string>) => Number(r[link.itemColumn]));
          if (!itemIds.length) continue;
          await trx(link.table)
            .where(link.customerColumn, merged.id)
            .update({ [link.customerColumn]: survivor.id });
          snapshot.links.push({ table: link.table, itemColumn: link.itemColumn, customerColumn: link.customerColumn, itemIds });
          if (!links().some((l) => l.table === link.table)) related += itemIds.length;
        }
        for (const source of BY_DOCUMENT) {
          const where = { [source.typeColumn]: CUSTOMER, [source.idColumn]: merged.documentId };
          const ids = idsOf(await trx(source.table).where(where).select('id'));
          if (!ids.length) continue;
          await trx(source.table)
            .whereIn('id', ids)
            .update({ [source.idColumn]: survivor.documentId });
          snapshot.rows.push({ table: source.table, ids });
        }
        snapshot.proposals = idsOf(await trx(TABLES.contactProposals).where({ customer_id: merged.id }).select('id'));
        if (snapshot.proposals.length) await trx(TABLES.contactProposals).whereIn('id', snapshot.proposals).update({ customer_id: survivor.id, customer_document_id: survivor.documentId });
        snapshot.issues = idsOf(await trx(TABLES.contactIssues).where({ customer_id: merged.id }).select('id'));
        if (snapshot.issues.length) await trx(TABLES.contactIssues).whereIn('id', snapshot.issues).update({ customer_id: survivor.id, customer_document_id: survivor.documentId });
        // Loyalty answers (NPS invitations, one per customer and campaign): a campaign the survivor was
        // invited to as well keeps the merged record's invitation where it is (one answer per person and campaign).
        if (await trx.schema.hasTable(TABLES.npsInvitations)) {
          const survivorCampaigns = trx(TABLES.npsInvitations).where({ customer_document_id: survivor.documentId }).select('campaign_id');
          const nps = idsOf(await trx(TABLES.npsInvitations).where({ customer_document_id: merged.documentId }).whereNotIn('campaign_id', survivorCampaigns).select('id'));
          if (nps.length) await trx(TABLES.npsInvitations).whereIn('id', nps).update({ customer_document_id: survivor.documentId });
          snapshot.nps = nps;
        }
        // Beta-test invitations and the answers on them, by the same rule: one invitation per person and
        // test, so a test that invited both records keeps the merged record's invitation where it is.
        if (await trx.schema.hasTable(TABLES.betaInvitations)) {
          const survivorTests = trx(TABLES.betaInvitations).where({ customer_document_id: survivor.documentId }).select('beta_test_id');
          const beta = idsOf(await trx(TABLES.betaInvitations).where({ customer_document_id: merged.documentId }).whereNotIn('beta_test_id', survivorTests).select('id'));
          if (beta.length) await trx(TABLES.betaInvitations).whereIn('id', beta).update({ customer_document_id: survivor.documentId });
          snapshot.beta = beta;
        }
        // The units they own (imported for field actions: a unit the survivor has too stays where it is) and their units in field actions (recalls).
        if (await trx.schema.hasTable(TABLES.importedUnits)) {
          const unitOf = (r: { model: string; batch: string | null; serial_number: string | null }) => JSON.stringify([r.model, r.batch, r.serial_number]);
          const owned = new Set((await trx(TABLES.importedUnits).where({ customer_document_id: survivor.documentId }).select('model', 'batch', 'serial_number')).map(unitOf));
          const units = (await trx(TABLES.importedUnits).where({ customer_document_id: merged.documentId }).select('id', 'model', 'batch', 'serial_number'))
            .filter((r: { id: number | string; model: string; batch: string | null; serial_number: string | null }) => !owned.has(unitOf(r)))
            .map((r: { id: number | string }) => Number(r.id));
          if (units.length) await trx(TABLES.importedUnits).whereIn('id', units).update({ customer_document_id: survivor.documentId });
          snapshot.importedUnits = units;
        }
        if (await trx.schema.hasTable(TABLES.fieldActionUnits)) {
          const units = idsOf(await trx(TABLES.fieldActionUnits).where({ customer_document_id: merged.documentId }).select('id'));
          if (units.length) await trx(TABLES.fieldActionUnits).whereIn('id', units).update({ customer_document_id: survivor.documentId });
          snapshot.fieldActionUnits = units;
        }

        const { changes, previous } = mergePlan(survivor, merged);
        snapshot.survivorBefore = previous;
        await trx(customerTable()).where({ id: merged.id }).delete();
        await queryOf(strapi, CUSTOMER).update({ where: { id: survivor.id }, data: { ...changes, version: Number(survivor.version ?? 1) + 1, updatedAt: now } });

        const [row] = await trx(TABLES.customerMerges)
          .insert({
            survivor_id: survivor.id,
            survivor_document_id: survivor.documentId,
            merged_id: merged.id,
            merged_document_id: merged.documentId,
            snapshot: JSON.stringify(snapshot),
            actor_kind: actor.kind.slice(0, 20),
            actor_id: actor.id === null || actor.id === undefined ? null : String(actor.id),
            actor_name: actor.name.slice(0, 200),
            created_at: now.toISOString(),
            expires_at: now.getTime() + MERGE_UNDO_DAYS * DAY_MS,
          })
          .returning('id');
        const mergeId = Number(typeof row === 'object' ? row.id : row);
        const moved = {
          items: snapshot.links.reduce((n, l) => n + l.itemIds.length, 0) - related,
          related,
          records: snapshot.rows.reduce((n, r) => n + r.ids.length, 0),
          proposals: snapshot.proposals.length,
          nps: snapshot.nps?.length ?? 0,
          beta: snapshot.beta?.length ?? 0,
          units: (snapshot.importedUnits?.length ?? 0) + (snapshot.fieldActionUnits?.length ?? 0),
        };
        await api.audit.append(
          { action: 'customer.merge', contentType: CUSTOMER, documentId: survivor.documentId, actor, details: { merge: mergeId, merged: merged.documentId, moved, filled: Object.keys(changes) } },
          trx
        );
        return { id: mergeId, survivor: survivor.documentId, merged: merged.documentId, moved, undoUntil: new Date(now.getTime() + MERGE_UNDO_DAYS * DAY_MS).toISOString() };
      });
    },

    /** Puts the merged record back with what moved (items moved on since stay where they are now). */
    async undo(mergeId: unknown, actor: Actor) {
      const id = Number(mergeId);
      if (!Number.isInteger(id) || id < 1) throw new errors.NotFoundError('No such merge', { code: 'not-found' });
      return strapi.db.transaction(async ({ trx }) => {
        const merge = (await trx(TABLES.customerMerges).where({ id }).forUpdate().first()) as CustomerMergeRow | undefined;
        if (!merge) throw new errors.NotFoundError('No such merge', { code: 'not-found' });
        if (merge.undone_at) throw new HttpError(409, 'This merge was undone already', { code: 'merge-undone' });
        if (!merge.snapshot) throw new HttpError(409, `This merge is older than ${MERGE_UNDO_DAYS} days; it can no longer be undone`, { code: 'merge-expired' });
        const survivor = (await queryOf(strapi, CUSTOMER).findOne({ where: { id: merge.survivor_id } })) as CustomerRecord | null;
        if (!survivor) throw new HttpError(409, 'The surviving customer no longer exists', { code: 'merge-survivor-gone' });
        const snapshot = JSON.parse(merge.snapshot) as MergeSnapshot;
        const now = api.clock.now();
        await trx(customerTable()).insert(snapshot.merged);
        for (const link of snapshot.links) {
          for (let i = 0; i < link.itemIds.length; i += 500) {
            await trx(link.table)
              .whereIn(link.itemColumn, link.itemIds.slice(i, i + 500))
              .where(link.customerColumn, merge.survivor_id)
              .update({ [link.customerColumn]: merge.merged_id });
          }
        }
        for (const rows of snapshot.rows) {
          const source = BY_DOCUMENT.find((s) => s.table === rows.table);
          if (source)
            await trx(rows.table)
              .whereIn('id', rows.ids)
              .update({ [source.idColumn]: merge.merged_document_id });
        }
        if (snapshot.proposals.length) await trx(TABLES.contactProposals).whereIn('id', snapshot.proposals).update({ customer_id: merge.merged_id, customer_document_id: merge.merged_document_id });
        if (snapshot.issues.length) await trx(TABLES.contactIssues).whereIn('id', snapshot.issues).update({ customer_id: merge.merged_id, customer_document_id: merge.merged_document_id });
        if (snapshot.nps?.length) await trx(TABLES.npsInvitations).whereIn('id', snapshot.nps).update({ customer_document_id: merge.merged_document_id });
        if (snapshot.beta?.length) await trx(TABLES.betaInvitations).whereIn('id', snapshot.beta).update({ customer_document_id: merge.merged_document_id });
        if (snapshot.importedUnits?.length) await trx(TABLES.importedUnits).whereIn('id', snapshot.importedUnits).update({ customer_document_id: merge.merged_document_id });
        if (snapshot.fieldActionUnits?.length) await trx(TABLES.fieldActionUnits).whereIn('id', snapshot.fieldActionUnits).update({ customer_document_id: merge.merged_document_id });
        await queryOf(strapi, CUSTOMER).update({ where: { id: survivor.id }, data: { ...snapshot.survivorBefore, version: Number(survivor.version ?? 1) + 1, updatedAt: now } });
        await trx(TABLES.customerMerges).where({ id }).update({ undone_at: now.toISOString(), snapshot: null });
        await api.audit.append(
          { action: 'customer.merge-undone', contentType: CUSTOMER, documentId: merge.survivor_document_id, actor, details: { merge: id, restored: merge.merged_document_id } },
          trx
        );
        await api.audit.append({ action: 'customer.merge-undone', contentType: CUSTOMER, documentId: merge.merged_document_id, actor, details: { merge: id, from: merge.survivor_document_id } }, trx);
        return { id, survivor: merge.survivor_document_id, restored: merge.merged_document_id };
      });
    },

    /** Merges, newest first (of one customer, as survivor or merged, when given). */
    async merges(customerDocumentId?: string) {
      const query = knex()(TABLES.customerMerges).orderBy('id', 'desc').limit(200);
      if (customerDocumentId) query.where((q) => q.where({ survivor_document_id: customerDocumentId }).orWhere({ merged_document_id: customerDocumentId }));
      const now = api.clock.now().getTime();
      return (await query.select('id', 'survivor_document_id', 'merged_document_id', 'actor_name', 'created_at', 'expires_at', 'undone_at', knex().raw('snapshot is not null as has_snapshot'))).map(
        (r: Omit<CustomerMergeRow, 'snapshot'> & { has_snapshot: number | boolean | string }) => ({
          id: Number(r.id),
          survivor: r.survivor_document_id,
          merged: r.merged_document_id,
          by: r.actor_name,
          at: r.created_at,
          undoUntil: new Date(Number(r.expires_at)).toISOString(),
          undoneAt: r.undone_at ?? null,
          undoable: !r.undone_at && !!Number(r.has_snapshot) && Number(r.expires_at) > now,
        })
      );
    },

    /** Drops the snapshots of merges older than 30 days (they can no longer be undone). */
    async purgeSnapshots(now: Date, trx?: Knex) {
      const purged = await (trx ?? knex())(TABLES.customerMerges).whereNotNull('snapshot').where('expires_at', '<=', now.getTime()).update({ snapshot: null });
      return { purged };
    },

    /** Stored phones and emails that could not be read (backfill 0250), for staff to correct. */
    async contactIssues(access: unknown) {
      const rows = (await knex()(TABLES.contactIssues).orderBy('id').limit(500).select('customer_document_id', 'field', 'problem', 'created_at')) as ContactIssueRow[];
      const ids = [...new Set(rows.map((r) => r.customer_document_id))];
      const customers = ids.length ? ((await queryOf(strapi, CUSTOMER).findMany({ where: { documentId: { $in: ids } } })) as CustomerRecord[]) : [];
      const byDocument = new Map(customers.map((c) => [c.documentId, summary(api.contactData.guard(c, access))]));
      return rows.filter((r) => byDocument.has(r.customer_document_id)).map((r) => ({ customer: byDocument.get(r.customer_document_id), field: r.field, problem: r.problem, since: r.created_at }));
    },
  };
  return service;
};

/** What lists show of a customer (after the contact-data guard). */
export const summary = (c: Record<string, unknown>) => {
  const out: Record<string, unknown> = { documentId: c.documentId, name: c.name, company: c.company ?? null, createdAt: c.createdAt, privacyState: c.privacyState ?? 'active' };
  for (const field of ['phone', 'email']) if (field in c) out[field] = c[field] ?? null;
  return out;
};

export type CustomersService = ReturnType<typeof customersService>;
export type { WorkflowCaller };
