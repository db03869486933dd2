import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPES, TABLES } from '../constants';
import { maskEmail, maskPhone } from '../domain/privacy/mask';
import { getService } from '../utils/get-service';
import { errors, HttpError } from '../utils/http-errors';
import { adminMay, adminMayReadCustomers, isSuperAdmin } from '../utils/admin-permissions';
import { staffActorName } from '../domain/staff/display-name';
import type { CustomerRecord } from '../domain/customers/customer-row';

type Field = 'phone' | 'email';
const FIELDS: Field[] = ['phone', 'email'];
const NORMALIZED: Record<Field, 'phoneNormalized' | 'emailNormalized'> = { phone: 'phoneNormalized', email: 'emailNormalized' };

/** A row of `after_sales_contact_proposals` as raw knex returns it (datetimes as ISO text). */
interface ProposalRow {
  id: number | string;
  customer_id: number;
  customer_document_id: string;
  field: string;
  value: string;
  value_normalized: string;
  source_reference: string | null;
  source_kind: string;
  state: string;
  created_at: string;
  decided_at: string | null;
  decided_by_kind: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
}

export interface ProposalActor {
  kind: string;
  id: string | number | null;
  name: string;
}

type AdminUser = { id: number; firstname?: string; lastname?: string; email?: string; roles?: { code: string }[] };

/**
 * Contact data proposed by an intake for a customer who is already known. An intake matched on a
 * phone number (or email) never writes the other value it brings onto the profile: anyone can type
 * a stranger's phone number, and the customer's notices, survey and tracking links would then go
 * to the stranger's address. The new value is kept here, *pending*, until a staff member who may
 * edit customers confirms it (it then replaces the profile's value) or rejects it; both decisions
 * are written to the customer's timeline (audit events), in the transaction of the change.
 */
