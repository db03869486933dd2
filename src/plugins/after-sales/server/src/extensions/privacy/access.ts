import type { Knex } from 'knex';
import { maskEmail, maskPhone } from '../../domain/privacy/mask';
import type { AnsweredSurveyRow } from '../../domain/messages/survey-row';
import type { AnsweredNpsInvitationRow } from '../../domain/loyalty/nps-invitation-row';
import type { OutboxRow } from '../../domain/messages/outbox-row';
import type { ThreadRow } from '../../domain/conversation/thread-row';
import type { AuditEventRow } from '../../domain/audit/audit-event-row';
import { type PrivacyBase, CONTACT_FIELDS, type AccessEntry } from './shared';
import { CONTENT_TYPES, PRIVACY, TABLES, adminMay, queryOf, HttpError, invalidInput, type AdminUserRef } from '../../extension-api';

/** A datetime as a plugin table gives it back (text, epoch ms, or a Date on PostgreSQL). */
type DbTime = string | number | Date;
/** The columns an export reads of the outbox, the conversation, the units, beta answers and the audit. */
type OutboxExportRow = Pick<
  OutboxRow,
  'content_type' | 'document_id' | 'reference' | 'template_key' | 'channel' | 'locale' | 'recipient' | 'subject' | 'body_text' | 'status' | 'created_at' | 'sent_at'
>;
type ThreadExportRow = Pick<ThreadRow, 'content_type' | 'document_id' | 'reference' | 'entry_kind' | 'visibility' | 'channel' | 'author_kind' | 'body_text' | 'attachments' | 'created_at'>;
interface ImportedUnitExportRow {
  model: string;
  batch: string | null;
  serial_number: string | null;
  imported_at: DbTime;
}
interface RecalledUnitExportRow {
  model: string;
  batch: string | null;
  serial_number: string | null;
  service_record_reference: string | null;
  notified_channel: string | null;
  outcome: string | null;
  outcome_at: DbTime | null;
  created_at: DbTime;
}
interface BetaAnswerExportRow {
  beta_test_id: number | string;
  answers: unknown;
  answered_at: DbTime;
}
type HistoryExportRow = Pick<AuditEventRow, 'content_type' | 'document_id' | 'reference' | 'action' | 'from_state' | 'to_state' | 'created_at'>;
/** One entry of the access audit. */
interface AccessAuditRow {
  id: number | string;
  created_at: DbTime;
  action: string;
  customer_document_id: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  reason: string;
  fields: string | null;
}

/**
 * Access to a customer's contact data: who may see or reveal it, masking for staff, the privacy
 * panel's summary, reveal and export with a reason (both written to the append-only access audit),
 * and reading that audit.
 */
export const accessService = (base: PrivacyBase) => {
  const { strapi, knex, now, findCustomer, record, withTransaction, itemTypes } = base;
  const service = {
    /** Whether an admin user holds one of the plugin's admin actions (super admins hold all). */
    adminMay: (user: AdminUserRef | undefined, action: string) => adminMay(strapi, user, action),

    /** Whether an admin user may reveal contact data: *View contact data*, or *Reveal* for the roles that call customers. */
    async adminMayReveal(user: AdminUserRef | undefined): Promise<boolean> {
      return (await service.adminMay(user, PRIVACY.viewContactData)) || (await service.adminMay(user, PRIVACY.reveal));
    },

    /** What the privacy panel shows without a reveal. */
    async summary(documentId: string, user: { id: number; roles?: { code: string }[] }) {
      const customer = await findCustomer(documentId);
      const [reveal, exportData, erase, audit] = await Promise.all([service.adminMayReveal(user), ...['privacy.export', 'privacy.erase', 'privacy.audit.read'].map((a) => service.adminMay(user, a))]);
      const items: Record<string, number> = {};
      for (const uid of itemTypes()) items[uid] = await queryOf(strapi, uid).count({ where: { customer: { id: customer.id } } });
      return {
        documentId,
        name: customer.name,
        phone: maskPhone(customer.phone),
        email: maskEmail(customer.email),
        hasWechat: !!customer.wechat,
        hasAddress: !!customer.address,
        privacyState: customer.privacyState ?? 'active',
        anonymisedAt: customer.anonymisedAt ? new Date(customer.anonymisedAt).toISOString() : null,
        version: customer.version,
        items: { feedback: items[CONTENT_TYPES.feedback], complaints: items[CONTENT_TYPES.complaint], serviceRecords: items[CONTENT_TYPES.serviceRecord] },
        may: { reveal, export: exportData, erase, readAudit: audit },
      };
    },

    /** The full contact data, for a caller holding the permission, with the reason audited in the same transaction. */
    async reveal(documentId: string, reason: string, actor: AccessEntry['actor']) {
      return withTransaction(async (trx) => {
        const customer = await findCustomer(documentId);
        if (customer.privacyState === 'erased') throw new HttpError(409, 'This customer was erased; there is no contact data to reveal');
        const contact = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, customer[f] ?? null]));
        await record(trx, { action: 'reveal', customerDocumentId: documentId, actor, reason, fields: CONTACT_FIELDS.filter((f) => customer[f]), at: now() });
        return { documentId, name: customer.name, ...contact };
      });
    },

    /**
     * Everything held about one customer ("what do you hold about me"): profile, items, messages,
     * survey answers, audit events of their items. Recorded in the access audit.
     */
    async exportCustomer(documentId: string, reason: string, actor: AccessEntry['actor']) {
      return withTransaction(async (trx) => {
        const customer = await findCustomer(documentId);
        const items: Record<string, Record<string, unknown>[]> = {};
        const documents: { uid: string; documentId: string }[] = [];
        const keys: Record<string, string> = { [CONTENT_TYPES.feedback]: 'feedback', [CONTENT_TYPES.complaint]: 'complaints', [CONTENT_TYPES.serviceRecord]: 'serviceRecords' };
        for (const uid of itemTypes()) {
          const populate: Record<string, unknown> = { product: { select: ['modelCode', 'name'] }, department: { select: ['code', 'name'] } };
          if (uid === CONTENT_TYPES.complaint) Object.assign(populate, { approvals: true, evidence: { select: ['name', 'url', 'mime'] } });
          if (uid === CONTENT_TYPES.serviceRecord) populate.customerSignature = { select: ['name', 'url', 'mime'] };
          const rows: ({ documentId: string } & Record<string, unknown>)[] = await queryOf(strapi, uid).findMany({ where: { customer: { id: customer.id } }, populate, orderBy: { id: 'asc' } });
          items[keys[uid]] = rows.map(({ id, trackingTokenHash, slaPausedAt, ...rest }) => rest);
          for (const row of rows) documents.push({ uid, documentId: row.documentId });
        }
        const byDocument = (query: Knex.QueryBuilder) =>
          documents.length ? query.where((q) => documents.forEach((d) => q.orWhere({ content_type: d.uid, document_id: d.documentId }))) : query.whereRaw('1 = 0');
        const messages: OutboxExportRow[] = await byDocument(
          trx(TABLES.outbox).select('content_type', 'document_id', 'reference', 'template_key', 'channel', 'locale', 'recipient', 'subject', 'body_text', 'status', 'created_at', 'sent_at')
        ).orderBy('id');
        const surveys = await byDocument(trx(TABLES.surveys).select('content_type', 'document_id', 'reference', 'score', 'comment', 'answered_at', 'created_at').whereNotNull('answered_at')).orderBy(
          'id'
        );
        const loyalty = (await trx.schema.hasTable(TABLES.npsInvitations))
          ? await trx(TABLES.npsInvitations).where({ customer_document_id: customer.documentId }).whereNotNull('answered_at').select('campaign_id', 'score', 'comment', 'answered_at').orderBy('id')
          : [];
        const beta: BetaAnswerExportRow[] = (await trx.schema.hasTable(TABLES.betaInvitations))
          ? await trx(TABLES.betaInvitations).where({ customer_document_id: customer.documentId }).whereNotNull('answered_at').select('beta_test_id', 'answers', 'answered_at').orderBy('id')
          : [];
        // The units they own (imported for field actions) and their units in field actions (recalls).
        const units: ImportedUnitExportRow[] = (await trx.schema.hasTable(TABLES.importedUnits))
          ? await trx(TABLES.importedUnits).where({ customer_document_id: customer.documentId }).select('model', 'batch', 'serial_number', 'imported_at').orderBy('id')
          : [];
        const recalled: RecalledUnitExportRow[] = (await trx.schema.hasTable(TABLES.fieldActionUnits))
          ? await trx(TABLES.fieldActionUnits)
              .where({ customer_document_id: customer.documentId })
              .select('model', 'batch', 'serial_number', 'service_record_reference', 'notified_channel', 'outcome', 'outcome_at', 'created_at')
              .orderBy('id')
          : [];
        const conversation: ThreadExportRow[] = await byDocument(
          trx(TABLES.threadEntries).select('content_type', 'document_id', 'reference', 'entry_kind', 'visibility', 'channel', 'author_kind', 'body_text', 'attachments', 'created_at')
        ).orderBy('id');
        const history: HistoryExportRow[] = await byDocument(trx(TABLES.auditEvents).select('content_type', 'document_id', 'reference', 'action', 'from_state', 'to_state', 'created_at')).orderBy(
          'id'
        );
        const { id, phoneNormalized, emailNormalized, feedbacks, complaints, serviceRecords, ...profile } = customer;
        const exportedAt = now();
        await record(trx, {
          action: 'export',
          customerDocumentId: documentId,
          actor,
          reason,
          fields: ['profile', 'contact', 'items', 'units', 'messages', 'conversation', 'surveys', 'history'],
          at: exportedAt,
        });
        return {
          format: 'after-sales.customer-export/1',
          exportedAt: exportedAt.toISOString(),
          exportedBy: actor.name,
          customer: profile,
          ...items,
          messages: messages.map((m) => ({
            contentType: m.content_type,
            documentId: m.document_id,
            reference: m.reference,
            template: m.template_key,
            channel: m.channel,
            locale: m.locale,
            recipient: m.recipient,
            subject: m.subject,
            body: m.body_text,
            status: m.status,
            createdAt: m.created_at,
            sentAt: m.sent_at,
          })),
          // The conversation of their items: what they wrote, the replies and staff's internal notes (staff are named by role, not by name).
          conversation: conversation.map((c) => ({
            contentType: c.content_type,
            documentId: c.document_id,
            reference: c.reference,
            kind: c.entry_kind,
            visibility: c.visibility,
            channel: c.channel,
            author: c.author_kind,
            body: c.body_text,
            attachments: c.attachments ? (JSON.parse(c.attachments) as { name: string; mime: string; size: number }[]).map(({ name, mime, size }) => ({ name, mime, size })) : [],
            at: c.created_at,
          })),
          surveyAnswers: surveys.map((s: Omit<AnsweredSurveyRow, 'id' | 'token_hash' | 'locale' | 'expires_at'>) => ({
            contentType: s.content_type,
            documentId: s.document_id,
            reference: s.reference,
            score: s.score,
            comment: s.comment,
            answeredAt: s.answered_at,
          })),
          loyaltyAnswers: loyalty.map((l: Pick<AnsweredNpsInvitationRow, 'campaign_id' | 'score' | 'comment' | 'answered_at'>) => ({
            campaign: Number(l.campaign_id),
            score: l.score === null ? null : Number(l.score),
            comment: l.comment,
            answeredAt: l.answered_at,
          })),
          importedUnits: units.map((u) => ({ model: u.model, batch: u.batch || null, serialNumber: u.serial_number || null, importedAt: u.imported_at })),
          fieldActionUnits: recalled.map((u) => ({
            model: u.model,
            batch: u.batch ?? null,
            serialNumber: u.serial_number ?? null,
            serviceRecord: u.service_record_reference,
            notifiedBy: u.notified_channel,
            outcome: u.outcome,
            outcomeAt: u.outcome_at,
            at: u.created_at,
          })),
          betaTestAnswers: beta.map((b) => ({ betaTest: Number(b.beta_test_id), answers: typeof b.answers === 'string' ? JSON.parse(b.answers) : b.answers, answeredAt: b.answered_at })),
          history: history.map((h) => ({
            contentType: h.content_type,
            documentId: h.document_id,
            reference: h.reference,
            action: h.action,
            from: h.from_state,
            to: h.to_state,
            at: new Date(h.created_at).toISOString(),
          })),
        };
      });
    },

    /** The access audit, newest first, filtered by customer, action or actor. */
    async audit(query: Record<string, unknown>) {
      const allowed = new Set(['customer', 'action', 'actor', 'page', 'pageSize']);
      const errors = Object.keys(query)
        .filter((k) => !allowed.has(k))
        .map((k) => ({ path: [k], message: 'is not a known parameter' }));
      const text = (name: string) => (typeof query[name] === 'string' && (query[name] as string).length <= 100 ? (query[name] as string) : undefined);
      if (query.action !== undefined && !['reveal', 'export', 'erase'].includes(String(query.action))) errors.push({ path: ['action'], message: 'must be reveal, export or erase' });
      const page = Number(query.page ?? 1);
      const pageSize = Number(query.pageSize ?? 50);
      if (!Number.isInteger(page) || page < 1) errors.push({ path: ['page'], message: 'must be a whole number from 1' });
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) errors.push({ path: ['pageSize'], message: 'must be a whole number from 1 to 200' });
      if (errors.length) throw invalidInput(errors);
      const filter = (q: Knex.QueryBuilder) => {
        if (text('customer')) q.where('customer_document_id', text('customer'));
        if (text('action')) q.where('action', text('action'));
        if (text('actor')) q.where('actor_id', text('actor'));
        return q;
      };
      const [rows, [{ count }]]: [AccessAuditRow[], { count: number | string }[]] = await Promise.all([
        filter(knex()(TABLES.privacyAudit))
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        filter(knex()(TABLES.privacyAudit)).count({ count: '*' }),
      ]);
      return {
        data: rows.map((r) => ({
          id: Number(r.id),
          at: new Date(r.created_at).toISOString(),
          action: r.action,
          customer: r.customer_document_id,
          actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
          reason: r.reason,
          fields: JSON.parse(r.fields ?? '[]'),
        })),
        meta: { pagination: { page, pageSize, total: Number(count), pageCount: Math.ceil(Number(count) / pageSize) } },
      };
    },
  };
  return service;
};