const contactProposals = ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => getService(strapi, 'clock').now();
  const table = (trx?: Knex) => (trx ?? strapi.db.connection)(TABLES.contactProposals);

  const permissionsOf = async (user: AdminUser) => {
    if (await isSuperAdmin(strapi, user)) return null;
    return strapi.service('admin::permission').findUserPermissions(user) as Promise<{ action: string; subject?: string; properties?: { fields?: string[] } }[]>;
  };

  /** May this admin user change this contact field of customers (Content Manager update permission covering it)? */
  const mayEdit = async (user: AdminUser, field: Field) => {
    const permissions = await permissionsOf(user);
    if (permissions === null) return true;
    return permissions.some((p) => p.action === 'plugin::content-manager.explorer.update' && p.subject === CONTENT_TYPES.customer && (!p.properties?.fields || p.properties.fields.includes(field)));
  };

  const shape = (row: ProposalRow, full: boolean) => ({
    id: Number(row.id),
    customer: row.customer_document_id,
    field: row.field as Field,
    value: full ? row.value : row.field === 'phone' ? maskPhone(row.value) : maskEmail(row.value),
    sourceReference: row.source_reference ?? null,
    state: row.state as 'pending' | 'confirmed' | 'rejected',
    createdAt: row.created_at,
    decidedAt: row.decided_at ?? null,
    decidedBy: row.decided_by_name ?? null,
  });

  return {
    /**
     * Called by the intake inside its transaction, for a customer it matched: each phone or email
     * the intake gave that differs from the profile's becomes a pending proposal (once: the same
     * pending value is not proposed twice). The profile is not touched.
     */
    async proposeFromIntake(
      trx: Knex,
      customer: Pick<CustomerRecord, 'id' | 'documentId' | 'phoneNormalized' | 'emailNormalized'>,
      given: { phone?: string; phoneNormalized?: string; email?: string; emailNormalized?: string },
      source: { reference: string; kind: string },
      at: Date
    ) {
      for (const field of FIELDS) {
        const normalized = given[`${field}Normalized`];
        const value = given[field]?.trim();
        if (!normalized || !value || customer[NORMALIZED[field]] === normalized) continue;
        const pending = await table(trx).where({ customer_document_id: customer.documentId, field, value_normalized: normalized, state: 'pending' }).first('id');
        if (pending) continue;
        await table(trx).insert({
          customer_id: customer.id,
          customer_document_id: customer.documentId,
          field,
          value,
          value_normalized: normalized,
          source_reference: source.reference,
          source_kind: source.kind,
          state: 'pending',
          created_at: at.toISOString(),
        });
      }
    },

    /** Proposals of one customer (newest first), values masked unless the user may see contact data. */
    async list(customerDocumentId: string, user: AdminUser) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(customerDocumentId)) throw new errors.NotFoundError('No such customer');
      if (!(await adminMayReadCustomers(strapi, user))) throw new errors.ForbiddenError('You may not read customers');
      const full = await adminMay(strapi, user, 'privacy.view-contact-data');
      const rows: ProposalRow[] = await table().where({ customer_document_id: customerDocumentId }).orderBy('id', 'desc').limit(50);
      const may = { phone: await mayEdit(user, 'phone'), email: await mayEdit(user, 'email') };
      return rows.map((row) => ({ ...shape(row, full), mayDecide: row.state === 'pending' && may[row.field as Field] }));
    },

    /**
     * Confirms (the value replaces the profile's) or rejects a pending proposal, with an audit event
     * on the customer's timeline, all in one transaction. 409 when it was decided already or the
     * customer was erased.
     */
    async decide(id: number, decision: 'confirm' | 'reject', user: AdminUser) {
      if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw new errors.NotFoundError('No such proposal');
      const proposal = await table().where({ id }).first();
      if (!proposal) throw new errors.NotFoundError('No such proposal');
      if (!(await mayEdit(user, proposal.field))) throw new errors.ForbiddenError(`You may not change customers' ${proposal.field}`);
      const actor: ProposalActor = { kind: 'admin', id: user.id, name: staffActorName(user) };
      const at = now();
      return strapi.db.transaction(async ({ trx }) => {
        const decided = await table(trx)
          .where({ id, state: 'pending' })
          .update({
            state: decision === 'confirm' ? 'confirmed' : 'rejected',
            decided_at: at.toISOString(),
            decided_by_kind: actor.kind,
            decided_by_id: String(actor.id),
            decided_by_name: actor.name,
          });
        if (decided !== 1) throw new HttpError(409, 'This proposal was already decided');
        const customer = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { id: proposal.customer_id }, select: ['id', 'documentId', 'privacyState'] });
        if (!customer || customer.privacyState === 'erased') throw new HttpError(409, 'This customer no longer exists or was erased');
        if (decision === 'confirm') {
          const field = proposal.field as Field;
          await strapi.db.query(CONTENT_TYPES.customer).update({ where: { id: customer.id }, data: { [field]: proposal.value, [NORMALIZED[field]]: proposal.value_normalized, updatedAt: at } });
          // Other pending proposals of the same field are moot now.
          await table(trx)
            .where({ customer_document_id: proposal.customer_document_id, field, state: 'pending' })
            .update({ state: 'rejected', decided_at: at.toISOString(), decided_by_kind: actor.kind, decided_by_id: String(actor.id), decided_by_name: actor.name });
        }
        await getService(strapi, 'audit').append(
          {
            contentType: CONTENT_TYPES.customer,
            documentId: proposal.customer_document_id,
            reference: proposal.source_reference,
            action: decision === 'confirm' ? 'confirm-contact' : 'reject-contact',
            actor: { kind: actor.kind, id: String(actor.id), name: actor.name },
            note: `${proposal.field} proposed by ${proposal.source_reference ?? 'an intake'} ${decision === 'confirm' ? 'confirmed' : 'rejected'}`,
            changedFields: decision === 'confirm' ? [proposal.field] : [],
            at,
          },
          trx
        );
        const row = await table(trx).where({ id }).first();
        return { ...shape(row, false), mayDecide: false };
      });
    },

    /** Erasure: the customer's proposals go with the rest of their personal data (same transaction). */
    async eraseFor(trx: Knex, customerDocumentId: string) {
      await table(trx).where({ customer_document_id: customerDocumentId }).del();
    },
  };
};

export default contactProposals;
